import { inspect } from 'node:util';

const MASK = '********';

/**
 * A password or other credential. Every way a value usually leaks (string conversion, JSON, util.inspect,
 * template literals) yields a mask; only `reveal()` gives the value, so each place that really sends a
 * credential to a broker is explicit and easy to audit.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return `Secret(${MASK})`;
  }
}

export const SECRET_MASK = MASK;
