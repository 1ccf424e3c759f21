import fc from 'fast-check';
import { Secret } from '../../../src/core/secret';
import type { Engine, PolicyUser } from '../../../src/core/types';
import { checkCredentials, nameProblem, parseEngine, passwordProblem } from '../../../src/policy';

function engine(id: string): Engine {
  const parsed = parseEngine(id);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.engine;
}

const AMAZON = engine('amazon-mq/5.18');
const ACTIVEMQ = engine('activemq/5.17.2');
const VALID_PASSWORD = 'Valid-Password-1';

function user(username: string, password = VALID_PASSWORD, groups: string[] = [], line = 1): PolicyUser {
  return {
    username,
    password: new Secret(password),
    passwordSource: 'literal',
    groups,
    location: { file: 'users.yaml', line, column: 5 },
  };
}

const errorsFor = (users: PolicyUser[], e: Engine = AMAZON): string[] =>
  checkCredentials(users, e).errors.map((err) => err.message);

describe('Amazon MQ username and group rules', () => {
  const specials = '-._~';
  it.each([
    ['2 characters', 'a~'],
    ['2 special characters', '.-'],
    ['100 characters with every allowed special', `${specials}${'Az09'.repeat(24)}`],
  ])('accepts a name of %s', (_, name) => {
    expect(name.length === 2 || name.length === 100).toBe(true);
    expect(nameProblem(name, 'username', AMAZON)).toBeUndefined();
    expect(nameProblem(name, 'group', AMAZON)).toBeUndefined();
  });

  it.each([
    ['a', 'has 1 characters; Amazon MQ requires 2 to 100'],
    ['a'.repeat(101), 'has 101 characters; Amazon MQ requires 2 to 100'],
    ['with space', 'contains space'],
    ['at@sign', 'contains "@"'],
    ['slash/name', 'contains "/"'],
    ['comma,name', 'contains ","'],
    ['colon:name', 'contains ":"'],
    ['plus+name', 'contains "+"'],
    ['caf\u00e9', 'contains "\u00e9"'],
  ])('rejects %j', (name, expected) => {
    expect(nameProblem(name, 'username', AMAZON)).toContain(expected);
    expect(nameProblem(name, 'group', AMAZON)).toContain(expected);
  });

  it('allows 20 groups per user and rejects 21', () => {
    const groups = (n: number): string[] => Array.from({ length: n }, (_, i) => `group-${i}`);
    expect(errorsFor([user('app', VALID_PASSWORD, groups(20))])).toEqual([]);
    expect(errorsFor([user('app', VALID_PASSWORD, groups(21))])).toEqual([
      'user "app" has 21 groups; Amazon MQ allows at most 20',
    ]);
  });

  it('allows 250 users and rejects 251, located at the first one too many', () => {
    const users = (n: number): PolicyUser[] =>
      Array.from({ length: n }, (_, i) => user(`user-${i}`, VALID_PASSWORD, [], i + 1));
    expect(errorsFor(users(250))).toEqual([]);
    const result = checkCredentials(users(251), AMAZON);
    expect(result.errors.map((e) => [e.message, e.location?.line])).toEqual([
      ['251 users declared; Amazon MQ allows at most 250 per broker', 251],
    ]);
  });

  it('warns about the console group without failing', () => {
    const result = checkCredentials([user('ops', VALID_PASSWORD, ['admins', 'activemq-webconsole'])], AMAZON);
    expect(result.errors).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'amazon-mq-console-group',
        location: expect.any(Object),
      }),
    ]);
    expect(
      checkCredentials([user('ops', VALID_PASSWORD, ['activemq-webconsole'])], ACTIVEMQ).diagnostics,
    ).toEqual([]);
  });
});

