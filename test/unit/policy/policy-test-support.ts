import { PolicyErrors } from '../../../src/core/errors';
import type { PolicyError } from '../../../src/core/errors';

/** Lines joined with newlines, so a test reads line numbers off the array index plus one. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

/** The PolicyErrors thrown by `run`; fails the test when it does not throw them. */
export function errorsOf(run: () => unknown): PolicyError[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyErrors) return error.errors;
    throw error;
  }
  throw new Error('expected PolicyErrors, but the input was accepted');
}

/** `line:column message` per error: compact, and exact about position. */
export function summary(errors: readonly PolicyError[]): string[] {
  return errors.map((e) => `${e.location?.line}:${e.location?.column} ${e.message}`);
}
