/**
 * What the observation script writes: one record per scenario step, with the broker's own words
 * (frames, return codes, exception texts, log lines) and how long the client took to learn them.
 */

/** Where a piece of evidence came from. */
export type EvidenceSource = 'wire' | 'client' | 'observer' | 'broker-log' | 'timer' | 'note';

export interface Evidence {
  source: EvidenceSource;
  /** verbatim: a frame, a packet, an exception text, a log line */
  text: string;
  /** ms since the step began */
  atMs: number;
}

/**
 * How a step ended, in the broker's terms:
 * - accepted: an explicit grant (CONNECTED, CONNACK 0, Response, RECEIPT, attach without detach)
 * - refused: an explicit refusal on the wire (ERROR, CONNACK != 0, ExceptionResponse, detach, SUBACK 0x80)
 * - acknowledged: acknowledged, but the acknowledgement does not say whether the broker acted (MQTT PUBACK)
 * - silent: nothing came back for a one-way operation
 * - delivered / not-delivered: what an independent admin consumer saw
 * - no-answer: nothing within the step's timeout (a hang)
 * - closed: the connection ended before an answer
 * - not-tried: an earlier step's refusal left nothing to try it on
 */
export type StepOutcome =
  | 'accepted'
  | 'refused'
  | 'acknowledged'
  | 'silent'
  | 'delivered'
  | 'not-delivered'
  | 'no-answer'
  | 'closed'
  | 'not-tried';

/** Whether the connection still answered a request that needs no permission after the step. */
export type ConnectionAfter = 'open' | 'closed' | 'not-checked';

export interface StepResult {
  outcome: StepOutcome;
  evidence: Evidence[];
  /** ms from the start of the step until the decisive signal (or the timeout) */
  durationMs: number;
}

export interface ObservationRecord {
  /** the brief's item (1 authentication ... 8 version differences) */
  item: number;
  /** the scenario group (one broker per group) */
  group: string;
  /** unique within a run, e.g. `advisory.cold.connect.noadv.stomp` */
  scenario: string;
  protocol: string;
  /** the release asked for and the version the broker reported */
  brokerVersion: string;
  user: string;
  /** what the step did, in one line */
  action: string;
  outcome: StepOutcome;
  connectionAfter: ConnectionAfter;
  /** the broker's decisive text, when there is one (refusal text, return code) */
  signal?: string;
  evidence: Evidence[];
  durationMs: number;
  /** wall clock at the start of the step */
  startedAt: string;
  note?: string;
}

/** A clock for one step: evidence carries ms since the step began. */
export class StepClock {
  private readonly started = performance.now();
  readonly startedAt = new Date().toISOString();
  readonly evidence: Evidence[] = [];

  ms(): number {
    return this.at(performance.now());
  }

  /** ms since the step began at `instant`, a performance.now() value */
  at(instant: number): number {
    return Math.round((instant - this.started) * 10) / 10;
  }

  add(source: EvidenceSource, text: string): Evidence {
    const item = { source, text, atMs: this.ms() };
    this.evidence.push(item);
    return item;
  }

  result(outcome: StepOutcome, durationMs = this.ms()): StepResult {
    return { outcome, evidence: [...this.evidence], durationMs };
  }
}

/** Bodies of Java stack traces are long; keep the head, say how much was cut. */
export function clip(text: string, max = 1_500): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length - max} more characters)`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with the promise's value, or with `fallback` after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}
