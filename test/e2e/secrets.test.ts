/**
 * No password reaches anything the harness writes. Every password of the test policy is a unique marker;
 * each command runs through the CLI's `main`, and every byte it wrote (console, reports, the run
 * directory) is searched for the markers. Only the broker's own config may hold them, and must.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  lstatSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { main } from '../../src/cli';
import { PolicyErrors } from '../../src/core/errors';
import { checkCredentials, parsePolicyText } from '../../src/policy';
import { hasJava } from '../support/broker';

/** A check of a three-user policy over two protocols, broker start included. */
const CHECK_TIMEOUT_MS = 180_000;

/** Files that exist to hold credentials: the broker's config (users) and the TLS stores. */
const CREDENTIAL_FILES = /^(activemq\.xml|.*\.p12|.*\.jks)$/;

/** A password Amazon MQ accepts, unique to this test run, and easy to find in any text. */
function marker(): { password: string; core: string } {
  const core = randomBytes(8).toString('hex');
  return { password: `Mk3r-${core}-Zq9`, core };
}

const literal = marker();
const quoted = marker();
const fromEnv = marker();
const badFromEnv = marker();
const invalidLiteral = marker();
const brokenYaml = marker();
const misplaced = marker();
const MARKERS = [literal, quoted, fromEnv, badFromEnv, invalidLiteral, brokenYaml, misplaced];

const WRITER_ENV = `AMQ_AUTH_SECRETS_WRITER_${randomBytes(3).toString('hex').toUpperCase()}`;
const BAD_ENV = `AMQ_AUTH_SECRETS_BAD_${randomBytes(3).toString('hex').toUpperCase()}`;

function policyText(users: string): string {
  return [
    'engine: amazon-mq/5.18',
    'users:',
    users,
    'authorization:',
    '  entries:',
    "    - queue: '>'",
    '      read: [admins]',
    '      write: [admins]',
    '      admin: [admins]',
    "    - queue: 'APP.>'",
    '      read: [readers, admins]',
    '      write: [writers, admins]',
    '      admin: [admins]',
    "    - topic: 'ActiveMQ.Advisory.>'",
    '      read: [admins, writers, readers]',
    '      write: [admins, writers, readers]',
    '      admin: [admins, writers, readers]',
    'destinations:',
    '  - queue://APP.orders',
    'expectations:',
    '  - user: app-writer',
    '    can: [produce]',
    '    cannot: [consume]',
    '    on: queue://APP.orders',
    '  - user: app-reader',
    '    can: [consume]',
    '    cannot: [produce]',
    '    on: queue://APP.orders',
    '',
  ].join('\n');
}

const GOOD_USERS = [
  '  - username: app-admin',
  `    password: ${literal.password}`,
  '    groups: [admins]',
  '  - username: app-writer',
  `    password: \${${WRITER_ENV}}`,
  '    groups: [writers]',
  '  - username: app-reader',
  `    password: "${quoted.password}"`,
  '    groups: [readers]',
].join('\n');

/** Each is wrong at or around its password line, so the error is about the line that holds the secret. */
const INVALID_USERS: Record<string, string> = {
  'forbidden character': [
    '  - username: app-admin',
    `    password: ${invalidLiteral.password}:colon`,
    '    groups: [admins]',
  ].join('\n'),
  'environment value with a forbidden character': [
    '  - username: app-admin',
    `    password: \${${BAD_ENV}}`,
    '    groups: [admins]',
  ].join('\n'),
  'unclosed quote': [
    '  - username: app-admin',
    `    password: "${brokenYaml.password}`,
    '    groups: [admins]',
  ].join('\n'),
  'password given as a list': [
    '  - username: app-admin',
    `    password: [${brokenYaml.password}]`,
    '    groups: [admins]',
  ].join('\n'),
  'password under a misspelt key': [
    '  - username: app-admin',
    `    pwd: ${misplaced.password}`,
    '    groups: [admins]',
  ].join('\n'),
  'password repeated': [
    '  - username: app-admin',
    `    password: ${literal.password}`,
    `    password: ${misplaced.password}`,
    '    groups: [admins]',
  ].join('\n'),
};

