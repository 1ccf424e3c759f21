/**
 * The target file of `--runtime external`: where an already running broker listens, which CA its
 * certificate chains to, and the admin login of the observer. Loaded like a policy file: YAML or JSON,
 * every problem reported at once with its line and column, passwords never shown.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { PolicyError, PolicyErrors } from '../../core/errors';
import { Secret } from '../../core/secret';
import type { Transport } from '../../core/types';
import { readInputFile } from '../../policy/read-input';
import { byLocation, redactErrors } from '../../policy/redact';
import { parseYamlSource, type Path, type YamlSource } from '../../policy/yaml-source';
import { issuesToErrors } from '../../policy/zod-issues';
import type { Endpoint, ObserverCredentials } from '../types';
import { parseEndpointAddress } from './endpoint-address';

/** Keys of `endpoints:`; `wss` is the one WebSocket connector that carries both MQTT and STOMP. */
export const TARGET_ENDPOINT_KEYS = ['openwire', 'amqp', 'stomp', 'mqtt', 'wss'] as const;
export type TargetEndpointKey = (typeof TARGET_ENDPOINT_KEYS)[number];

const KEY_TRANSPORT: Record<TargetEndpointKey, Transport> = {
  openwire: 'openwire',
  amqp: 'amqp',
  stomp: 'stomp',
  mqtt: 'mqtt',
  wss: 'ws',
};

/** The admin observer speaks STOMP (every ActiveMQ build has it; see src/probes/observer.ts). */
export const OBSERVER_TRANSPORT_KEY: TargetEndpointKey = 'stomp';

