import type { BrokerLog } from '../types';

export const EXTERNAL_LOG_UNAVAILABLE =
  "the harness cannot read an external broker's log (on Amazon MQ it is in CloudWatch Logs)";

/**
 * The log of a broker the harness cannot read: it stays empty, and `waitFor` answers at once, because no
 * line will ever arrive and waiting would only slow every silent case down.
 */
export class UnavailableBrokerLog implements BrokerLog {
  readonly unavailableReason: string;

  constructor(reason: string = EXTERNAL_LOG_UNAVAILABLE) {
    this.unavailableReason = reason;
  }

  lines(): string[] {
    return [];
  }

  mark(): number {
    return 0;
  }

  since(): string[] {
    return [];
  }

  waitFor(): Promise<string | null> {
    return Promise.resolve(null);
  }
}
