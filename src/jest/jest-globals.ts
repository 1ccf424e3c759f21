/**
 * The few Jest globals the helpers register tests with. They are read from the running test file's global
 * scope rather than imported, so the library needs neither `@jest/globals` nor Jest's type packages at
 * build time, and works with any Jest that injects globals (the default).
 */
import { UsageError } from '../core/errors';

export type TestBody = () => void | Promise<void>;

export interface TestRegistrar {
  (name: string, fn: TestBody, timeoutMs?: number): void;
  skip(name: string, fn: TestBody): void;
}

/** The one matcher the snapshot test needs. */
export type SnapshotExpect = (value: unknown) => { toMatchSnapshot(): void };

export interface JestGlobals {
  describe(name: string, fn: () => void): void;
  test: TestRegistrar;
  beforeAll(fn: TestBody, timeoutMs?: number): void;
  /** needed only for `snapshot: true` */
  expect?: SnapshotExpect;
}

function isFunction(value: unknown): value is (...args: unknown[]) => unknown {
  return typeof value === 'function';
}

/** The globals of the current Jest test file; a usage error when called outside one. */
export function jestGlobals(
  scope: Record<string, unknown> = globalThis as Record<string, unknown>,
): JestGlobals {
  const { describe, test, beforeAll, expect } = scope;
  if (!isFunction(describe) || !isFunction(test) || !isFunction(beforeAll) || !('skip' in test)) {
    throw new UsageError(
      'describePolicy() registers Jest tests, but no Jest globals (describe, test, beforeAll) are defined here',
      'call it at the top level of a Jest test file; with `injectGlobals: false`, pass `globals` from @jest/globals',
    );
  }
  const globals = { describe, test, beforeAll } as unknown as JestGlobals;
  if (isFunction(expect)) globals.expect = expect as unknown as SnapshotExpect;
  return globals;
}