const ENV_REFERENCE = /^\$\{([^}]*)\}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A DNS name as a certificate would carry it: letters, digits, hyphens, dots, a leading `*.` at most. */
const SERVER_NAME =
  /^(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

const address = z.string();
export const targetFileSchema = z.strictObject({
  $schema: z.string().optional(),
  endpoints: z.strictObject({
    openwire: address.optional(),
    amqp: address.optional(),
    stomp: address.optional(),
    mqtt: address.optional(),
    wss: address.optional(),
  }),
  ca: z.string().min(1).optional(),
  serverName: z.string().min(1).optional(),
  observer: z.strictObject({
    username: z.string().min(1),
    password: z.string().min(1),
  }),
});

export type TargetCa =
  | { source: 'file'; path: string; pem: string }
  /** the client's default trust store (Node's bundled root CAs and NODE_EXTRA_CA_CERTS) */
  | { source: 'system' };

/** A broker the harness does not manage, as the target file describes it. */
export interface ExternalTarget {
  file: string;
  endpoints: Partial<Record<Transport, Endpoint>>;
  ca: TargetCa;
  serverName?: string;
  observer: ObserverCredentials;
}

export interface TargetLoadOptions {
  /** where `${NAME}` references are looked up; default process.env */
  env?: NodeJS.ProcessEnv;
}

export function loadTargetFile(path: string, opts: TargetLoadOptions = {}): ExternalTarget {
  return parseTargetText(readInputFile(path, 'target file'), path, opts);
}

/** `file` names locations in errors; a relative `ca:` is read relative to the file's folder. */
export function parseTargetText(text: string, file: string, opts: TargetLoadOptions = {}): ExternalTarget {
  const env = opts.env ?? process.env;
  const source = parseYamlSource(text, file);
  const secrets = source.secretTexts.filter((t) => !ENV_REFERENCE.test(t));
  if (source.syntaxErrors.length > 0) fail(source.syntaxErrors, secrets);

  const parsed = targetFileSchema.safeParse(source.data);
  if (!parsed.success)
    fail(issuesToErrors(parsed.error.issues, source, targetFileSchema).map(retarget), secrets);
  const raw = parsed.data;
  const errors: PolicyError[] = [];

  const endpoints = buildEndpoints(source, raw.endpoints, errors);
  const serverName = raw.serverName?.trim();
  if (serverName !== undefined && !SERVER_NAME.test(serverName)) {
    errors.push(
      new PolicyError(`serverName "${serverName}" is not a host name`, {
        location: source.locate(['serverName']),
        value: serverName,
        hint: 'give the DNS name the broker certificate is issued for, e.g. b-1234.mq.eu-west-1.amazonaws.com',
      }),
    );
  }
  if (serverName !== undefined)
    for (const endpoint of Object.values(endpoints)) endpoint.serverName = serverName;

  const ca = raw.ca === undefined ? ({ source: 'system' } as const) : readCa(source, raw.ca, file, errors);
  const password = resolvePassword(source, raw.observer.password, env, errors);
  if (password !== undefined) secrets.push(password);

  if (errors.length > 0 || password === undefined || ca === undefined) fail(errors, secrets);
  return {
    file,
    endpoints,
    ca,
    ...(serverName === undefined ? {} : { serverName }),
    observer: { username: raw.observer.username, password: new Secret(password) },
  };
}

const POLICY_SCHEMA_HINT = /see schema\/policy\.schema\.json[^;]*/;
const TARGET_FORMAT_HINT =
  'a target file has endpoints:, optional ca: and serverName:, and observer: {username, password}';

/** The shared zod-issue hints point at the policy schema; a target file has its own format. */
function retarget(error: PolicyError): PolicyError {
  if (!error.hint || !POLICY_SCHEMA_HINT.test(error.hint)) return error;
  return new PolicyError(error.message, {
    location: error.location,
    value: error.value,
    hint: error.hint.replace(POLICY_SCHEMA_HINT, TARGET_FORMAT_HINT),
  });
}

function fail(errors: readonly PolicyError[], secrets: readonly string[]): never {
  throw new PolicyErrors(byLocation(redactErrors(errors, secrets)));
}

function buildEndpoints(
  source: YamlSource,
  raw: Partial<Record<TargetEndpointKey, string>>,
  errors: PolicyError[],
): Partial<Record<Transport, Endpoint>> {
  const endpoints: Partial<Record<Transport, Endpoint>> = {};
  for (const key of TARGET_ENDPOINT_KEYS) {
    const text = raw[key];
    if (text === undefined) continue;
    const result = parseEndpointAddress(KEY_TRANSPORT[key], text);
    if (result.ok) endpoints[KEY_TRANSPORT[key]] = result.endpoint;
    else
      errors.push(
        new PolicyError(result.message, {
          location: source.locate(['endpoints', key]),
          value: text,
          hint: result.hint,
        }),
      );
  }
  if (raw[OBSERVER_TRANSPORT_KEY] === undefined) {
    errors.push(
      new PolicyError(`endpoints has no ${OBSERVER_TRANSPORT_KEY} endpoint`, {
        location: source.locate(['endpoints'] as Path, 'key'),
        hint: `the admin observer that confirms every send and receive connects over STOMP; add ${OBSERVER_TRANSPORT_KEY}: stomp+ssl://<host>:61614`,
      }),
    );
  }
  return endpoints;
}

function readCa(
  source: YamlSource,
  given: string,
  file: string,
  errors: PolicyError[],
): TargetCa | undefined {
  const path = resolve(dirname(file), given);
  const location = source.locate(['ca']);
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    errors.push(
      new PolicyError(`ca file ${path} cannot be read (${code})`, {
        location,
        value: given,
        hint: 'a relative path is read from the folder of the target file; leave ca out to use the system trust store',
        cause,
      }),
    );
    return undefined;
  }
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate block');
    new X509Certificate(pem);
  } catch (cause) {
    errors.push(
      new PolicyError(`ca file ${path} holds no PEM certificate`, {
        location,
        value: given,
        hint: 'give the CA certificate (or chain) in PEM form: -----BEGIN CERTIFICATE----- ...',
        cause,
      }),
    );
    return undefined;
  }
  return { source: 'file', path, pem };
}

function resolvePassword(
  source: YamlSource,
  written: string,
  env: NodeJS.ProcessEnv,
  errors: PolicyError[],
): string | undefined {
  const reference = ENV_REFERENCE.exec(written);
  if (!reference) return written;
  const location = source.locate(['observer', 'password']);
  const name = reference[1] ?? '';
  const problem = (message: string, hint: string) => {
    errors.push(new PolicyError(`observer password: ${message}`, { location, value: written, hint }));
    return undefined;
  };
  if (!ENV_NAME.test(name))
    return problem(
      `"\${${name}}" is not a valid environment variable reference`,
      'write ${NAME} with letters, digits and underscores, not starting with a digit',
    );
  const value = env[name];
  if (value === undefined)
    return problem(`environment variable ${name} is not set`, `export ${name} with the observer's password`);
  if (value === '')
    return problem(`environment variable ${name} is empty`, `give ${name} the password as its value`);
  return value;
}
