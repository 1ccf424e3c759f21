/**
 * Broker capabilities, synchronously: the answer decides at collection time which cases become `test.skip`,
 * so a case over a transport the broker build lacks is shown as skipped, never as passed.
 */
import { spawnSync } from 'node:child_process';
import { extname, join } from 'node:path';
import type { RuntimeChoice, SelectRuntimeOptions } from '../broker/select-runtime';
import type { Transport } from '../core/types';
import { CAPABILITIES_MARKER, type CapabilitiesAnswer, type CapabilitiesRequest } from './capabilities-probe';

/** Covers a first pull of the broker image by the testcontainers runtime; a local jar scan takes < 1 s. */
export const CAPABILITIES_PROBE_TIMEOUT_MS = 180_000;

const answers = new Map<string, CapabilitiesAnswer>();

function probeCommand(): { args: string[] } {
  const probe = join(__dirname, `capabilities-probe${extname(__filename)}`);
  // Running from TypeScript sources (the project's own tests): the child needs a loader for `.ts`.
  const loader = extname(__filename) === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [];
  return { args: [...loader, probe] };
}

function parseAnswer(stdout: string): CapabilitiesAnswer | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(CAPABILITIES_MARKER));
  return line ? (JSON.parse(line.slice(CAPABILITIES_MARKER.length)) as CapabilitiesAnswer) : undefined;
}

/**
 * Which transports the chosen runtime's broker build supports, asked once per runtime configuration and
 * test file. Never throws: a runtime that cannot be used answers `ok: false`, and the run itself then
 * fails with the runtime's own error.
 */
export function runtimeCapabilitiesSync(
  runtime: RuntimeChoice,
  options: SelectRuntimeOptions = {},
): CapabilitiesAnswer {
  const request: CapabilitiesRequest = {
    runtime,
    brokerVersion: options.brokerVersion,
    local: options.local && { ...options.local, env: undefined },
    testcontainers: options.testcontainers,
    external: options.external,
  };
  const key = JSON.stringify(request);
  const known = answers.get(key);
  if (known) return known;
  const { args } = probeCommand();
  const child = spawnSync(process.execPath, [...args, key], {
    encoding: 'utf8',
    env: options.env ?? options.local?.env ?? process.env,
    timeout: CAPABILITIES_PROBE_TIMEOUT_MS,
  });
  const answer: CapabilitiesAnswer = parseAnswer(child.stdout ?? '') ?? {
    ok: false,
    message: `could not ask the ${runtime} runtime for its transports: ${
      child.error?.message ?? (child.stderr.trim() || `the probe exited with code ${child.status}`)
    }`,
  };
  answers.set(key, answer);
  return answer;
}

export function supportedTransports(answer: CapabilitiesAnswer, fallback: readonly Transport[]): Transport[] {
  return answer.ok ? answer.capabilities : [...fallback];
}
