/**
 * Child-process entry that asks a runtime which transports its broker build supports and prints the answer
 * as one marked JSON line. Jest collects tests synchronously, and capability detection is asynchronous
 * (jar scans, Docker image inspection), so the collecting process runs this file and waits for it.
 */
import { selectRuntime, type RuntimeChoice, type SelectRuntimeOptions } from '../broker/select-runtime';
import { HarnessError } from '../core/errors';
import type { Transport } from '../core/types';

export const CAPABILITIES_MARKER = 'AMQ_AUTH_CAPABILITIES ';

/** What the collecting process sends: only JSON-serializable runtime options cross the process boundary. */
export interface CapabilitiesRequest {
  runtime: RuntimeChoice;
  /** the exact release the run will start */
  brokerVersion?: string;
  local?: SelectRuntimeOptions['local'];
  testcontainers?: SelectRuntimeOptions['testcontainers'];
  external?: SelectRuntimeOptions['external'];
}

export type CapabilitiesAnswer =
  | { ok: true; runtime: string; reason: string; capabilities: Transport[] }
  | { ok: false; message: string; hint?: string };

export async function answerCapabilities(request: CapabilitiesRequest): Promise<CapabilitiesAnswer> {
  try {
    const selected = await selectRuntime(request.runtime, {
      brokerVersion: request.brokerVersion,
      local: request.local,
      testcontainers: request.testcontainers,
      external: request.external,
    });
    return {
      ok: true,
      runtime: selected.runtime.kind,
      reason: selected.reason,
      capabilities: await selected.runtime.capabilities(request.brokerVersion),
    };
  } catch (error) {
    if (error instanceof HarnessError) return { ok: false, message: error.message, hint: error.hint };
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as CapabilitiesRequest;
  const answer = await answerCapabilities(request);
  process.stdout.write(`${CAPABILITIES_MARKER}${JSON.stringify(answer)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
