/** Exit codes of the CLI (see README "Exit codes"). */
export const EXIT = {
  /** every verdict holds */
  OK: 0,
  /** at least one expectation failed or the model disagreed with the broker */
  FAILED: 1,
  /** invalid input or usage */
  INPUT: 2,
  /** infrastructure failure: the broker could not start, died or could not be reached */
  INFRA: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where in a user's file something is. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '';
}

/** Base of every error a user can act on: the CLI prints message, location and hint without a stack. */
export class HarnessError extends Error {
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly location?: SourceLocation;

  constructor(
    message: string,
    opts: { exitCode: ExitCode; hint?: string; location?: SourceLocation; cause?: unknown },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.exitCode = opts.exitCode;
    this.hint = opts.hint;
    this.location = opts.location;
  }

  /** One or more lines for a terminal: `file:line:col: message` then `hint: ...`. */
  describe(): string {
    const where = formatLocation(this.location);
    const head = where ? `${where}: ${this.message}` : this.message;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}

/** A policy file, users file or broker XML that cannot be used. `value` never holds a password. */
export class PolicyError extends HarnessError {
  readonly value?: string;
  constructor(
    message: string,
    opts: { location?: SourceLocation; hint?: string; value?: string; cause?: unknown },
  ) {
    super(message, { exitCode: EXIT.INPUT, ...opts });
    this.value = opts.value;
  }
}

/** Several input problems found at once; the CLI prints each. */
export class PolicyErrors extends HarnessError {
  readonly errors: PolicyError[];
  constructor(errors: PolicyError[]) {
    super(`${errors.length} problem${errors.length === 1 ? '' : 's'} in the input`, { exitCode: EXIT.INPUT });
    this.errors = errors;
  }
  override describe(): string {
    return this.errors.map((e) => e.describe()).join('\n');
  }
}

export class UsageError extends HarnessError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: EXIT.INPUT, hint });
  }
}

/** The broker did not start; `brokerLines` are the broker's own error lines. */
export class BrokerStartError extends HarnessError {
  readonly brokerLines: string[];
  constructor(message: string, opts: { brokerLines?: string[]; hint?: string; cause?: unknown } = {}) {
    super(message, { exitCode: EXIT.INFRA, hint: opts.hint, cause: opts.cause });
    this.brokerLines = opts.brokerLines ?? [];
  }
  override describe(): string {
    const lines = this.brokerLines.length
      ? `\n  broker said:\n${this.brokerLines.map((l) => `    ${l}`).join('\n')}`
      : '';
    return super.describe() + lines;
  }
}

/** Anything else outside the user's input: no Docker, no ActiveMQ, a broker that died mid-run. */
export class InfrastructureError extends HarnessError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, { exitCode: EXIT.INFRA, ...opts });
  }
}
