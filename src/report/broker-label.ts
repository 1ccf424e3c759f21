import type { RunResult } from '../check/run-result';

/** "ActiveMQ 5.18.7", or what is known of it, side by side with the engine in every report. */
export function brokerLabel(r: RunResult['runtime']): string {
  if (r.brokerVersion) return `ActiveMQ ${r.brokerVersion}`;
  if (r.requestedBrokerVersion) return `ActiveMQ ${r.requestedBrokerVersion} (as asked; it did not say)`;
  return 'a broker of unknown version';
}