describe('Amazon MQ password rules', () => {
  const check = (password: string): string | undefined => passwordProblem(new Secret(password), AMAZON);

  it.each([
    ['12 characters', 'abcd-1234-XY'],
    ['250 characters', `abcd${'x'.repeat(246)}`],
    ['exactly 4 distinct characters', 'abcdabcdabcd'],
    ['every printable ASCII except space and , : =', '!"#$%&\'()*+-./09;<>?@AZ[\\]^_`az{|}~'],
  ])('accepts %s', (_, password) => {
    expect(check(password)).toBeUndefined();
  });

  it.each([
    ['11 characters', 'abcd-1234-X', 'password has 11 characters; Amazon MQ requires 12 to 250'],
    ['251 characters', `abcd${'x'.repeat(247)}`, 'password has 251 characters; Amazon MQ requires 12 to 250'],
    [
      '3 distinct characters',
      'abcabcabcabc',
      'password has 3 distinct characters; Amazon MQ requires at least 4',
    ],
    ['a comma', 'abcd-1234,XY', 'password contains ",", which Amazon MQ forbids'],
    ['a colon', 'abcd-1234:XY', 'password contains ":", which Amazon MQ forbids'],
    ['an equals sign', 'abcd-1234=XY', 'password contains "=", which Amazon MQ forbids'],
    ['a space', 'abcd 1234 XY', 'password contains a space, control or non-ASCII character'],
    ['a tab', 'abcd\t1234-XY', 'password contains a space, control or non-ASCII character'],
    ['a non-ASCII letter', 'abcd-1234-\u00e9Y', 'password contains a space, control or non-ASCII character'],
  ])('rejects %s', (_, password, expected) => {
    const problem = check(password);
    expect(problem).toContain(expected);
    expect(problem).not.toContain(password);
  });

  it('names the user and the rule, locates at the user, and never shows the password', () => {
    const [error] = checkCredentials([user('orders-writer', 'Short-Pw-1')], AMAZON).errors;
    expect(error?.message).toBe(
      'user "orders-writer": password has 10 characters; Amazon MQ requires 12 to 250',
    );
    expect(error?.location).toEqual({ file: 'users.yaml', line: 1, column: 5 });
    expect(error?.describe()).not.toContain('Short-Pw-1');
    expect(error?.value).toBeUndefined();
  });

  it('uses a locator to point at the password node when one is given', () => {
    const [error] = checkCredentials([user('app', 'short')], AMAZON, {
      password: () => ({ file: 'users.yaml', line: 7, column: 15 }),
    }).errors;
    expect(error?.location).toEqual({ file: 'users.yaml', line: 7, column: 15 });
  });
});

describe('plain ActiveMQ rules', () => {
  it('accepts what simpleAuthenticationPlugin can carry', () => {
    expect(errorsFor([user('a', 'x', ['g', 'with space', 'activemq-webconsole', 'é'])], ACTIVEMQ)).toEqual(
      [],
    );
  });

  it.each([
    [user('', 'pw'), 'username is empty'],
    [user(' padded', 'pw'), 'username " padded" starts or ends with whitespace, which the broker trims'],
    [user('app', ''), 'user "app": password is empty'],
    [user('app', 'pw\u0001'), 'user "app": password contains a control character the broker XML cannot hold'],
    [
      user('app', 'pw', ['a,b']),
      'user "app": group "a,b" contains a comma, which separates groups in the broker configuration',
    ],
    [user('app', 'pw', ['']), 'user "app": group is empty'],
    [
      user('app', 'pw', ['trailing ']),
      'user "app": group "trailing " starts or ends with whitespace, which the broker trims',
    ],
  ])('rejects %#: %s', (bad, expected) => {
    expect(errorsFor([bad], ACTIVEMQ)).toEqual([expected]);
  });

  it('does not apply Amazon MQ limits', () => {
    const many = Array.from({ length: 30 }, (_, i) => `g${i}`);
    expect(errorsFor([user('a', 'pw', many)], ACTIVEMQ)).toEqual([]);
  });

  it('rejects duplicate usernames on both engines', () => {
    for (const e of [AMAZON, ACTIVEMQ]) {
      const result = checkCredentials(
        [user('app', VALID_PASSWORD, [], 3), user('app', VALID_PASSWORD, [], 9)],
        e,
      );
      expect(result.errors.map((err) => [err.message, err.location?.line, err.hint])).toEqual([
        ['user "app" is declared twice', 9, 'the first is at users.yaml:3:5; merge them'],
      ]);
    }
  });
});

