/** Builds PolicyUsers from the `users:` list of a policy or users file: passwords resolved, rules checked. */
import { PolicyError } from '../core/errors';
import { Secret } from '../core/secret';
import type { Diagnostic, Engine, PasswordSource, PolicyUser } from '../core/types';
import { checkCredentials, credentialDiagnostic } from './credential-rules';
import { publicNamesOf, redactErrors } from './redact';
import { generatePassword } from './generate-password';
import { userSchema } from './schema';
import type { Path, YamlSource } from './yaml-source';

/** Makes the password of a user the file gives none; the default is crypto-random (generate-password.ts). */
export type PasswordGenerator = (user: { username: string; engine: Engine }) => string;

export interface CredentialOptions {
  /** where `${NAME}` references are looked up; default process.env */
  env?: NodeJS.ProcessEnv;
  generatePassword?: PasswordGenerator;
  /** `diagnose`: credential-rule violations become error diagnostics (lint) instead of errors */
  credentialProblems?: 'throw' | 'diagnose';
}

/** Only a whole value of this shape is a reference; `abc${X}` is a literal password. */
const ENV_REFERENCE = /^\$\{([^}]*)\}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Every password text the input may hold, for scrubbing messages: what was written under credential-like
 * keys (minus `${NAME}` references, which are names, not secrets) and what the environment supplied.
 */
export function secretsToScrub(source: YamlSource, users: UsersSection): string[] {
  return [...source.secretTexts.filter((t) => !ENV_REFERENCE.test(t)), ...users.resolvedSecrets];
}

export interface UsersSection {
  users: PolicyUser[];
  errors: PolicyError[];
  diagnostics: Diagnostic[];
  /** passwords read from the environment, to scrub from any message */
  resolvedSecrets: string[];
}

export function buildUsers(
  source: YamlSource,
  rawUsers: unknown,
  at: Path,
  engine: Engine | undefined,
  literalSource: Extract<PasswordSource, 'literal' | 'users-file'>,
  opts: CredentialOptions,
): UsersSection {
  const env = opts.env ?? process.env;
  const out: UsersSection = { users: [], errors: [], diagnostics: [], resolvedSecrets: [] };
  if (!Array.isArray(rawUsers)) return out;
  const rawIndexOf: number[] = [];

  rawUsers.forEach((item: unknown, index) => {
    const parsed = userSchema.safeParse(item);
    if (!parsed.success) return; // already reported by the file schema
    const raw = parsed.data;
    const userPath = [...at, index];
    let password: string;
    let passwordSource: PasswordSource;
    if (raw.password === undefined) {
      password = engine
        ? (opts.generatePassword?.({ username: raw.username, engine }) ?? generatePassword())
        : generatePassword();
      passwordSource = 'generated';
    } else {
      const reference = ENV_REFERENCE.exec(raw.password);
      if (reference) {
        const name = reference[1] ?? '';
        const resolved = resolveEnv(name, env);
        if (typeof resolved !== 'string') {
          out.errors.push(
            new PolicyError(`user "${raw.username}": ${resolved.message}`, {
              location: source.locate([...userPath, 'password']),
              value: raw.password,
              hint: resolved.hint,
            }),
          );
          return;
        }
        password = resolved;
        passwordSource = 'env';
        out.resolvedSecrets.push(resolved);
      } else {
        password = raw.password;
        passwordSource = literalSource;
      }
    }
    out.users.push({
      username: raw.username,
      password: new Secret(password),
      passwordSource,
      groups: raw.groups ?? [],
      location: source.locate(userPath),
    });
    rawIndexOf.push(index);
  });

  if (engine) {
    const rawPath = (i: number): Path => [...at, rawIndexOf[i] ?? 0];
    const checked = checkCredentials(out.users, engine, {
      username: (i) => source.locate([...rawPath(i), 'username']),
      password: (i) =>
        out.users[i]?.passwordSource === 'generated' ? undefined : source.locate([...rawPath(i), 'password']),
      group: (i, g) => source.locate([...rawPath(i), 'groups', g]),
    });
    if (opts.credentialProblems === 'diagnose') {
      const secrets = out.users.map((u) => u.password.reveal());
      for (const e of redactErrors(checked.errors, secrets, publicNamesOf(out.users)))
        out.diagnostics.push(credentialDiagnostic(e));
    } else {
      // One by one: spreading many thousands of items into push() overflows the stack.
      for (const e of checked.errors) out.errors.push(e);
    }
    for (const d of checked.diagnostics) out.diagnostics.push(d);
  }
  return out;
}

function resolveEnv(name: string, env: NodeJS.ProcessEnv): string | { message: string; hint: string } {
  if (!ENV_NAME.test(name)) {
    return {
      message: `"\${${name}}" is not a valid environment variable reference`,
      hint: 'write ${NAME} with letters, digits and underscores, not starting with a digit',
    };
  }
  const value = env[name];
  if (value === undefined) {
    return {
      message: `environment variable ${name} is not set`,
      hint: `export ${name} before running, or omit the password to have one generated`,
    };
  }
  if (value === '') {
    return {
      message: `environment variable ${name} is empty`,
      hint: `give ${name} the password as its value`,
    };
  }
  return value;
}
