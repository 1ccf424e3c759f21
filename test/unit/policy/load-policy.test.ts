import type { PolicyError } from '../../../src/core/errors';
import { parsePolicyText } from '../../../src/policy';
import { checkCredentials } from '../../../src/policy/credential-rules';
import { errorsOf, lines, summary } from './policy-test-support';

const ENV = { ORDERS_WRITER_PASSWORD: 'Orders-Writer-Pw-1' };

const ORDERS_YAML = lines(
  'engine: amazon-mq/5.18', //                          1
  'anonymousAccess: false', //                          2
  'users:', //                                          3
  '  - username: orders-writer', //                     4
  '    password: ${ORDERS_WRITER_PASSWORD}', //         5
  '    groups: [writers]', //                           6
  '  - username: orders-reader', //                     7
  '    password: "Reader-Pw-12"', //                    8
  '    groups: [readers]', //                           9
  '  - username: ops', //                               10
  '    groups: [admins]', //                            11
  'authorization:', //                                  12
  '  entries:', //                                      13
  '    - queue: "ORDERS.>"', //                         14
  '      read: [readers]', //                           15
  '      write: [writers]', //                          16
  '      admin: [admins]', //                           17
  '    - topic: "ActiveMQ.Advisory.>"', //              18
  '      read: ["*"]', //                               19
  '      write: ["*"]', //                              20
  '      admin: ["*"]', //                              21
  '    - queue: "ORDERS.>"', //                         22
  '      admin: [writers]', //                          23
  '  tempDestinations: {read: [readers], write: [writers], admin: [admins]}', // 24
  '  default: {admin: [admins]}', //                    25
  'destinations: [queue://ORDERS.new, topic://EVENTS.price]', // 26
  'expectations:', //                                   27
  '  - user: orders-writer', //                         28
  '    can: [produce]', //                              29
  '    cannot: [consume]', //                           30
  '    on: queue://ORDERS.new', //                      31
  '    protocols: [stomp, mqtt]', //                    32
  '  - user: unknown', //                               33
  '    cannot: [connect]', //                           34
);

const ORDERS_JSON = `{
  "engine": "amazon-mq/5.18",
  "users": [
    { "username": "orders-writer", "password": "\${ORDERS_WRITER_PASSWORD}", "groups": ["writers"] },
    { "username": "ops", "groups": ["admins"] }
  ],
  "authorization": {
    "entries": [{ "queue": "ORDERS.>", "write": ["writers"], "admin": ["admins"] }]
  },
  "expectations": [{ "user": "orders-writer", "can": ["produce"], "on": "queue://ORDERS.new" }]
}
`;

