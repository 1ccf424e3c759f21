import { InfrastructureError, UsageError } from '../core/errors';
import type { DockerAvailability } from './testcontainers/docker';
import { ExternalRuntime, type ExternalRuntimeOptions } from './external/runtime';
import { LocalRuntime, findJava, type LocalRuntimeOptions } from './local';
import type { ActiveMqInstallation } from './local/installation';
import type { TestcontainersRuntimeOptions } from './testcontainers/runtime';
import type { BrokerRuntime, RuntimeKind } from './types';

export type RuntimeChoice = 'auto' | RuntimeKind;
export const RUNTIME_CHOICES: readonly RuntimeChoice[] = ['auto', 'testcontainers', 'local', 'external'];

export interface SelectRuntimeOptions {
  /** the exact release the run needs (distribution/broker-version.ts); runtimes obtain that one */
  brokerVersion?: string;
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
async function testcontainersRuntime(options: SelectRuntimeOptions) {
  const { TestcontainersRuntime } = await import('./testcontainers/runtime');
  return new TestcontainersRuntime({
    brokerVersion: options.brokerVersion,
    env: options.env,
    ...options.testcontainers,
  });
}

/** In words: which ActiveMQ the local runtime runs. */
function describeInstallation(installation: ActiveMqInstallation): string {
  if (installation.origin === 'user') {
    return `your own ActiveMQ${installation.version ? ` ${installation.version}` : ''} at ${installation.home}`;
  }
  return `ActiveMQ ${installation.version} from the ${installation.distribution?.cached ? 'cached' : 'downloaded'} distribution at ${installation.home}`;
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
  const localOptions: LocalRuntimeOptions = { env, brokerVersion: options.brokerVersion, ...options.local };
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
      const installation = await runtime.installation();
      return { runtime, reason: `local runtime requested; ${describeInstallation(installation)}` };
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

/**
 * `auto`: Testcontainers when a Docker engine answers and an image of the release can be had (the official
 * one, or a local one built from the verified distribution); otherwise the local runtime with that same
 * distribution and the machine's Java. The reason says which and why.
 */
async function selectAuto(
  options: SelectRuntimeOptions,
  localOptions: LocalRuntimeOptions,
): Promise<SelectedRuntime> {
  const docker = await dockerAvailability(options);
  let dockerWhy = docker.reason;
  if (docker.ok) {
    const runtime = await testcontainersRuntime(options);
    try {
      const image = await runtime.image();
      return { runtime, reason: `${docker.reason}; ${image.reason}` };
    } catch (error) {
      dockerWhy = `a Docker engine answers, but ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const local = new LocalRuntime(localOptions);
  try {
    await findJava(localOptions.javaHome, localOptions.env);
    const installation = await local.installation();
    return {
      runtime: local,
      reason: `no usable Docker (${dockerWhy}); ${describeInstallation(installation)}`,
    };
  } catch (error) {
    const localWhy = error instanceof Error ? error.message : String(error);
    throw new InfrastructureError(`no broker runtime available: ${dockerWhy}; and ${localWhy}`, {
      hint:
        'install a Java 17 runtime (the harness then downloads the broker itself), or start a Docker engine; ' +
        (error instanceof InfrastructureError && error.hint ? error.hint : ''),
      cause: error,
    });
  }
}
