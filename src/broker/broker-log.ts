import type { BrokerLog } from './types';

/**
 * The broker's log held in memory for the run, fed line by line by a runtime (process stdout, a log file
 * tail, container log stream). Waiters are woken as lines arrive, so readiness never polls.
 */
export class BrokerLogBuffer implements BrokerLog {
  private readonly buffer: string[] = [];
  private readonly waiters = new Set<(line: string, index: number) => void>();
  private partial = '';
  file?: string;

  constructor(file?: string) {
    this.file = file;
  }

  /** Feed raw output; lines may arrive split across chunks. */
  write(chunk: string | Buffer): void {
    const text = this.partial + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.push(line);
  }

  /** Flush a trailing line without newline (at process end). */
  end(): void {
    if (this.partial) this.push(this.partial);
    this.partial = '';
  }

  push(line: string): void {
    const index = this.buffer.length;
    this.buffer.push(line);
    for (const w of [...this.waiters]) w(line, index);
  }

  lines(): string[] {
    return [...this.buffer];
  }

  mark(): number {
    return this.buffer.length;
  }

  since(mark: number): string[] {
    return this.buffer.slice(mark);
  }

  waitFor(pattern: RegExp, timeoutMs: number, fromMark = 0, signal?: AbortSignal): Promise<string | null> {
    const seen = this.buffer.slice(fromMark).find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    if (signal?.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const onLine = (line: string, index: number) => {
        if (index >= fromMark && pattern.test(line)) finish(line);
      };
      // Not unref'd: a case waiting for the broker's word must keep the process alive until it has an
      // answer or the timeout passes (an unref'd timer let an interrupted run exit 0 without a report).
      const timer = setTimeout(() => finish(null), timeoutMs);
      const finish = (result: string | null) => {
        clearTimeout(timer);
        this.waiters.delete(onLine);
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      // a wait that lost its race (the message arrived) ends now instead of holding the process
      const onAbort = () => finish(null);
      signal?.addEventListener('abort', onAbort);
      this.waiters.add(onLine);
    });
  }
}