describe('parsePolicyText: valid policies', () => {
  it('reads every section of a YAML policy into the Policy type', () => {
    const policy = parsePolicyText(ORDERS_YAML, 'orders.yaml', { env: ENV });
    expect(policy.source).toEqual({ file: 'orders.yaml', kind: 'policy' });
    expect(policy.engine).toEqual({
      flavour: 'amazon-mq',
      version: '5.18',
      versionParts: [5, 18],
      id: 'amazon-mq/5.18',
    });
    expect(policy.anonymousAccessAllowed).toBe(false);
    expect(policy.users.map((u) => [u.username, u.passwordSource, u.groups])).toEqual([
      ['orders-writer', 'env', ['writers']],
      ['orders-reader', 'literal', ['readers']],
      ['ops', 'generated', ['admins']],
    ]);
    expect(policy.users[0]?.password.reveal()).toBe('Orders-Writer-Pw-1');
    expect(policy.users[1]?.password.reveal()).toBe('Reader-Pw-12');
    expect(policy.users.map((u) => u.location)).toEqual([
      { file: 'orders.yaml', line: 4, column: 5 },
      { file: 'orders.yaml', line: 7, column: 5 },
      { file: 'orders.yaml', line: 10, column: 5 },
    ]);
    expect(policy.destinations).toEqual([
      { kind: 'queue', name: 'ORDERS.new' },
      { kind: 'topic', name: 'EVENTS.price' },
    ]);
    expect(policy.diagnostics).toEqual([]);
  });

  it('builds the authorization map with ids, duplicate suffixes, defaults and locations', () => {
    const map = parsePolicyText(ORDERS_YAML, 'orders.yaml', { env: ENV }).authorization;
    expect(map?.entries.map((e) => [e.id, e.type, e.pattern, e.location?.line, e.location?.column])).toEqual([
      ['queue://ORDERS.>', 'queue', 'ORDERS.>', 14, 7],
      ['topic://ActiveMQ.Advisory.>', 'topic', 'ActiveMQ.Advisory.>', 18, 7],
      ['queue://ORDERS.>#2', 'queue', 'ORDERS.>', 22, 7],
    ]);
    expect(map?.entries[0]).toMatchObject({ read: ['readers'], write: ['writers'], admin: ['admins'] });
    expect(map?.entries[2]).toMatchObject({ read: [], write: [], admin: ['writers'] });
    expect(map?.tempDestinationEntry).toEqual({
      read: ['readers'],
      write: ['writers'],
      admin: ['admins'],
      location: { file: 'orders.yaml', line: 24, column: 21 },
    });
    expect(map?.defaultEntry).toEqual({
      read: [],
      write: [],
      admin: ['admins'],
      location: { file: 'orders.yaml', line: 25, column: 12 },
    });
  });

  it('reads expectations with their destination, protocols and location', () => {
    const { expectations } = parsePolicyText(ORDERS_YAML, 'orders.yaml', { env: ENV });
    expect(expectations).toEqual([
      {
        user: 'orders-writer',
        can: ['produce'],
        cannot: ['consume'],
        on: { kind: 'queue', name: 'ORDERS.new' },
        protocols: ['stomp', 'mqtt'],
        location: { file: 'orders.yaml', line: 28, column: 5 },
      },
      {
        user: 'unknown',
        can: [],
        cannot: ['connect'],
        location: { file: 'orders.yaml', line: 33, column: 5 },
      },
    ]);
  });

  it('has authorization null when the block is absent, and defaults for the optional keys', () => {
    const policy = parsePolicyText(
      lines('engine: activemq/5.17.2', 'users: [{username: app, password: pw}]'),
      'p.yaml',
    );
    expect(policy.authorization).toBeNull();
    expect(policy.anonymousAccessAllowed).toBe(false);
    expect(policy.destinations).toEqual([]);
    expect(policy.expectations).toEqual([]);
    expect(policy.engine.versionParts).toEqual([5, 17, 2]);
  });

  it('reads JSON with the same meaning and right line/column positions', () => {
    const policy = parsePolicyText(ORDERS_JSON, 'orders.json', { env: ENV });
    expect(
      policy.users.map((u) => [u.username, u.passwordSource, u.location?.line, u.location?.column]),
    ).toEqual([
      ['orders-writer', 'env', 4, 5],
      ['ops', 'generated', 5, 5],
    ]);
    const jsonLines = ORDERS_JSON.split('\n');
    expect(policy.authorization?.entries[0]).toMatchObject({
      id: 'queue://ORDERS.>',
      location: { line: 8, column: (jsonLines[7] as string).indexOf('{') + 1 },
    });
    expect(policy.expectations[0]?.location).toEqual({
      file: 'orders.json',
      line: 10,
      column: (jsonLines[9] as string).indexOf('{') + 1,
    });
  });

  it('reports JSON errors at their line and column', () => {
    const broken = ORDERS_JSON.replace('"can": ["produce"]', '"can": ["produce", "send"]');
    const column = (broken.split('\n')[9] as string).indexOf('"send"') + 1;
    expect(column).toBeGreaterThan(1);
    expect(summary(errorsOf(() => parsePolicyText(broken, 'orders.json', { env: ENV })))).toEqual([
      `10:${column} expectations[0].can[1]: Invalid option: expected one of "connect"|"produce"|"consume"|"browse"|"create"|"request-reply"|"wildcard-consume"|"durable-subscribe"|"virtual-topic"`,
    ]);
  });

  it('warns, without failing, about users in the Amazon MQ console group', () => {
    const policy = parsePolicyText(
      lines(
        'engine: amazon-mq/5.19',
        'users:',
        '  - username: operator',
        '    groups: [ops, activemq-webconsole]',
      ),
      'p.yaml',
    );
    expect(policy.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'amazon-mq-console-group',
        location: { file: 'p.yaml', line: 4, column: 19 },
      }),
    ]);
  });
});

