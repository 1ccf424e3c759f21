import { read_frame, type DecodedFrame } from 'rhea/lib/frames.js';
import { unwrap_outcome as unwrapOutcome } from 'rhea/lib/message.js';
import { unwrap as unwrapTerminus } from 'rhea/lib/terminus.js';

const PROTOCOL_HEADER_BYTES = 8;
const FRAME_SIZE_BYTES = 4;
const SASL_OUTCOME_NAMES: Record<number, string> = {
  0: 'ok',
  1: 'auth',
  2: 'sys',
  3: 'sys-perm',
  4: 'sys-temp',
};
/** Credit bookkeeping, not evidence; the record leaves them out too. */
const SKIPPED_PERFORMATIVES = new Set(['flow']);

export interface RecordedFrame {
  /** performative name (`attach`, `sasl_outcome`, ...) or `protocol-header` */
  name: string;
  /** one line, e.g. `detach {"closed":true,"error":{...}}` */
  text: string;
  /** ms since the recorder started */
  atMs: number;
}

/**
 * Decodes what the broker sent, from the decrypted byte stream, alongside rhea: evidence must be the frames on the
 * wire, and rhea hides some of them (the SASL outcome code, the attach that precedes a refusal's detach).
 */
export class FrameRecorder {
  readonly frames: RecordedFrame[] = [];
  saslOutcomeCode?: number;
  private pending: Buffer = Buffer.alloc(0);
  private expectHeader = true;
  private broken = false;

  constructor(private readonly startedAt: number = performance.now()) {}

  push(chunk: Buffer): void {
    if (this.broken) return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    try {
      while (this.takeOne());
    } catch (e) {
      this.broken = true;
      this.record('undecodable', `undecodable bytes from the broker: ${(e as Error).message}`);
    }
  }

  /** ms between this recorder's start and `instant` (a `performance.now()` value). */
  msSinceStart(instant: number): number {
    return instant - this.startedAt;
  }

  /** Frames after `index`, joined as the record shows them: `a | b | c`. */
  summary(fromIndex = 0): string {
    return this.frames
      .slice(fromIndex)
      .map((f) => f.text)
      .join(' | ');
  }

  private takeOne(): boolean {
    if (this.expectHeader) {
      if (this.pending.length < PROTOCOL_HEADER_BYTES) return false;
      const header = this.pending.subarray(0, PROTOCOL_HEADER_BYTES);
      this.pending = this.pending.subarray(PROTOCOL_HEADER_BYTES);
      this.expectHeader = false;
      const [protocolId, major, minor, revision] = [header[4], header[5], header[6], header[7]];
      const name = header.toString('latin1', 0, 4);
      this.record(
        'protocol-header',
        `protocol-header ${name} ${JSON.stringify({ protocol_id: protocolId, major, minor, revision })}`,
      );
      return true;
    }
    if (this.pending.length < FRAME_SIZE_BYTES) return false;
    const size = this.pending.readUInt32BE(0);
    if (this.pending.length < size) return false;
    const frame = read_frame(this.pending.subarray(0, size));
    this.pending = this.pending.subarray(size);
    if (frame?.performative) this.onFrame(frame);
    return true;
  }

  private onFrame(frame: DecodedFrame): void {
    const performative = frame.performative;
    if (!performative) return;
    const name = String(performative.constructor).split('#')[0] ?? 'unknown';
    if (SKIPPED_PERFORMATIVES.has(name)) return;
    if (name === 'sasl_outcome') {
      const code = Number(performative.code ?? 0);
      this.saslOutcomeCode = code;
      // After `ok` the AMQP layer starts again with its own protocol header.
      if (code === 0) this.expectHeader = true;
      this.record(
        name,
        `${name} ${JSON.stringify({ code: `${code} (${SASL_OUTCOME_NAMES[code] ?? 'unknown'})` })}`,
      );
      return;
    }
    this.record(name, `${name} ${JSON.stringify(describe(name, performative))}`);
  }

  private record(name: string, text: string): void {
    this.frames.push({ name, text, atMs: round(performance.now() - this.startedAt) });
  }
}

function describe(name: string, performative: Record<string, unknown>): unknown {
  switch (name) {
    case 'attach':
      return {
        role: performative.role ? 'receiver' : 'sender',
        source: unwrapTerminus(performative.source),
        target: unwrapTerminus(performative.target),
      };
    case 'detach':
      return { closed: performative.closed ?? false, error: performative.error ?? undefined };
    case 'disposition': {
      const state = unwrapOutcome(performative.state);
      const stateName = state ? String(state.constructor).split('#')[0] : 'none';
      return {
        role: performative.role ? 'receiver' : 'sender',
        settled: performative.settled ?? false,
        state: `${stateName}${JSON.stringify(state ?? {})}`,
      };
    }
    case 'transfer':
      return { handle: performative.handle, delivery_id: performative.delivery_id };
    default:
      return performative;
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
