import type { Container } from 'dockerode';
import type { BoundPorts, WaitStrategy } from 'testcontainers';
import { BrokerStartError } from '../../core/errors';
import type { BrokerLogBuffer } from '../broker-log';
import { brokerErrorLines, parseStarted } from '../local/broker-output';

/** From container start to the `... started` line; a JVM in a container on a busy two-core machine. */
export const BROKER_START_TIMEOUT_MS = 60_000;
/** After the container exits, how long its last log lines may take to arrive through the log stream. */
export const LOG_DRAIN_TIMEOUT_MS = 2_000;

export interface ContainerExitStatus {
  code: number | null;
}

export interface ReadyBroker {
  version: string;
  line: string;
}

/** `Apache ActiveMQ 5.17.2 (<brokerName>, ID:...) started`, for this broker only. */
export function startedLinePattern(brokerName: string): RegExp {
  const name = brokerName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`Apache ActiveMQ \\S+ \\(${name}, ID:\\S+\\) started`);
}

/**
 * BrokerLogBuffer.waitFor keeps its timer (not unref'd, not cancellable) until it fires; one long wait that
 * loses the race to a container exit would hold the process open for the rest of the start timeout. Short
 * waits in a loop give the same wake-up on the line and leave at most one slice behind.
 */
export const LOG_WAIT_SLICE_MS = 250;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function waitForLine(
  log: BrokerLogBuffer,
  pattern: RegExp,
  timeoutMs: number,
  cancelled: () => boolean,
): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  while (!cancelled()) {
    const left = deadline - Date.now();
    if (left <= 0) return null;
    const line = await log.waitFor(pattern, Math.min(LOG_WAIT_SLICE_MS, left));
    if (line !== null) return line;
  }
  return null;
}

/**
 * Ready means the broker's own `Apache ActiveMQ <version> (<brokerName>, ID:...) started` line, not open ports:
 * Docker publishes ports before anything listens, and connectors listed before a failing one listen briefly.
 * If the container exits first, start fails at once with the broker's error lines instead of waiting out the
 * timeout. Testcontainers stops and removes the container when this throws.
 */
export class BrokerReadyWaitStrategy implements WaitStrategy {
  private startupTimeoutMs = BROKER_START_TIMEOUT_MS;
  private timeoutSet = false;
  /** the `wait` on the container, kept: it also tells the runtime when the broker goes away later */
  exit?: Promise<ContainerExitStatus>;
  ready?: ReadyBroker;

  constructor(
    private readonly log: BrokerLogBuffer,
    private readonly brokerName: string,
    private readonly logEnded: Promise<void>,
    private readonly image: string,
  ) {}

  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.timeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.timeoutSet;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }

  async waitUntilReady(container: Container, _boundPorts: BoundPorts): Promise<void> {
    this.exit = (container.wait() as Promise<{ StatusCode?: number }>).then(
      (r) => ({ code: typeof r.StatusCode === 'number' ? r.StatusCode : null }),
      () => ({ code: null }),
    );
    let exited = false;
    void this.exit.then(() => (exited = true));
    const started = waitForLine(
      this.log,
      startedLinePattern(this.brokerName),
      this.startupTimeoutMs,
      () => exited,
    );
    const outcome = await Promise.race([
      started.then((line) => ({ kind: 'line' as const, line })),
      this.exit.then((status) => ({ kind: 'exit' as const, status })),
    ]);
    if (outcome.kind === 'line' && outcome.line !== null) {
      this.ready = { version: parseStarted(outcome.line)?.version ?? 'unknown', line: outcome.line };
      return;
    }
    if (outcome.kind === 'exit') {
      await Promise.race([this.logEnded, delay(LOG_DRAIN_TIMEOUT_MS)]);
      throw new BrokerStartError(
        `the broker container (${this.image}) exited with code ${outcome.status.code ?? 'unknown'} before it started`,
        {
          brokerLines: this.errorLines(),
          hint: 'the broker rejected its configuration; the lines above are its own words',
        },
      );
    }
    throw new BrokerStartError(
      `the broker in ${this.image} did not report started within ${this.startupTimeoutMs} ms`,
      {
        brokerLines: this.errorLines(),
        hint: 'the machine may be overloaded, or the broker is stuck; the broker log of the run has the details',
      },
    );
  }

  private errorLines(): string[] {
    const errors = brokerErrorLines(this.log.lines());
    return errors.length ? errors : this.log.lines().slice(-10);
  }
}