describe('parsePolicyText: passwords', () => {
  const withPassword = (password: string): string =>
    lines('engine: amazon-mq/5.18', 'users:', '  - username: app', `    password: ${password}`);

  it('resolves ${NAME} from opts.env, not from process.env', () => {
    process.env.POLICY_TEST_ONLY_IN_PROCESS = 'Process-Env-Pw-1';
    try {
      const errors = errorsOf(() =>
        parsePolicyText(withPassword('${POLICY_TEST_ONLY_IN_PROCESS}'), 'p.yaml', { env: {} }),
      );
      expect(summary(errors)).toEqual([
        '4:15 user "app": environment variable POLICY_TEST_ONLY_IN_PROCESS is not set',
      ]);
      expect(errors[0]?.value).toBe('${POLICY_TEST_ONLY_IN_PROCESS}');
      expect(errors[0]?.hint).toContain('export POLICY_TEST_ONLY_IN_PROCESS');
    } finally {
      delete process.env.POLICY_TEST_ONLY_IN_PROCESS;
    }
  });

  it('falls back to process.env when no env is given', () => {
    process.env.POLICY_TEST_PW = 'From-Process-Env-1';
    try {
      const [user] = parsePolicyText(withPassword('${POLICY_TEST_PW}'), 'p.yaml').users;
      expect(user?.password.reveal()).toBe('From-Process-Env-1');
      expect(user?.passwordSource).toBe('env');
    } finally {
      delete process.env.POLICY_TEST_PW;
    }
  });

  it('treats only a whole ${NAME} value as a reference', () => {
    const [user] = parsePolicyText(withPassword('"Prefix-${NOT_A_REF}"'), 'p.yaml', { env: {} }).users;
    expect(user?.password.reveal()).toBe('Prefix-${NOT_A_REF}');
    expect(user?.passwordSource).toBe('literal');
  });

  it('rejects an empty variable and a malformed reference', () => {
    expect(
      summary(errorsOf(() => parsePolicyText(withPassword('${EMPTY}'), 'p.yaml', { env: { EMPTY: '' } }))),
    ).toEqual(['4:15 user "app": environment variable EMPTY is empty']);
    expect(
      summary(errorsOf(() => parsePolicyText(withPassword('"${9-bad}"'), 'p.yaml', { env: {} }))),
    ).toEqual(['4:15 user "app": "${9-bad}" is not a valid environment variable reference']);
  });

  it('checks passwords from the environment against the engine rules', () => {
    const errors = errorsOf(() =>
      parsePolicyText(withPassword('${SHORT}'), 'p.yaml', { env: { SHORT: 'short-pw' } }),
    );
    expect(summary(errors)).toEqual([
      '4:15 user "app": password has 8 characters; Amazon MQ requires 12 to 250',
    ]);
    expect(errors[0]?.hint).toContain('environment variable');
  });

  it('generates a valid, distinct password for each user without one', () => {
    const text = lines('engine: amazon-mq/5.18', 'users:', '  - username: one', '  - username: two');
    const users = parsePolicyText(text, 'p.yaml').users;
    expect(users.map((u) => u.passwordSource)).toEqual(['generated', 'generated']);
    const [one, two] = users.map((u) => u.password.reveal());
    expect(one).not.toBe(two);
    expect(checkCredentials(users, parsePolicyText(text, 'p.yaml').engine).errors).toEqual([]);
  });

  it('uses a supplied generator and still checks what it returns', () => {
    const text = lines('engine: amazon-mq/5.18', 'users:', '  - username: one');
    const generatePassword = ({ username }: { username: string }): string => `${username}-Generated-1`;
    expect(parsePolicyText(text, 'p.yaml', { generatePassword }).users[0]?.password.reveal()).toBe(
      'one-Generated-1',
    );
    expect(
      summary(errorsOf(() => parsePolicyText(text, 'p.yaml', { generatePassword: () => 'aaaaaaaaaaaa' }))),
    ).toEqual(['3:5 user "one": password has 1 distinct characters; Amazon MQ requires at least 4']);
  });

  const shownText = (errors: readonly PolicyError[]): string[] =>
    errors.map((e) => [e.describe(), e.message, e.hint ?? '', e.value ?? '', JSON.stringify(e)].join('\n'));

  it('never shows a password in any error, whatever is wrong around it', () => {
    const secrets = [
      'Literal-Secret-Pw-1',
      'Env-Secret-Pw-2',
      'quoted,secret:pw=3',
      'tooShort4',
      'Listed-Secret-5',
    ];
    const text = lines(
      'engine: amazon-mq/5.18',
      'users:',
      '  - username: "bad name"',
      `    password: ${secrets[0]}`,
      '    groups: [x]',
      '  - username: env-user',
      '    password: ${SECRET_ENV}',
      '    groups: ["bad group!"]',
      '  - username: forbidden',
      `    password: "${secrets[2]}"`,
      '  - username: short',
      `    password: ${secrets[3]}`,
      '  - username: typo',
      `    pasword: ${secrets[0]}`,
      '  - username: listed',
      `    password: [${secrets[4]}]`,
      '  - username: reused',
      `    password: ${secrets[1]}`,
    );
    const env = { SECRET_ENV: secrets[1] as string };
    const errors = errorsOf(() => parsePolicyText(text, 'p.yaml', { env }));
    expect(errors.length).toBeGreaterThanOrEqual(7);
    for (const shown of shownText(errors)) {
      for (const secret of secrets) expect(shown).not.toContain(secret);
    }
  });

  it('never shows a password in YAML syntax errors', () => {
    const text = lines(
      'engine: amazon-mq/5.18',
      'users:',
      '  - username: twice',
      '    password: Literal-Secret-Pw-1',
      '    password: Other-Secret-Pw-2',
      '  - username: escaped',
      '    password: "Bad\\q-Secret-Pw-3"',
    );
    const errors = errorsOf(() => parsePolicyText(text, 'p.yaml'));
    expect(summary(errors)).toEqual([
      '5:5 invalid YAML: Map keys must be unique',
      '7:19 invalid YAML in a password value (BAD_DQ_ESCAPE)',
    ]);
    for (const shown of shownText(errors)) {
      for (const secret of ['Literal-Secret-Pw-1', 'Other-Secret-Pw-2', 'Secret-Pw-3', '\\q']) {
        expect(shown).not.toContain(secret);
      }
    }
  });

  it('never shows a password in the errors of the credential rules themselves', () => {
    const text = lines(
      'engine: amazon-mq/5.18',
      'users:',
      '  - {username: a1, password: "Short-Pw-1"}',
      '  - {username: a2, password: "Has=Equals-Pw-2"}',
      '  - {username: a3, password: "Has Space-Pw-3"}',
      '  - {username: a4, password: "abababababab"}',
    );
    const errors = errorsOf(() => parsePolicyText(text, 'p.yaml'));
    expect(summary(errors)).toEqual([
      '3:30 user "a1": password has 10 characters; Amazon MQ requires 12 to 250',
      '4:30 user "a2": password contains "=", which Amazon MQ forbids',
      '5:30 user "a3": password contains a space, control or non-ASCII character; Amazon MQ allows printable ASCII (0x21-0x7E)',
      '6:30 user "a4": password has 2 distinct characters; Amazon MQ requires at least 4',
    ]);
    const shown = errors.map((e) => e.describe()).join('\n');
    for (const pw of ['Short-Pw-1', 'Has=Equals-Pw-2', 'Has Space-Pw-3', 'abababababab'])
      expect(shown).not.toContain(pw);
  });
});
