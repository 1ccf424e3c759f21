/**
 * One entry point for every command's input: a policy file (YAML/JSON), or a team's broker XML with its
 * users from a separate users file (Amazon MQ's XML carries no users) or from the XML's own
 * simpleAuthenticationPlugin.
 */
import { extname } from 'node:path';
import { ANONYMOUS_DEFAULT, parseBrokerXml, type ParsedBrokerXml } from '../activemq-xml/parse';
import { loadPropertiesFile, PlaceholderResolver } from '../activemq-xml/placeholders';
import { AMAZON_MQ_PATCH } from '../broker/distribution/broker-version';
import { PolicyError, PolicyErrors } from '../core/errors';
import type { Diagnostic, Engine, Policy, PolicyUser } from '../core/types';
import { checkCredentials, loadPolicyFile, loadUsersFile, parseEngine } from '../policy';
import { readInputFile } from '../policy/read-input';
import { credentialDiagnostic } from '../policy/credential-rules';
import { publicNamesOf, reportableErrors } from '../policy/redact';

/** An XML Amazon MQ would accept as it stands is judged by the rules of Amazon MQ's current engine. */
export const DEFAULT_XML_ENGINE = 'amazon-mq/5.18';

export interface InputOptions {
  usersFile?: string;
  /** engine for an XML input, e.g. `amazon-mq/5.18`; ignored for a policy file (it names its own) */
  engine?: string;
  env?: NodeJS.ProcessEnv;
  /** Java .properties files the XML's `${...}` placeholders resolve from, in order (then the environment) */
  propertiesFiles?: string[];
  /** the release a run starts; names the engine of a self-hosted XML */
  brokerVersion?: string;
  /**
   * `throw` (default): a credential that breaks the engine's rules makes the input unusable. `diagnose`
   * (lint): every such problem becomes an error diagnostic with its location, and the review goes on.
   */
  credentialProblems?: 'throw' | 'diagnose';
}

/**
 * What in an XML Amazon MQ would not accept as it stands: users in the XML, connectors other than
 * `openwire`, JAAS. Such a file is a self-hosted broker's, and Amazon MQ's credential rules do not apply.
 */
export function selfHostedSigns(parsed: ParsedBrokerXml): string[] {
  const signs: string[] = [];
  if (parsed.users !== null) signs.push(`${parsed.users.length} users in a simpleAuthenticationPlugin`);
  const others = parsed.connectorNames.filter((n) => n !== 'openwire');
  if (others.length) signs.push(`transportConnector names ${others.join(', ')}`);
  if (parsed.jaas) signs.push('a JAAS authentication plugin');
  return signs;
}

/** The engine of an XML input: --engine, else inferred from what the file holds, and why. */
export function inferXmlEngine(
  parsed: ParsedBrokerXml,
  opts: InputOptions,
): { engine: Engine; diagnostic: Diagnostic } {
  if (opts.engine) {
    return {
      engine: resolveEngine(opts.engine, '--engine'),
      diagnostic: { severity: 'info', code: 'engine-chosen', message: `judged as ${opts.engine} (--engine)` },
    };
  }
  const signs = selfHostedSigns(parsed);
  if (signs.length === 0) {
    return {
      engine: resolveEngine(DEFAULT_XML_ENGINE, '--engine'),
      diagnostic: {
        severity: 'info',
        code: 'engine-inferred',
        message: `judged as ${DEFAULT_XML_ENGINE}: nothing in the XML that Amazon MQ would refuse`,
        hint: 'pass --engine to judge it by another engine, e.g. --engine amazon-mq/5.19',
      },
    };
  }
  const version = opts.brokerVersion ?? parsed.schemaVersion ?? AMAZON_MQ_PATCH['5.18']!;
  const from = opts.brokerVersion
    ? '--broker-version'
    : parsed.schemaVersion
      ? 'its schemaLocation'
      : "the harness's default release";
  return {
    engine: resolveEngine(`activemq/${version}`, '--engine'),
    diagnostic: {
      severity: 'info',
      code: 'engine-inferred',
      message: `judged as activemq/${version} (a self-hosted broker; release from ${from}): Amazon MQ would not accept this XML as it stands (${signs.join('; ')}), so its credential rules do not apply`,
      hint: "pass --engine amazon-mq/5.18 (or 5.19) to judge it by Amazon MQ's rules instead",
    },
  };
}

export function isXmlInput(path: string, text?: string): boolean {
  if (extname(path).toLowerCase() === '.xml') return true;
  return text !== undefined && text.trimStart().startsWith('<');
}

export function resolveEngine(text: string, where: string): Engine {
  const parsed = parseEngine(text);
  if (!parsed.ok) {
    throw new PolicyError(parsed.message, {
      location: { file: where, line: 1, column: 1 },
      value: text,
      hint: parsed.hint,
    });
  }
  return parsed.engine;
}

export function loadInput(path: string, opts: InputOptions = {}): Policy {
  const text = readInputFile(path, 'input');
  if (!isXmlInput(path, text)) {
    if (opts.usersFile) {
      throw new PolicyError('--users applies to a broker XML input; a policy file lists its own users', {
        location: { file: opts.usersFile, line: 1, column: 1 },
        hint: 'move the users into the policy file under users:, or drop --users',
      });
    }
    return loadPolicyFile(path, { env: opts.env, credentialProblems: opts.credentialProblems });
  }
  return loadXmlInput(path, text, opts);
}

function loadXmlInput(path: string, text: string, opts: InputOptions): Policy {
  const resolver = new PlaceholderResolver(
    (opts.propertiesFiles ?? []).map(loadPropertiesFile),
    opts.env ?? process.env,
  );
  const parsed = parseBrokerXml(text, path, resolver);
  const { engine, diagnostic } = inferXmlEngine(parsed, opts);
  const diagnostics: Diagnostic[] = [diagnostic, ...parsed.diagnostics];
  let users: PolicyUser[];
  if (opts.usersFile) {
    users = loadUsersFile(opts.usersFile, engine, {
      env: opts.env,
      credentialProblems: opts.credentialProblems,
    });
    if (parsed.users) {
      diagnostics.push({
        severity: 'info',
        code: 'users-file-overrides-xml',
        message: `the users file ${opts.usersFile} replaces the ${parsed.users.length} users of the XML's simpleAuthenticationPlugin`,
      });
    }
  } else if (parsed.users) {
    users = parsed.users.map((u) => ({ ...u, passwordSource: 'broker-xml' as const }));
    const checked = checkCredentials(users, engine);
    const secrets = parsed.users.map((u) => u.password.reveal());
    const reportable = reportableErrors(checked.errors, secrets, publicNamesOf(users));
    if (reportable.length && opts.credentialProblems !== 'diagnose') throw new PolicyErrors(reportable);
    diagnostics.push(...reportable.map(credentialDiagnostic), ...checked.diagnostics);
  } else {
    users = [];
    diagnostics.push({
      severity: 'warning',
      code: 'no-users',
      message: 'the XML has no users (Amazon MQ keeps them outside the XML), so no user can be checked',
      hint: 'pass --users users.yaml with the broker users and their groups',
    });
  }
  return {
    source: { file: path, kind: 'broker-xml' },
    engine,
    users,
    authorization: parsed.authorization,
    destinations: parsed.destinations,
    expectations: [],
    anonymousAccessAllowed: parsed.anonymousAccessAllowed,
    ...(parsed.anonymousGroup !== ANONYMOUS_DEFAULT ? { anonymousGroup: parsed.anonymousGroup } : {}),
    diagnostics,
  };
}