interface Captured {
  code: number;
  text: string;
}

/**
 * Runs the CLI in-process. Besides the io callbacks, whatever reaches process.stdout/stderr or the
 * console while it runs is recorded too (and still passed on), in case some part writes there directly.
 */
async function run(...argv: string[]): Promise<Captured> {
  const chunks: string[] = [];
  const record = (stream: NodeJS.WriteStream): (() => void) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(String(chunk));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = original as typeof stream.write;
    };
  };
  const restores = [record(process.stdout), record(process.stderr)];
  const spies = (['log', 'error', 'warn', 'info', 'debug'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      chunks.push(args.map(String).join(' '));
    }),
  );
  try {
    const code = await main(argv, { out: (s) => chunks.push(s), err: (s) => chunks.push(s) });
    return { code, text: chunks.join('\n') };
  } finally {
    for (const restore of restores) restore();
    for (const spy of spies) spy.mockRestore();
  }
}

/** Every marker (or its random core) found in `bytes`. */
function leakedMarkers(bytes: Buffer | string): string[] {
  const text = Buffer.isBuffer(bytes) ? bytes.toString('latin1') : bytes;
  return MARKERS.filter((m) => text.includes(m.password) || text.includes(m.core)).map((m) => m.password);
}

function expectNoMarkers(what: string, bytes: Buffer | string): void {
  expect({ what, leaked: leakedMarkers(bytes) }).toEqual({ what, leaked: [] });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((name) => join(dir, name))
      // lstat: the run's lib/ links to the broker's installed jars, which the harness did not write
      .filter((path) => lstatSync(path, { throwIfNoEntry: false })?.isFile())
  );
}

let work: string;
let policyFile: string;
const savedEnv = { ...process.env };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'amq-auth-secrets-'));
  policyFile = join(work, 'policy.yaml');
  writeFileSync(policyFile, policyText(GOOD_USERS));
  process.env[WRITER_ENV] = fromEnv.password;
  process.env[BAD_ENV] = `${badFromEnv.password},comma`;
});

afterAll(() => {
  process.env = savedEnv;
  rmSync(work, { recursive: true, force: true });
});

