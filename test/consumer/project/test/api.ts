/**
 * Not a test: code a consumer writes against both entry points, so that `tsc` (package.test.ts) proves the
 * published types resolve and mean what they say under each module resolution.
 */
import { EXIT, runCheck, type RunResult } from 'amq-auth-harness';
import { describePolicy, type DescribePolicyOptions, type PolicySuiteHandle } from 'amq-auth-harness/jest';

export const options: DescribePolicyOptions = {
  runtime: 'local',
  protocols: ['stomp'],
  failOn: ['expectation'],
};

export function register(file: string): PolicySuiteHandle {
  return describePolicy(file, options);
}

export async function failedCases(input: string): Promise<number> {
  const result: RunResult = await runCheck({ input, runtime: 'local', protocols: ['stomp'] });
  return result.counts['expectation-failure'];
}

export const okExit: number = EXIT.OK;

// @ts-expect-error protocols are names such as 'stomp'
export const wrong: DescribePolicyOptions = { protocols: [1] };
