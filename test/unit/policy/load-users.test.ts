import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../../src/core/types';
import { loadUsersFile, parseEngine, parseUsersText } from '../../../src/policy';
import { errorsOf, lines, summary } from './policy-test-support';

function engine(id: string): Engine {
  const parsed = parseEngine(id);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.engine;
}

const AMAZON = engine('amazon-mq/5.18');

describe('parseUsersText', () => {
  it('reads users with literal, environment and generated passwords', () => {
    const users = parseUsersText(
      lines(
        'users:',
        '  - username: orders-writer',
        '    password: Writer-Password-1',
        '    groups: [writers]',
        '  - username: orders-reader',
        '    password: ${READER_PW}',
        '  - username: ops',
        '    groups: [admins, activemq-webconsole]',
      ),
      'users.yaml',
      AMAZON,
      { env: { READER_PW: 'Reader-Password-2' } },
    );
    expect(users.map((u) => [u.username, u.passwordSource, u.groups, u.location?.line])).toEqual([
      ['orders-writer', 'users-file', ['writers'], 2],
      ['orders-reader', 'env', [], 5],
      ['ops', 'generated', ['admins', 'activemq-webconsole'], 7],
    ]);
    expect(users[0]?.password.reveal()).toBe('Writer-Password-1');
    expect(users[1]?.password.reveal()).toBe('Reader-Password-2');
  });

  it('reads JSON too', () => {
    const users = parseUsersText(
      '{"users": [\n  {"username": "app", "password": "App-Password-1"}\n]}\n',
      'users.json',
      AMAZON,
    );
    expect(users.map((u) => [u.username, u.location])).toEqual([
      ['app', { file: 'users.json', line: 2, column: 3 }],
    ]);
  });

  it('applies the rules of the given engine, with exact positions', () => {
    const text = lines(
      'users:',
      '  - {username: a, password: "pw"}',
      '  - {username: b b, password: "pw", groups: ["x,y"]}',
    );
    expect(summary(errorsOf(() => parseUsersText(text, 'users.yaml', AMAZON)))).toEqual([
      '2:16 username "a" has 1 characters; Amazon MQ requires 2 to 100',
      '2:29 user "a": password has 2 characters; Amazon MQ requires 12 to 250',
      '3:16 username "b b" contains space; Amazon MQ allows only A-Z a-z 0-9 - . _ ~',
      '3:31 user "b b": password has 2 characters; Amazon MQ requires 12 to 250',
      '3:46 user "b b": group "x,y" contains ","; Amazon MQ allows only A-Z a-z 0-9 - . _ ~',
    ]);
    expect(summary(errorsOf(() => parseUsersText(text, 'users.yaml', engine('activemq/5.17.2'))))).toEqual([
      '3:46 user "b b": group "x,y" contains a comma, which separates groups in the broker configuration',
    ]);
  });

  it('reports unknown keys, a missing list and missing variables', () => {
    expect(
      summary(errorsOf(() => parseUsersText(lines('user:', '  - username: app'), 'users.yaml', AMAZON))),
    ).toEqual(['1:1 users is required', '1:1 unknown key "user"']);
    const errors = errorsOf(() =>
      parseUsersText(lines('users:', '  - username: app', '    password: ${NOPE}'), 'users.yaml', AMAZON, {
        env: {},
      }),
    );
    expect(summary(errors)).toEqual(['3:15 user "app": environment variable NOPE is not set']);
  });
});

describe('loadUsersFile', () => {
  it('loads from disk and names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'users-'));
    try {
      const file = join(dir, 'users.yaml');
      writeFileSync(file, lines('users:', '  - {username: app, password: App-Password-1}'));
      expect(loadUsersFile(file, AMAZON).map((u) => u.location)).toEqual([{ file, line: 2, column: 5 }]);
      expect(summary(errorsOf(() => loadUsersFile(join(dir, 'none.yaml'), AMAZON)))).toEqual([
        `1:1 users file ${join(dir, 'none.yaml')} does not exist`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
