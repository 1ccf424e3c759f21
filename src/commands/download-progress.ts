/**
 * What a first run downloads, on the terminal: one line that fills in place on a TTY, a line when it
 * starts and one when it is done elsewhere (CI logs), so nobody wonders why the first run takes longer.
 */
import type { DistributionEvent } from '../broker/distribution/ensure-distribution';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function distributionProgress(
  write: (text: string) => void,
  tty: boolean,
): (event: DistributionEvent) => void {
  let lastPercent = -1;
  return (event) => {
    switch (event.kind) {
      case 'download-start':
        lastPercent = -1;
        write(
          `downloading ActiveMQ ${event.version} (${event.files} file${event.files === 1 ? '' : 's'}${event.bytes ? `, ${mb(event.bytes)}` : ''}) from ${event.from}\n`,
        );
        break;
      case 'download-progress': {
        if (!tty) return;
        const percent = event.total ? Math.floor((event.received / event.total) * 100) : -1;
        if (percent === lastPercent && percent >= 0) return;
        lastPercent = percent;
        const share = event.total ? `${percent}% of ${mb(event.total)}` : mb(event.received);
        write(`\r  ActiveMQ ${event.version}: ${share}\x1b[K`);
        break;
      }
      case 'download-done':
        write(
          `${tty ? '\r\x1b[K' : ''}ActiveMQ ${event.version}: ${mb(event.bytes)} downloaded and verified in ${(event.ms / 1000).toFixed(1)} s\n`,
        );
        break;
      case 'waiting-for-lock':
        write(`another run is downloading ActiveMQ ${event.version}; waiting for it\n`);
        break;
    }
  };
}