describe('passwords never appear in what the harness writes', () => {
  it('the markers are valid passwords, so the policy loads and a leak would be a real one', () => {
    const policy = parsePolicyText(policyText(GOOD_USERS), 'policy.yaml');
    expect(policy.users.map((u) => [u.username, u.passwordSource])).toEqual([
      ['app-admin', 'literal'],
      ['app-writer', 'env'],
      ['app-reader', 'literal'],
    ]);
    expect(policy.users.map((u) => u.password.reveal())).toEqual([
      literal.password,
      fromEnv.password,
      quoted.password,
    ]);
  });

  it('generate without --with-passwords writes placeholders, to stdout and to a file', async () => {
    const toStdout = await run('generate', policyFile);
    expect(toStdout.code).toBe(0);
    expect(toStdout.text).toContain('<simpleAuthenticationPlugin');
    expectNoMarkers('generate stdout', toStdout.text);

    const output = join(work, 'generated.xml');
    const toFile = await run('generate', policyFile, '-o', output);
    expect(toFile.code).toBe(0);
    expectNoMarkers('generate console', toFile.text);
    expectNoMarkers('generate -o file', readFileSync(output));
  });

  it('generate --with-passwords does write them: the markers are found where they are meant to be', async () => {
    const output = join(work, 'with-passwords.xml');
    expect((await run('generate', policyFile, '--with-passwords', '-o', output)).code).toBe(0);
    expect(leakedMarkers(readFileSync(output))).toEqual(
      expect.arrayContaining([literal.password, fromEnv.password, quoted.password]),
    );
  });

  it.each(['text', 'json'])('explain (%s) shows users and groups, never passwords', async (format) => {
    for (const [user, operation, destination] of [
      ['app-writer', 'produce', 'queue://APP.orders'],
      ['app-admin', 'connect', undefined],
      ['app-reader', 'consume', 'queue://APP.orders'],
    ] as const) {
      const argv = ['explain', policyFile, '--user', user, '--operation', operation, '--format', format];
      const r = await run(...argv, ...(destination ? ['--destination', destination] : []));
      expect(r.code).toBe(0);
      expect(r.text).toContain(user);
      expectNoMarkers(`explain ${format} ${user} ${operation}`, r.text);
    }
  });

  it.each(Object.keys(INVALID_USERS))(
    'an invalid policy (%s) is reported without the password',
    async (name) => {
      const file = join(work, `invalid-${name.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, policyText(INVALID_USERS[name] as string));
      for (const argv of [
        ['generate', file],
        ['explain', file, '--user', 'app-admin', '--operation', 'connect', '--format', 'json'],
      ]) {
        const r = await run(...argv);
        expect(r.code).toBe(2);
        // Located in the file: at the user (lines 3-5), or for an unclosed quote where the text runs out.
        const line = name === 'unclosed quote' ? '\\d+' : '[345]';
        expect(r.text).toMatch(new RegExp(`${basename(file)}:${line}:\\d+`));
        expectNoMarkers(`${argv[0]} with ${name}`, r.text);
      }
    },
  );

  it.each([
    ['an unquoted password', `password=${invalidLiteral.password} groups="admins"`],
    ['a password with a stray <', `password="${invalidLiteral.password}<" groups="admins"`],
    ['a password with a stray &', `password="${invalidLiteral.password}&amp" groups="admins"`],
    ['a forbidden character', `password="${invalidLiteral.password}:x" groups="admins"`],
  ])('a broker XML with %s is reported without the password', async (name, attributes) => {
    const file = join(work, `broker-${name.replace(/\W+/g, '-')}.xml`);
    writeFileSync(
      file,
      [
        '<broker xmlns="http://activemq.apache.org/schema/core">',
        '  <plugins>',
        '    <simpleAuthenticationPlugin>',
        '      <users>',
        `        <authenticationUser username="app-admin" ${attributes}/>`,
        '      </users>',
        '    </simpleAuthenticationPlugin>',
        '  </plugins>',
        '</broker>',
        '',
      ].join('\n'),
    );
    // Amazon MQ's rules forbid the `:`; a self-hosted XML would be judged by ActiveMQ's, which allow it.
    const r = await run(
      'explain',
      file,
      '--engine',
      'amazon-mq/5.18',
      '--user',
      'app-admin',
      '--operation',
      'connect',
      '--format',
      'json',
    );
    expect(r.code).toBe(2);
    expect(r.text).toContain(`${basename(file)}:5:`);
    expectNoMarkers(`explain XML with ${name}`, r.text);
  });

  it('a users file with a bad password beside a broker XML is reported without the password', async () => {
    const xml = join(work, 'amazon-mq.xml');
    writeFileSync(xml, '<broker xmlns="http://activemq.apache.org/schema/core"><plugins/></broker>\n');
    const users = join(work, 'users.yaml');
    writeFileSync(
      users,
      ['users:', '  - username: app-admin', `    password: ${invalidLiteral.password}=x`, ''].join('\n'),
    );
    const r = await run('explain', xml, '--users', users, '--user', 'app-admin', '--operation', 'connect');
    expect(r.code).toBe(2);
    expect(r.text).toContain(`${basename(users)}:3:`);
    expectNoMarkers('explain with a users file', r.text);
  });

  it('generated passwords are random per load and meet the engine rules', () => {
    const users = ['app-admin', 'app-writer', 'app-reader'].map(
      (u) => `  - username: ${u}\n    groups: [admins]`,
    );
    const text = policyText(users.join('\n'));
    const first = parsePolicyText(text, 'generated.yaml');
    const second = parsePolicyText(text, 'generated.yaml');
    const passwords = [...first.users, ...second.users].map((u) => u.password.reveal());
    expect(passwords).toHaveLength(6);
    expect(first.users.every((u) => u.passwordSource === 'generated')).toBe(true);
    expect(new Set(passwords).size).toBe(passwords.length);
    expect(checkCredentials(first.users, first.engine).errors).toEqual([]);
    expect(checkCredentials(second.users, second.engine).errors).toEqual([]);
  });

  it('the loader error itself carries no password in message, hint or value', () => {
    try {
      parsePolicyText(policyText(INVALID_USERS['forbidden character'] as string), 'p.yaml');
      throw new Error('expected the policy to be rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyErrors);
      const errors = (e as PolicyErrors).errors;
      expect(errors.length).toBeGreaterThan(0);
      expectNoMarkers('PolicyErrors', JSON.stringify(errors.map((x) => [x.message, x.hint, x.value])));
    }
  });
});

const brokerAvailable = hasJava() || Boolean(process.env.ACTIVEMQ_HOME);
if (!brokerAvailable) {
  console.warn(
    'secrets check test skipped: no ActiveMQ installed (install Debian activemq or set ACTIVEMQ_HOME)',
  );
}
const describeCheck = brokerAvailable ? describe : describe.skip;

describeCheck('check against a real broker writes no password', () => {
  jest.setTimeout(CHECK_TIMEOUT_MS);

  it('console, reports, broker log and run files hold no marker; only the broker config does', async () => {
    const reportDir = join(work, 'reports');
    const r = await run(
      'check',
      policyFile,
      '--runtime',
      'local',
      '--protocols',
      'stomp,mqtt',
      '--report-dir',
      reportDir,
      '--verbose',
      // a shard of one: its shard file is written too, and merge-reports reads it back
      '--shard',
      '1/1',
    );
    // The summary line says why, should the run fail for a reason other than a leak.
    expect({ code: r.code, summary: r.text.split('\n').filter((l) => /^(PASSED|FAILED)/.test(l)) }).toEqual({
      code: 0,
      summary: [expect.stringMatching(/^PASSED/)],
    });
    expectNoMarkers('check console', r.text);

    const merged = await run(
      'merge-reports',
      reportDir,
      '--report-dir',
      join(reportDir, 'merged'),
      '--verbose',
    );
    expect(merged.code).toBe(0);
    expectNoMarkers('merge-reports console', merged.text);
    const reports = filesUnder(reportDir);
    expect(reports.map((f) => relative(reportDir, f))).toEqual(
      expect.arrayContaining([
        'junit.xml',
        'report.html',
        'results.json',
        'shard-1-of-1.json',
        join('merged', 'results.json'),
      ]),
    );
    for (const file of reports) expectNoMarkers(`report ${relative(work, file)}`, readFileSync(file));

    // The run directory is made under os.tmpdir(). Setting TMPDIR here would not move it: Node reads the
    // real environment there, and Jest hands each test file a copy of process.env. The report names the
    // broker log, which lives in the run directory, so that is where to look.
    const results = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as {
      run?: { brokerLogFile?: string };
    };
    const brokerLogFile = results.run?.brokerLogFile;
    expect(brokerLogFile).toBeDefined();
    const runDir = dirname(brokerLogFile as string);
    expect(basename(runDir)).toMatch(/^amq-auth-/);
    try {
      const runFiles = filesUnder(runDir);
      const configs = runFiles.filter((f) => basename(f) === 'activemq.xml');
      expect(configs).toHaveLength(1);
      // The broker must be given the real passwords, or the check proved nothing about them.
      expect(leakedMarkers(readFileSync(configs[0] as string))).toEqual(
        expect.arrayContaining([literal.password, fromEnv.password, quoted.password]),
      );
      const scanned = runFiles.filter((f) => !CREDENTIAL_FILES.test(basename(f)));
      expect(scanned.map((f) => basename(f))).toContain('activemq.log');
      expect(readFileSync(brokerLogFile as string, 'utf8')).toMatch(/is not authorized|invalid/);
      for (const file of scanned) expectNoMarkers(`run file ${relative(runDir, file)}`, readFileSync(file));
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
