import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyErrors } from '../../../src/core/errors';
import { loadPolicyFile, parsePolicyText } from '../../../src/policy';
import { errorsOf, lines, summary } from './policy-test-support';

const HEAD = ['engine: amazon-mq/5.18', 'users:', '  - username: writer', '    groups: [writers]'];
const problems = (...body: string[]): string[] =>
  summary(errorsOf(() => parsePolicyText(lines(...body), 'p.yaml')));

describe('policy errors name line, column, value and a hint', () => {
  it('suggests the key meant by a misspelt one, at the key itself', () => {
    const errors = errorsOf(() =>
      parsePolicyText(
        lines(
          ...HEAD,
          'authorization:',
          '  entries:',
          '    - queue: A',
          '      raed: [writers]',
          'expectation: []',
        ),
        'p.yaml',
      ),
    );
    expect(summary(errors)).toEqual([
      '8:7 unknown key "raed" in authorization.entries[0]',
      '9:1 unknown key "expectation"',
    ]);
    expect(errors.map((e) => [e.value, e.hint])).toEqual([
      ['raed', 'did you mean "read"?'],
      ['expectation', 'did you mean "expectations"?'],
    ]);
  });

  it('lists the allowed keys when no key is close', () => {
    const [error] = errorsOf(() => parsePolicyText(lines(...HEAD, '    colour: blue'), 'p.yaml'));
    expect(error?.message).toBe('unknown key "colour" in users[0]');
    expect(error?.location).toEqual({ file: 'p.yaml', line: 5, column: 5 });
    expect(error?.hint).toBe('allowed keys here: username, password, groups');
  });

  it.each([
    ['rabbitmq/3.13', '1:9 unknown engine flavour "rabbitmq"', 'known flavours: amazon-mq, activemq'],
    ['amazon-mq/5', '1:9 engine version "5" of amazon-mq is not <major.minor[.patch]>', 'amazon-mq/5.18'],
    ['activemq/5.17', '1:9 engine version "5.17" of activemq is not <major.minor.patch>', 'activemq/5.17.2'],
    ['amazon-mq', '1:9 engine version "" of amazon-mq is not <major.minor[.patch]>', 'amazon-mq/5.18'],
  ])('rejects engine %s with a hint', (engine, expected, hint) => {
    const errors = errorsOf(() => parsePolicyText(lines(`engine: ${engine}`), 'p.yaml'));
    expect(summary(errors)).toEqual([expected]);
    expect(errors[0]?.hint).toContain(hint);
    expect(errors[0]?.value).toBe(engine);
  });

  it('reports a missing engine at the mapping that lacks it', () => {
    expect(problems('users: []')).toEqual(['1:1 engine is required']);
  });

  it('reports an empty file and a file that is not a mapping', () => {
    expect(problems('# only a comment')).toEqual(['1:1 the file is empty']);
    expect(problems('- engine: amazon-mq/5.18')).toEqual(['1:1 the file must be a mapping, not a list']);
  });

  it('reports wrong types with the value found', () => {
    const errors = errorsOf(() =>
      parsePolicyText(
        lines('engine: amazon-mq/5.18', 'users: {writer: x}', 'anonymousAccess: "yes"'),
        'p.yaml',
      ),
    );
    expect(summary(errors)).toEqual([
      '2:8 users must be a list, not a mapping',
      '3:18 anonymousAccess must be a boolean, not a string',
    ]);
    expect(errors.map((e) => e.value)).toEqual(['a mapping', 'yes']);
  });

  it('checks that each authorization entry names exactly one non-empty, space-free pattern', () => {
    expect(
      problems(
        ...HEAD,
        'authorization:',
        '  entries:',
        '    - {queue: A, topic: B}',
        '    - {read: [writers]}',
        '    - queue: "ORDERS new"',
        '    - topic: ""',
        '    - {queue: C, write: ["a,b", " spaced"]}',
      ),
    ).toEqual([
      '7:7 authorization entry names both a queue and a topic',
      '8:7 authorization entry names no destination',
      '9:14 authorization.entries[2].queue: a destination pattern must be non-empty and contain no whitespace',
      '10:14 authorization.entries[3].topic: a destination pattern must be non-empty and contain no whitespace',
      '11:26 authorization.entries[4].write[0]: an ACL group must be non-empty, without commas and without surrounding whitespace',
      '11:33 authorization.entries[4].write[1]: an ACL group must be non-empty, without commas and without surrounding whitespace',
    ]);
  });

  it('checks declared destinations', () => {
    expect(problems(...HEAD, 'destinations: [queue://A, ORDERS, temp-queue://T]')).toEqual([
      '5:27 destinations[1]: a declared destination must be written queue://NAME or topic://NAME',
      '5:35 destinations[2]: a declared destination must be written queue://NAME or topic://NAME',
    ]);
  });

  it('checks expectations: known user, operations, protocols, destination', () => {
    const errors = errorsOf(() =>
      parsePolicyText(
        lines(
          ...HEAD,
          'expectations:',
          '  - user: writr', //                         6
          '    cannot: [connect]',
          '  - user: writer', //                        8
          '    can: [produce, consume]',
          '    cannot: [consume]', //                   10
          '    on: queue://A',
          '  - user: writer', //                        12
          '    can: [produce]',
          '  - user: writer', //                        14
          '    can: [send]',
          '    on: ORDERS', //                          16
          '    protocols: [stomp, smtp]',
          '  - user: writer', //                        18
          '    can: [connect]',
          '    protocols: []', //                       20
          '  - user: anonymous',
          '    on: queue://A', //                       22
        ),
        'p.yaml',
      ),
    );
    expect(summary(errors)).toEqual([
      '6:11 expectation names user "writr", who is not declared',
      '10:14 "consume" is listed under both can and cannot',
      '12:5 expectation needs a destination (on:) for operations other than connect and request-reply',
      '15:11 expectations[3].can[0]: Invalid option: expected one of "connect"|"produce"|"consume"|"browse"|"create"|"request-reply"|"wildcard-consume"|"durable-subscribe"|"virtual-topic"',
      '16:9 expectations[3].on: a destination must be written queue://NAME, topic://NAME, temp-queue://NAME or temp-topic://NAME',
      '17:24 expectations[3].protocols[1]: Invalid option: expected one of "openwire"|"amqp"|"stomp"|"stomp-wss"|"mqtt"|"mqtt-wss"',
      '20:16 expectations[4].protocols: an empty protocol list selects nothing',
      '21:5 expectation lists no operation',
    ]);
    expect(errors[0]?.hint).toBe('did you mean "writer"?');
    expect(errors[3]?.hint).toContain('connect, produce, consume, browse, create');
    expect(errors[5]?.value).toBe('smtp');
  });

  it('accepts the special users anonymous and unknown, and reserves their names', () => {
    const ok = parsePolicyText(
      lines(
        ...HEAD,
        'expectations:',
        '  - {user: anonymous, cannot: [connect]}',
        '  - {user: unknown, cannot: [connect]}',
      ),
      'p.yaml',
    );
    expect(ok.expectations.map((e) => e.user)).toEqual(['anonymous', 'unknown']);
    expect(problems('engine: activemq/5.17.2', 'users:', '  - {username: unknown, password: pw}')).toEqual([
      '3:16 username "unknown" is reserved',
    ]);
  });

  it('rejects duplicate usernames on both engines, pointing at the first', () => {
    for (const engine of ['amazon-mq/5.18', 'activemq/5.17.2']) {
      const errors = errorsOf(() =>
        parsePolicyText(
          lines(`engine: ${engine}`, 'users:', '  - username: app', '  - username: app'),
          'p.yaml',
        ),
      );
      expect(summary(errors)).toEqual(['4:15 user "app" is declared twice']);
      expect(errors[0]?.hint).toContain('p.yaml:3:5');
    }
  });

  it('reports YAML syntax errors with their position', () => {
    expect(problems('engine: amazon-mq/5.18', 'users: [', '  {username: a}')).toEqual([
      expect.stringMatching(/^4:1 invalid YAML: /),
    ]);
    expect(problems('engine: amazon-mq/5.18', 'users: x: y')).toEqual([
      '2:8 invalid YAML: Nested mappings are not allowed in compact mappings',
    ]);
    expect(problems('engine: a', 'engine: b')).toEqual(['2:1 invalid YAML: Map keys must be unique']);
  });

  it('collects every problem of the file at once, in reading order', () => {
    const errors = errorsOf(() =>
      parsePolicyText(
        lines(
          'engine: amazon-mq/5.18',
          'users:',
          '  - {username: x, password: short}',
          '  - {username: ok-user, groups: ["a b"]}',
          'destinations: [nowhere]',
          'expectations: [{user: ghost, cannot: [connect]}]',
        ),
        'p.yaml',
      ),
    );
    expect(summary(errors)).toEqual([
      '3:16 username "x" has 1 characters; Amazon MQ requires 2 to 100',
      '3:29 user "x": password has 5 characters; Amazon MQ requires 12 to 250',
      '4:34 user "ok-user": group "a b" contains space; Amazon MQ allows only A-Z a-z 0-9 - . _ ~',
      '5:16 destinations[0]: a declared destination must be written queue://NAME or topic://NAME',
      '6:23 expectation names user "ghost", who is not declared',
    ]);
    for (const e of errors) {
      expect(e.location?.file).toBe('p.yaml');
      expect(e.hint).toBeTruthy();
    }
  });
});

describe('loadPolicyFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a file and names it in the policy and in locations', () => {
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, lines('engine: activemq/5.17.2', 'users:', '  - {username: app, password: app-pw}'));
    const policy = loadPolicyFile(file);
    expect(policy.source.file).toBe(file);
    expect(policy.users[0]?.location).toEqual({ file, line: 3, column: 5 });
  });

  it('turns a missing file into an input error naming it', () => {
    const missing = join(dir, 'absent.yaml');
    const attempt = (): unknown => loadPolicyFile(missing);
    expect(attempt).toThrow(PolicyErrors);
    expect(summary(errorsOf(attempt))).toEqual([`1:1 policy file ${missing} does not exist`]);
  });
});
