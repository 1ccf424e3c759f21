/**
 * Stands in for Jest's registration API only (describe/test/beforeAll), so a test can see exactly which
 * tests describePolicy registers and call their bodies itself.
 */
import type { JestGlobals, TestBody } from '../../../src/jest';

export interface RecordedTest {
  name: string;
  fn: TestBody;
  skip: boolean;
  timeoutMs?: number;
}

export interface Recording {
  describes: string[];
  tests: RecordedTest[];
  hooks: { fn: TestBody; timeoutMs?: number }[];
}

export function recordJest(): { recording: Recording; globals: JestGlobals } {
  const recording: Recording = { describes: [], tests: [], hooks: [] };
  const test = Object.assign(
    (name: string, fn: TestBody, timeoutMs?: number) => {
      recording.tests.push({ name, fn, skip: false, timeoutMs });
    },
    { skip: (name: string, fn: TestBody) => void recording.tests.push({ name, fn, skip: true }) },
  );
  const globals: JestGlobals = {
    describe: (name, fn) => {
      recording.describes.push(name);
      fn();
    },
    test,
    beforeAll: (fn, timeoutMs) => void recording.hooks.push({ fn, timeoutMs }),
  };
  return { recording, globals };
}

/** Runs a recorded test body; the thrown message, or undefined when it passed. */
export async function failureOf(t: RecordedTest): Promise<string | undefined> {
  try {
    await t.fn();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
