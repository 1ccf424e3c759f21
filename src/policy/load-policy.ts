/** Loads a policy file (YAML, or JSON) into a Policy, reporting every problem at once with its location. */
import { PolicyError, PolicyErrors } from '../core/errors';
import { parseDestination } from '../core/destination';
import type { Destination, Diagnostic, Engine, Policy } from '../core/types';
import { buildAuthorization } from './authorization-section';
import { parseEngine } from './engine';
import { buildExpectations, SPECIAL_EXPECTATION_USERS } from './expectations-section';
import { readInputFile } from './read-input';
import { publicNamesOf, reportableErrors } from './redact';
import { policyFileSchema } from './schema';
import { buildUsers, secretsToScrub } from './users-section';
import type { CredentialOptions } from './users-section';
import { parseYamlSource } from './yaml-source';
import type { YamlSource } from './yaml-source';
import { issuesToErrors } from './zod-issues';

export type PolicyLoadOptions = CredentialOptions;

export function loadPolicyFile(path: string, opts: PolicyLoadOptions = {}): Policy {
  return parsePolicyText(readInputFile(path, 'policy file'), path, opts);
}

/** `file` is only used to name locations in errors and in `Policy.source`. */
export function parsePolicyText(text: string, file: string, opts: PolicyLoadOptions = {}): Policy {
  const source = parseYamlSource(text, file);
  if (source.syntaxErrors.length > 0) fail(source.syntaxErrors, source.secretTexts);

  const parsed = policyFileSchema.safeParse(source.data);
  const errors: PolicyError[] = parsed.success
    ? []
    : issuesToErrors(parsed.error.issues, source, policyFileSchema);
  const raw = asRecord(source.data);

  const engine = engineOf(raw.engine);
  const users = buildUsers(source, raw.users, ['users'], engine, 'literal', opts);
  // Appended one by one: spreading a list of many thousands of errors into push() overflows the stack.
  append(errors, users.errors, reservedNameErrors(source, raw.users));
  const authorization = buildAuthorization(source, raw.authorization, ['authorization']);
  append(errors, authorization.errors);
  const declaredNames = Array.isArray(raw.users)
    ? raw.users.map((u: unknown) => asRecord(u).username).filter((n): n is string => typeof n === 'string')
    : [];
  const expectations = buildExpectations(source, raw.expectations, ['expectations'], declaredNames);
  append(errors, expectations.errors);

  const secrets = secretsToScrub(source, users);
  if (errors.length > 0 || !parsed.success || !engine) fail(errors, secrets, publicNamesOf(users.users));

  const diagnostics: Diagnostic[] = [...source.warnings, ...users.diagnostics];
  return {
    source: { file, kind: 'policy' },
    engine,
    users: users.users,
    authorization: authorization.map,
    destinations: declaredDestinations(parsed.data.destinations),
    expectations: expectations.expectations,
    anonymousAccessAllowed: parsed.data.anonymousAccess ?? false,
    ...(parsed.data.anonymousGroup ? { anonymousGroup: parsed.data.anonymousGroup } : {}),
    diagnostics,
  };
}

function fail(errors: readonly PolicyError[], secrets: readonly string[], publicNames: string[] = []): never {
  throw new PolicyErrors(reportableErrors(errors, secrets, publicNames));
}

function append<T>(target: T[], ...lists: ReadonlyArray<readonly T[]>): void {
  for (const list of lists) for (const item of list) target.push(item);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function engineOf(value: unknown): Engine | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = parseEngine(value);
  return parsed.ok ? parsed.engine : undefined;
}

function declaredDestinations(texts: readonly string[] | undefined): Destination[] {
  return (texts ?? []).map(parseDestination).filter((d): d is Destination => d !== null);
}

/** A declared user named like a special expectation user would make expectations ambiguous. */
function reservedNameErrors(source: YamlSource, rawUsers: unknown): PolicyError[] {
  if (!Array.isArray(rawUsers)) return [];
  const reserved: readonly string[] = SPECIAL_EXPECTATION_USERS;
  return rawUsers.flatMap((u: unknown, i) => {
    const name = asRecord(u).username;
    if (typeof name !== 'string' || !reserved.includes(name)) return [];
    return [
      new PolicyError(`username "${name}" is reserved`, {
        location: source.locate(['users', i, 'username']),
        value: name,
        hint: `expectations use ${SPECIAL_EXPECTATION_USERS.join(' and ')} for clients without a declared account; rename the user`,
      }),
    ];
  });
}