describe('properties over random users', () => {
  const NAME = /^[A-Za-z0-9._~-]{2,100}$/;
  const PASSWORD_CHARS = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) =>
    String.fromCharCode(0x21 + i),
  ).filter((c) => !',:='.includes(c));
  const validName = fc.stringMatching(NAME);
  const validPassword = fc
    .tuple(
      fc.uniqueArray(fc.constantFrom(...PASSWORD_CHARS), { minLength: 4, maxLength: 4 }),
      fc.array(fc.constantFrom(...PASSWORD_CHARS), { minLength: 8, maxLength: 246 }),
    )
    .chain(([distinct, rest]) =>
      fc.shuffledSubarray([...distinct, ...rest], { minLength: distinct.length + rest.length }),
    )
    .map((chars) => chars.join(''));
  const validUser = fc.record({
    username: validName,
    password: validPassword,
    groups: fc.array(validName, { maxLength: 20 }),
  });

  it('accepts every user that follows the Amazon MQ rules', () => {
    fc.assert(
      fc.property(fc.uniqueArray(validUser, { selector: (u) => u.username, maxLength: 5 }), (raw) => {
        const users = raw.map((u, i) => user(u.username, u.password, u.groups, i + 1));
        expect(checkCredentials(users, AMAZON).errors).toEqual([]);
      }),
    );
  });

  type Mutation = (u: { username: string; password: string; groups: string[] }) => {
    username: string;
    password: string;
    groups: string[];
  };
  const badChar = fc.constantFrom(' ', '@', '/', ',', ':', '=', '\u00e9', '\n');
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.constant<Mutation>((u) => ({ ...u, username: u.username.slice(0, 1) })),
    fc.constant<Mutation>((u) => ({ ...u, username: `${u.username}${'x'.repeat(101)}`.slice(0, 101) })),
    badChar.map<Mutation>((c) => (u) => ({ ...u, username: `${u.username}${c}` })),
    fc.integer({ min: 0, max: 11 }).map<Mutation>((n) => (u) => ({ ...u, password: u.password.slice(0, n) })),
    fc.constant<Mutation>((u) => ({ ...u, password: `${u.password}${'y'.repeat(251)}` })),
    fc
      .constantFrom(',', ':', '=', ' ')
      .map<Mutation>((c) => (u) => ({ ...u, password: `${u.password}${c}` })),
    fc.constant<Mutation>((u) => ({ ...u, password: 'abc'.repeat(5) })),
    badChar.map<Mutation>((c) => (u) => ({ ...u, groups: [...u.groups, `group${c}`] })),
    fc.constant<Mutation>((u) => ({ ...u, groups: Array.from({ length: 21 }, (_, i) => `group-${i}`) })),
  );

  /** Very short passwords, or ones that happen to be part of a name, occur in any message by chance. */
  const shownAnyway = (password: string, names: string[]): boolean =>
    password.length < 4 || names.some((n) => n.includes(password));

  it('rejects every user that breaks one rule, with a location and without the password', () => {
    fc.assert(
      fc.property(validUser, mutation, fc.integer({ min: 1, max: 500 }), (valid, mutate, line) => {
        const broken = mutate(valid);
        const { errors } = checkCredentials(
          [user(broken.username, broken.password, broken.groups, line)],
          AMAZON,
        );
        expect(errors.length).toBeGreaterThan(0);
        for (const error of errors) {
          expect(error.location).toEqual({ file: 'users.yaml', line, column: 5 });
          if (!shownAnyway(broken.password, [broken.username, ...broken.groups])) {
            expect(error.describe()).not.toContain(broken.password);
          }
        }
      }),
    );
  });
});
