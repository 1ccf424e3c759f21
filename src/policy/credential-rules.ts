/**
 * Rules for usernames, passwords and groups, per engine flavour.
 *
 * Amazon MQ for ActiveMQ (CreateUser API, AWS::AmazonMQ::Broker User): username and group names 2-100
 * characters of A-Z a-z 0-9 - . _ ~; at most 20 groups per user; at most 250 users per broker; password
 * at least 12 characters, at least 4 distinct, none of `, : =`, printable ASCII, at most 250.
 *
 * Plain ActiveMQ: only what `simpleAuthenticationPlugin` XML can carry (`<authenticationUser username=
 * password= groups="a,b"/>`): groups are comma-separated and trimmed, and XML 1.0 cannot hold most
 * control characters at all.
 */
import { PolicyError } from '../core/errors';
import type { SourceLocation } from '../core/errors';
import type { Secret } from '../core/secret';
import type { Diagnostic, Engine, PolicyUser } from '../core/types';

export const AMAZON_MQ_LIMITS = {
  nameMinChars: 2,
  nameMaxChars: 100,
  passwordMinChars: 12,
  passwordMaxChars: 250,
  passwordMinDistinctChars: 4,
  maxGroupsPerUser: 20,
  maxUsers: 250,
} as const;

/** The group Amazon MQ grants admin on every queue and topic. */
export const AMAZON_MQ_CONSOLE_GROUP = 'activemq-webconsole';

const AMAZON_MQ_NAME_CHAR = /[A-Za-z0-9._~-]/;
export const AMAZON_MQ_PASSWORD_FORBIDDEN = [',', ':', '='] as const;

/**
 * Printable ASCII without the space (0x21-0x7E). Amazon MQ documents "printable ASCII" without saying
 * whether that includes the space; the API's own pattern only excludes `, : =`. Leaving the space out is
 * the choice that never accepts a password the service might refuse, and it spares a class of mistakes
 * (a trailing space copied with a secret, shells and YAML trimming it away).
 */
export function isAmazonMqPasswordChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return (
    ch.length === 1 &&
    code >= 0x21 &&
    code <= 0x7e &&
    !(AMAZON_MQ_PASSWORD_FORBIDDEN as readonly string[]).includes(ch)
  );
}

// XML 1.0 Char production minus tab, LF and CR, which attribute normalisation turns into spaces.
// eslint-disable-next-line no-control-regex
const NOT_IN_XML_ATTRIBUTE = /[\u0000-\u001f\ud800-\udfff\ufffe\uffff]/;

export type NameKind = 'username' | 'group';

function describeChars(chars: Iterable<string>): string {
  return [...new Set(chars)].map((c) => (c === ' ' ? 'space' : JSON.stringify(c))).join(', ');
}

/** Why `name` is not acceptable as a username or group name on `engine`; undefined when it is. */
export function nameProblem(name: string, kind: NameKind, engine: Engine): string | undefined {
  if (engine.flavour === 'amazon-mq') {
    const { nameMinChars: min, nameMaxChars: max } = AMAZON_MQ_LIMITS;
    if (name.length < min || name.length > max) {
      return `${kind} "${name}" has ${name.length} characters; Amazon MQ requires ${min} to ${max}`;
    }
    const bad = [...name].filter((c) => !AMAZON_MQ_NAME_CHAR.test(c));
    if (bad.length > 0) {
      return `${kind} "${name}" contains ${describeChars(bad)}; Amazon MQ allows only A-Z a-z 0-9 - . _ ~`;
    }
    return undefined;
  }
  if (name.length === 0) return `${kind} is empty`;
  if (name.trim() !== name) return `${kind} "${name}" starts or ends with whitespace, which the broker trims`;
  if (NOT_IN_XML_ATTRIBUTE.test(name)) return `${kind} ${JSON.stringify(name)} contains a control character`;
  if (kind === 'group' && name.includes(',')) {
    return `group "${name}" contains a comma, which separates groups in the broker configuration`;
  }
  return undefined;
}

/** Why `password` is not acceptable on `engine`; the answer never contains the password. */
export function passwordProblem(password: Secret, engine: Engine): string | undefined {
  const text = password.reveal();
  if (engine.flavour === 'amazon-mq') {
    const {
      passwordMinChars: min,
      passwordMaxChars: max,
      passwordMinDistinctChars: distinct,
    } = AMAZON_MQ_LIMITS;
    if (text.length < min || text.length > max) {
      return `password has ${text.length} characters; Amazon MQ requires ${min} to ${max}`;
    }
    const forbidden = AMAZON_MQ_PASSWORD_FORBIDDEN.filter((c) => text.includes(c));
    if (forbidden.length > 0) return `password contains ${describeChars(forbidden)}, which Amazon MQ forbids`;
    if ([...text].some((c) => !isAmazonMqPasswordChar(c))) {
      return 'password contains a space, control or non-ASCII character; Amazon MQ allows printable ASCII (0x21-0x7E)';
    }
    const distinctCount = new Set(text).size;
    if (distinctCount < distinct) {
      return `password has ${distinctCount} distinct characters; Amazon MQ requires at least ${distinct}`;
    }
    return undefined;
  }
  if (text.length === 0) return 'password is empty';
  if (NOT_IN_XML_ATTRIBUTE.test(text))
    return 'password contains a control character the broker XML cannot hold';
  return undefined;
}

