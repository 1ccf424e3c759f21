/**
 * One entry point for every command's input: a policy file (YAML/JSON), or a team's broker XML with its
 * users from a separate users file (Amazon MQ's XML carries no users) or from the XML's own
 * simpleAuthenticationPlugin.
 */
import { extname } from 'node:path';
import { parseBrokerXml } from '../activemq-xml/parse';
import { PolicyError, PolicyErrors } from '../core/errors';
import type { Diagnostic, Engine, Policy, PolicyUser } from '../core/types';
import { checkCredentials, loadPolicyFile, loadUsersFile, parseEngine } from '../policy';
import { readInputFile } from '../policy/read-input';
import { reportableErrors } from '../policy/redact';

/** Amazon MQ is the main target; an XML gives no engine, so rules default to Amazon MQ's current one. */
export const DEFAULT_XML_ENGINE = 'amazon-mq/5.18';

export interface InputOptions {
  usersFile?: string;
  /** engine for an XML input, e.g. `amazon-mq/5.18`; ignored for a policy file (it names its own) */
  engine?: string;
  env?: NodeJS.ProcessEnv;
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
    return loadPolicyFile(path, { env: opts.env });
  }
  return loadXmlInput(path, text, opts);
}

function loadXmlInput(path: string, text: string, opts: InputOptions): Policy {
  const engine = resolveEngine(opts.engine ?? DEFAULT_XML_ENGINE, '--engine');
  const parsed = parseBrokerXml(text, path);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  let users: PolicyUser[];
  if (opts.usersFile) {
    users = loadUsersFile(opts.usersFile, engine, { env: opts.env });
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
    if (checked.errors.length) {
      throw new PolicyErrors(
        reportableErrors(
          checked.errors,
          parsed.users.map((u) => u.password.reveal()),
        ),
      );
    }
    diagnostics.push(...checked.diagnostics);
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
    diagnostics,
  };
}
