import { InfrastructureError, UsageError } from '../core/errors';
import type { DockerAvailability } from './testcontainers/docker';
import { ExternalRuntime, type ExternalRuntimeOptions } from './external/runtime';
import { LocalRuntime, type LocalRuntimeOptions } from './local';
import type { TestcontainersRuntimeOptions } from './testcontainers/runtime';
import type { BrokerRuntime, RuntimeKind } from './types';

export type RuntimeChoice = 'auto' | RuntimeKind;
export const RUNTIME_CHOICES: readonly RuntimeChoice[] = ['auto', 'testcontainers', 'local', 'external'];

export interface SelectRuntimeOptions {
  local?: LocalRuntimeOptions;
  testcontainers?: TestcontainersRuntimeOptions;
  /** a broker the harness does not manage, described by a target file (CLI: `--target <file>`) */
  external?: { targetFile: string } & ExternalRuntimeOptions;
  env?: NodeJS.ProcessEnv;
  /** how `auto` asks whether a Docker engine answers; default the Testcontainers client's own check */
  dockerAvailability?: () => Promise<DockerAvailability>;
}

export interface SelectedRuntime {
  runtime: BrokerRuntime;
  /** why this runtime, in words, for the run's header */
  reason: string;
}

/**
 * The Testcontainers modules are loaded on demand: they pull in testcontainers and its Docker client, which
 * a local or external run never needs.
 */
async function testcontainersRuntime(options: SelectRuntimeOptions): Promise<BrokerRuntime> {
  const { TestcontainersRuntime } = await import('./testcontainers/runtime');
  return new TestcontainersRuntime(options.testcontainers);
}

async function dockerAvailability(options: SelectRuntimeOptions): Promise<DockerAvailability> {
  if (options.dockerAvailability) return options.dockerAvailability();
  const { isDockerAvailable } = await import('./testcontainers/docker');
  return isDockerAvailable();
}

/**
 * The runtime to run brokers with. `auto` prefers Testcontainers (the official image, every transport) when
 * a Docker engine answers, else a local ActiveMQ; the reason says which and why.
 */
export async function selectRuntime(
  kind: RuntimeChoice,
  options: SelectRuntimeOptions = {},
): Promise<SelectedRuntime> {
  const env = options.env ?? process.env;
  const localOptions: LocalRuntimeOptions = { env, ...options.local };
  if (options.external && kind !== 'external' && kind !== 'auto') {
    throw new UsageError(
      `a target file describes an external broker, but the ${kind} runtime starts its own`,
      'use --runtime external with --target, or drop --target',
    );
  }
  switch (kind) {
    case 'testcontainers':
      return { runtime: await testcontainersRuntime(options), reason: 'testcontainers runtime requested' };
    case 'local': {
      const runtime = new LocalRuntime(localOptions);
      const { home } = await runtime.installation();
      return { runtime, reason: `local runtime requested; using ActiveMQ at ${home}` };
    }
    case 'external':
      return externalRuntime(options, env, 'external runtime requested');
    case 'auto':
      return options.external
        ? externalRuntime(options, env, 'a target file was given')
        : selectAuto(options, localOptions);
    default:
      throw new UsageError(
        `unknown runtime "${String(kind)}"`,
        `choose one of: ${RUNTIME_CHOICES.join(', ')}`,
      );
  }
}

function externalRuntime(
  options: SelectRuntimeOptions,
  env: NodeJS.ProcessEnv,
  why: string,
): SelectedRuntime {
  const targetFile = options.external?.targetFile;
  if (!targetFile) {
    throw new UsageError(
      'the external runtime needs a target file',
      "pass --target <file> giving the broker's endpoints, its CA and the observer's admin login",
    );
  }
  const runtime = ExternalRuntime.fromFile(targetFile, { env, ...options.external });
  const { endpoints, ca } = runtime.target;
  const urls = Object.values(endpoints).map((e) => e.url);
  const trust = ca.source === 'file' ? `CA ${ca.path}` : 'the system trust store';
  return {
    runtime,
    reason: `${why}; broker at ${urls.join(', ')} from ${targetFile}, trusting ${trust}`,
  };
}

async function selectAuto(
  options: SelectRuntimeOptions,
  localOptions: LocalRuntimeOptions,
): Promise<SelectedRuntime> {
  const docker = await dockerAvailability(options);
  if (docker.ok) return { runtime: await testcontainersRuntime(options), reason: docker.reason };
  const dockerWhy = docker.reason;
  const local = new LocalRuntime(localOptions);
  try {
    const { home } = await local.installation();
    return { runtime: local, reason: `no Docker engine (${dockerWhy}); using ActiveMQ at ${home}` };
  } catch (error) {
    const localWhy = error instanceof Error ? error.message : String(error);
    throw new InfrastructureError(
      `no broker runtime available: no Docker engine (${dockerWhy}), and ${localWhy}`,
      {
        hint:
          "install Docker (Debian: apt-get install docker.io, then start dockerd), or install Debian's activemq and " +
          'libmqtt-client-java, or set ACTIVEMQ_HOME to an ActiveMQ Classic distribution; scripts/provision.sh does the Debian setup',
        cause: error,
      },
    );
  }
}
