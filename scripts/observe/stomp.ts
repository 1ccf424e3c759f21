/**
 * A frame-level STOMP 1.2 client: it writes exactly the frames a scenario asks for and keeps every frame
 * the broker sent as it arrived (headers still escaped), so the record shows the wire, not a library's
 * reading of it. Runs over TLS (`stomp+ssl`) or a `wss` WebSocket (subprotocol `v12.stomp`).
 */
import type { Duplex } from 'node:stream';
import type { ProbeTarget } from '../../src/probes/types';
import { openStompTransport, type StompTransportKind } from '../../src/probes/stomp/transport';
import { clip } from './record';

export interface StompFrame {
  command: string;
  /** header lines as sent (STOMP 1.2 escaping left in place) */
  headers: Array<[string, string]>;
  body: string;
  /** the whole frame as received, NUL shown as ^@ */
  raw: string;
  /** performance.now() on arrival */
  at: number;
}

export function header(frame: StompFrame, name: string): string | undefined {
  return frame.headers.find(([key]) => key === name)?.[1];
}

/** `ERROR message:... receipt-id:... | body`, one line per frame for evidence. */
export function describeFrame(frame: StompFrame): string {
  return clip(frame.raw, 2_000);
}

const NUL = 0x00;

export class StompWire {
  readonly frames: StompFrame[] = [];
  closedAt: number | undefined;
  closeReason = '';
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiters = new Set<() => void>();
  private nextReceipt = 1;

  private constructor(
    private readonly stream: Duplex,
    readonly kind: StompTransportKind,
  ) {
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('end', () => this.onClose('the broker ended the stream'));
    stream.on('close', () => this.onClose('stream closed'));
    stream.on('error', (error: Error) => this.onClose(`transport error: ${error.message}`));
  }

  static open(kind: StompTransportKind, target: ProbeTarget): StompWire {
    return new StompWire(openStompTransport(kind, target), kind);
  }

  isOpen(): boolean {
    return this.closedAt === undefined;
  }

  receiptId(prefix = 'r'): string {
    return `${prefix}-${this.nextReceipt++}`;
  }

  /** Writes one frame; header values are written as given. */
  write(command: string, headers: Record<string, string>, body = ''): void {
    if (!this.isOpen()) return;
    const lines = Object.entries(headers).map(([k, v]) => `${k}:${v}`);
    this.stream.write(`${command}\n${lines.join('\n')}\n\n${body}\0`);
  }

  /** The first frame from index `from` on that matches, or null after `timeoutMs` (or at close). */
  waitFor(match: (frame: StompFrame) => boolean, timeoutMs: number, from = 0): Promise<StompFrame | null> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const found = this.frames.slice(from).find(match);
        if (found) {
          finish(found);
          return true;
        }
        if (!this.isOpen()) {
          finish(null);
          return true;
        }
        return false;
      };
      const finish = (frame: StompFrame | null) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(frame);
      };
      const wake = () => void check();
      const timer = setTimeout(() => finish(null), timeoutMs);
      if (!check()) this.waiters.add(wake);
    });
  }

  /** Resolves true when the connection is (or becomes) closed within `timeoutMs`. */
  waitClosed(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (!this.isOpen()) return resolve(true);
      const finish = (closed: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(closed);
      };
      const wake = () => {
        if (!this.isOpen()) finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.waiters.add(wake);
    });
  }

  close(): void {
    if (this.isOpen()) this.stream.end();
    setTimeout(() => this.stream.destroy(), 500).unref();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      // heart-beats and the EOLs ActiveMQ writes after each NUL
      let start = 0;
      while (start < this.buffer.length && (this.buffer[start] === 0x0a || this.buffer[start] === 0x0d))
        start++;
      this.buffer = this.buffer.subarray(start);
      const end = this.frameEnd();
      if (end < 0) break;
      const raw = this.buffer.subarray(0, end).toString('utf8');
      this.buffer = this.buffer.subarray(end + 1);
      this.frames.push(parseFrame(raw));
    }
    for (const wake of [...this.waiters]) wake();
  }

  /** Index of the frame's terminating NUL, honouring content-length; -1 when incomplete. */
  private frameEnd(): number {
    const headerEnd = this.buffer.indexOf('\n\n');
    if (headerEnd < 0) return -1;
    const head = this.buffer.subarray(0, headerEnd).toString('utf8');
    const length = /\ncontent-length:(\d+)/.exec(head)?.[1];
    if (length !== undefined) {
      const end = headerEnd + 2 + Number(length);
      return this.buffer.length > end && this.buffer[end] === NUL ? end : -1;
    }
    return this.buffer.indexOf(NUL, headerEnd);
  }

  private onClose(reason: string): void {
    if (this.closedAt !== undefined) return;
    this.closedAt = performance.now();
    this.closeReason = reason;
    for (const wake of [...this.waiters]) wake();
  }
}

function parseFrame(raw: string): StompFrame {
  const headerEnd = raw.indexOf('\n\n');
  const head = headerEnd < 0 ? raw : raw.slice(0, headerEnd);
  const body = headerEnd < 0 ? '' : raw.slice(headerEnd + 2);
  const [command = '', ...lines] = head.split('\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1)];
  });
  return { command, headers, body, raw: `${raw}^@`, at: performance.now() };
}

/** STOMP 1.2 header value escaping (`:` as `\c`), for reading ERROR `message` headers. */
export function unescapeHeader(value: string): string {
  return value.replace(/\\([\\cnr])/g, (_m, c: string) =>
    c === 'c' ? ':' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\',
  );
}