/** Where each part of a user was written, for users loaded from a file; a user's own location otherwise. */
export interface CredentialLocator {
  username?(userIndex: number): SourceLocation | undefined;
  password?(userIndex: number): SourceLocation | undefined;
  group?(userIndex: number, groupIndex: number): SourceLocation | undefined;
}

export interface CredentialCheck {
  errors: PolicyError[];
  diagnostics: Diagnostic[];
}

const PASSWORD_HINT: Record<PolicyUser['passwordSource'], string> = {
  literal: 'change the password, or omit it to have one generated for the run',
  env: 'change the value of the environment variable, or omit the password to have one generated',
  generated: 'the password generator produced an invalid password; use the built-in generator',
  'users-file': 'change the password in the users file, or omit it to have one generated',
  'broker-xml': 'change the password in the broker XML',
};

export function checkCredentials(
  users: readonly PolicyUser[],
  engine: Engine,
  locator: CredentialLocator = {},
): CredentialCheck {
  const errors: PolicyError[] = [];
  const diagnostics: Diagnostic[] = [];
  const amazon = engine.flavour === 'amazon-mq';
  const rulesName = amazon ? 'Amazon MQ' : 'ActiveMQ';
  const firstSeen = new Map<string, number>();

  users.forEach((user, i) => {
    const userAt = user.location;
    const fail = (
      message: string,
      location: SourceLocation | undefined,
      hint: string,
      value?: string,
    ): void => {
      errors.push(new PolicyError(message, { location: location ?? userAt, hint, value }));
    };

    const usernameProblem = nameProblem(user.username, 'username', engine);
    if (usernameProblem) {
      fail(
        usernameProblem,
        locator.username?.(i),
        `rename the user to fit the ${rulesName} rules`,
        user.username,
      );
    }

    const seenAt = firstSeen.get(user.username);
    if (seenAt !== undefined) {
      const first = users[seenAt]?.location;
      fail(
        `user "${user.username}" is declared twice`,
        locator.username?.(i),
        first
          ? `the first is at ${first.file}:${first.line}:${first.column}; merge them`
          : 'merge the two entries',
        user.username,
      );
    } else {
      firstSeen.set(user.username, i);
    }

    const pwProblem = passwordProblem(user.password, engine);
    if (pwProblem) {
      fail(
        `user "${user.username}": ${pwProblem}`,
        locator.password?.(i),
        PASSWORD_HINT[user.passwordSource],
      );
    }

    user.groups.forEach((group, g) => {
      const problem = nameProblem(group, 'group', engine);
      if (problem) {
        fail(
          `user "${user.username}": ${problem}`,
          locator.group?.(i, g),
          `rename the group to fit the ${rulesName} rules`,
          group,
        );
      }
    });

    if (amazon && user.groups.length > AMAZON_MQ_LIMITS.maxGroupsPerUser) {
      fail(
        `user "${user.username}" has ${user.groups.length} groups; Amazon MQ allows at most ${AMAZON_MQ_LIMITS.maxGroupsPerUser}`,
        undefined,
        'merge groups that always appear together',
      );
    }

    if (amazon && user.groups.includes(AMAZON_MQ_CONSOLE_GROUP)) {
      diagnostics.push({
        severity: 'warning',
        code: 'amazon-mq-console-group',
        message: `user "${user.username}" is in ${AMAZON_MQ_CONSOLE_GROUP}, which Amazon MQ grants admin on every queue and topic`,
        hint: 'keep that group for console operators only',
        location: locator.group?.(i, user.groups.indexOf(AMAZON_MQ_CONSOLE_GROUP)) ?? userAt,
      });
    }
  });

  if (amazon && users.length > AMAZON_MQ_LIMITS.maxUsers) {
    const extra = users[AMAZON_MQ_LIMITS.maxUsers];
    errors.push(
      new PolicyError(
        `${users.length} users declared; Amazon MQ allows at most ${AMAZON_MQ_LIMITS.maxUsers} per broker`,
        {
          location: extra?.location,
          hint: 'users sharing one role can share one account',
        },
      ),
    );
  }
  return { errors, diagnostics };
}

/** A credential-rule violation, as a finding lint reports beside the others (already scrubbed of secrets). */
export function credentialDiagnostic(error: PolicyError): Diagnostic {
  return {
    severity: 'error',
    code: 'credential-rule',
    message: error.message,
    ...(error.location ? { location: error.location } : {}),
    ...(error.hint ? { hint: error.hint } : {}),
  };
}
