/**
 * Which ActiveMQ release a run starts for an engine. Amazon MQ names only `major.minor` and moves brokers to
 * the newest patch it supports; the harness runs a fixed patch per minor version, named here, so a run is
 * reproducible and the report can say exactly what it ran. `activemq/X.Y.Z` runs exactly X.Y.Z. An explicit
 * `--broker-version` wins over both.
 */
import { UsageError } from '../../core/errors';
import type { Engine } from '../../core/types';

/**
 * The patch each Amazon MQ minor version runs as. 5.18.7 is the newest 5.18 release. For 5.19 it is
 * 5.19.1: Apache has published later 5.19 patches, but the Maven repository this project is built and
 * tested against serves no complete broker of any of them (README "Broker versions"); run a newer one with
 * `--broker-version` where your repository serves it.
 */
export const AMAZON_MQ_PATCH: Readonly<Record<string, string>> = {
  '5.18': '5.18.7',
  '5.19': '5.19.1',
};

const EXACT_VERSION = /^\d+\.\d+\.\d+$/;

export interface BrokerVersionChoice {
  version: string;
  /** one sentence for the run's header */
  why: string;
}

export function brokerVersionFor(engine: Engine, override?: string): BrokerVersionChoice {
  if (override !== undefined) {
    const version = override.trim();
    if (!EXACT_VERSION.test(version)) {
      throw new UsageError(
        `broker version "${override}" is not major.minor.patch`,
        'write e.g. --broker-version 5.19.1',
      );
    }
    return { version, why: `broker version ${version} (--broker-version; the engine is ${engine.id})` };
  }
  const [major, minor, patch] = engine.versionParts;
  if (patch !== undefined) {
    return {
      version: engine.version,
      why: `broker version ${engine.version}, as engine ${engine.id} names it`,
    };
  }
  const minorVersion = `${major}.${minor}`;
  const mapped = AMAZON_MQ_PATCH[minorVersion];
  if (!mapped) {
    throw new UsageError(
      `the harness knows no broker release for engine ${engine.id}`,
      `known: ${Object.keys(AMAZON_MQ_PATCH)
        .map((m) => `amazon-mq/${m}`)
        .join(', ')}; or name the release, e.g. activemq/5.18.7, or pass --broker-version`,
    );
  }
  return { version: mapped, why: `broker version ${mapped}, the patch the harness runs for ${engine.id}` };
}
