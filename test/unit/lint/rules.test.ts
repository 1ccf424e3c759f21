/** What the findings say: the groups, entries and positions a reviewer needs, not just the code. */
import { join } from 'node:path';
import { lintInput, lintPolicy, lintExitCode } from '../../../src/lint';
import { parsePolicyText } from '../../../src/policy';
import { covers, strictlyCovers } from '../../../src/lint/pattern-cover';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'lint');

function only(code: string, file: string) {
  const found = lintInput(join(FIXTURES, code, file)).findings.filter((f) => f.code === code);
  expect(found).toHaveLength(1);
  return found[0] as NonNullable<(typeof found)[0]>;
}

describe('pattern coverage', () => {
  it.each([
    ['app.>', 'app.locked.>', true],
    ['app.>', 'app', true],
    ['>', 'anything.at.all', true],
    ['app.*', 'app.x', true],
    ['app.*', 'app.x.y', false],
    ['app.*', 'app.>', false],
    ['app.locked.>', 'app.>', false],
    ['app.x', 'app.*', false],
    ['*.x', 'a.x', true],
  ])('%s covers %s: %s', (broad, narrow, expected) => {
    expect(covers(broad, narrow)).toBe(expected);
  });

  it('does not count a pattern as strictly covering itself', () => {
    expect(strictlyCovers('app.>', 'app.>')).toBe(false);
    expect(strictlyCovers('app.>', 'app.locked.>')).toBe(true);
  });
});

describe('model findings', () => {
  it('names the broader entry and the groups that keep write below a narrower entry', () => {
    const f = only('NARROWER_ENTRY_CANNOT_RESTRICT', 'trigger.yaml');
    expect(f.message).toContain('queue://APP.locked.>');
    expect(f.message).toContain('queue://APP.> grants write to {writers}');
    expect(f.severity).toBe('warning');
    expect(f.location?.line).toBe(30);
  });

  it('reports the narrower entry for the documented case app.> / app.locked.>', () => {
    const policy = parsePolicyText(
      [
        'engine: activemq/5.19.8',
        'users:',
        '  - {username: w, groups: [writers]}',
        '  - {username: a, groups: [admins]}',
        'authorization:',
        '  entries:',
        "    - {queue: 'app.>', write: [writers], admin: [writers]}",
        "    - {queue: 'app.locked.>', write: [admins], admin: [admins]}",
        '  tempDestinations: {read: [writers], write: [writers], admin: [writers]}',
      ].join('\n'),
      'inline.yaml',
    );
    const narrow = lintPolicy(policy).filter((f) => f.code === 'NARROWER_ENTRY_CANNOT_RESTRICT');
    expect(narrow.map((f) => f.message)).toEqual([
      expect.stringContaining('writers can still administer queue://app.locked.>'),
      expect.stringContaining('writers can still write to queue://app.locked.>'),
    ]);
  });

  it('names the group no user holds, at the first entry granting it', () => {
    const f = only('GROUP_WITHOUT_USERS', 'trigger.yaml');
    expect(f.message).toBe('group auditors is granted permissions (queue://APP.>) but no user holds it');
    expect(f.location?.line).toBe(22);
  });

  it('names the user whose groups grant nothing, at the user', () => {
    const f = only('USER_WITHOUT_PERMISSIONS', 'trigger.yaml');
    expect(f.message).toContain('stray');
    expect(f.location?.line).toBe(11);
  });

  it('lists the users refused at connect without admin on the advisory topics', () => {
    const f = only('ADVISORY_ADMIN_MISSING', 'trigger.yaml');
    expect(f.message).toContain('app-writer, app-reader');
    expect(f.message).not.toContain('app-admin');
    expect(f.fix).toContain('readers, writers');
  });

  it('raises the console finding to a warning when a user has console access', () => {
    expect(only('WEBCONSOLE_NOT_IN_MAP', 'trigger.yaml').severity).toBe('warning');
  });

  it('names the composite, the user and the operation lost in the intersection', () => {
    const f = only('COMPOSITE_INTERSECTION', 'trigger.yaml');
    expect(f.message).toContain('app-writer may produce each part but not queue://APP.orders,AUDIT.log');
  });

  it('fails the exit code on errors by default and on warnings when asked', () => {
    const clean = lintInput(join(FIXTURES, 'NO_TEMP_DESTINATION_ENTRY', 'trigger.yaml'));
    expect(lintExitCode(clean)).toBe(0);
    expect(lintExitCode(clean, 'warning')).toBe(1);
    const rejected = join(FIXTURES, 'TRANSPORT_CONNECTOR_REJECTED', 'trigger.xml');
    expect(lintExitCode(lintInput(rejected, { engine: 'amazon-mq/5.18' }))).toBe(1);
  });
});

describe('Amazon MQ findings', () => {
  it('are only produced for amazon-mq engines', () => {
    const file = join(FIXTURES, 'TRANSPORT_CONNECTOR_REJECTED', 'trigger.xml');
    const codes = (engine: string) => lintInput(file, { engine }).findings.map((f) => f.code);
    expect(codes('amazon-mq/5.18')).toContain('TRANSPORT_CONNECTOR_REJECTED');
    expect(codes('activemq/5.17.2')).not.toContain('TRANSPORT_CONNECTOR_REJECTED');
  });

  it('point at the element in the file', () => {
    const f = lintInput(join(FIXTURES, 'DISALLOWED_ELEMENT_REMOVED', 'trigger.xml')).findings.find(
      (x) => x.code === 'DISALLOWED_ELEMENT_REMOVED',
    );
    expect(f?.location).toEqual({
      file: join(FIXTURES, 'DISALLOWED_ELEMENT_REMOVED', 'trigger.xml'),
      line: 24,
      column: 3,
    });
    expect(f?.message).toContain('<sslContext>');
  });
});
