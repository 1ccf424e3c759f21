import type { Evidence } from '../types';
import type { FrameRecorder } from './frame-recorder';

/** A result that the first decisive event settles; a timer settles it otherwise (a timeout is never a denial). */
export class PendingResult<T> {
  readonly promise: Promise<T>;
  private resolveWith!: (value: T) => void;
  private readonly timer: NodeJS.Timeout;
  private done = false;

  constructor(timeoutMs: number, onTimeout: () => T) {
    this.promise = new Promise<T>((resolve) => (this.resolveWith = resolve));
    this.timer = setTimeout(() => this.finish(onTimeout()), timeoutMs);
  }

  get settled(): boolean {
    return this.done;
  }

  /** false when something else settled it first */
  finish(value: T): boolean {
    if (this.done) return false;
    this.done = true;
    clearTimeout(this.timer);
    this.resolveWith(value);
    return true;
  }
}

/** Evidence of one operation: the client's events as they happen plus the broker's frames since the start. */
export class EvidenceLog {
  private readonly client: Evidence[] = [];
  private readonly frameMark: number;
  private readonly startedAt = performance.now();

  constructor(private readonly recorder: FrameRecorder) {
    this.frameMark = recorder.frames.length;
  }

  elapsedMs(): number {
    return Math.round((performance.now() - this.startedAt) * 10) / 10;
  }

  note(text: string): void {
    this.client.push({ source: 'client', text, atMs: this.elapsedMs() });
  }

  timer(text: string): Evidence {
    return { source: 'timer', text, atMs: this.elapsedMs() };
  }

  /** Broker frames and client events of this operation, in the order they happened. */
  collect(extra: Evidence[] = []): Evidence[] {
    const offset = this.recorderOffsetMs();
    const wire: Evidence[] = this.recorder.frames.slice(this.frameMark).map((f) => ({
      source: 'wire',
      text: f.text,
      atMs: Math.round((f.atMs - offset) * 10) / 10,
    }));
    return [...wire, ...this.client, ...extra].sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
  }

  /** The recorder's clock started earlier (at connect); frames are re-based onto this operation's clock. */
  private recorderOffsetMs(): number {
    return this.recorder.msSinceStart(this.startedAt);
  }
}
