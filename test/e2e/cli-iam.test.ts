import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';

const FIXTURES = join(__dirname, '..', 'fixtures', 'iam');
const fixture = (name: string) => join(FIXTURES, name);
const TARGET = ['--account', '111122223333', '--region', 'eu-west-1', '--broker-name', 'orders'];

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('amq-auth iam', () => {
  it('exits 0 when every requested task can complete and no finding is an error', async () => {
    const r = await run('iam', fixture('deployer-least-privilege.json'), ...TARGET);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    for (const task of ['deploy', 'manage-users', 'update-config', 'read-only']) {
      expect(r.out).toMatch(new RegExp(`^${task} \\(.*\\): can complete, \\d+ requests allowed$`, 'm'));
    }
    expect(r.out).toContain('findings:\nno findings\n');
    expect(r.out).toMatch(/^AmazonMQFullAccess \(v\d+\) +yes +yes +yes +yes +27 of 27 +not limited$/m);
  });

  it('exits 1 when a task cannot complete, and says which action and why', async () => {
    const r = await run(
      'iam',
      fixture('mq-star.json'),
      ...TARGET,
      '--tasks',
      'deploy',
      '--no-managed-comparison',
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^deploy \(.*\): CANNOT COMPLETE, 14 of 23 requests denied$/m);
    expect(r.out).toMatch(
      /^ {2}DENIED {3}ec2:CreateNetworkInterface on arn:aws:ec2:eu-west-1:111122223333:network-interface\/\S+: no statement allows it$/m,
    );
    expect(r.out).toContain('[IAM_CREATE_BROKER_EC2_PREREQUISITES]');
    expect(r.out).not.toMatch(/compared with the AWS managed policies/);
    expect(r.out.split('\n').at(-1)).toBe('result: deploy cannot complete');
  });

  it('combines several policy files of one role', async () => {
    const r = await run(
      'iam',
      fixture('mq-star.json'),
      fixture('ec2-prerequisites.json'),
      ...TARGET,
      '--tasks',
      'deploy',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const review = JSON.parse(r.out);
    expect(review.policies).toEqual([fixture('mq-star.json'), fixture('ec2-prerequisites.json')]);
    expect(review.outcomes[0].canComplete).toBe(true);
    expect(review.findings.map((f: { code: string }) => f.code)).toEqual(['IAM_BROADER_THAN_TASKS']);
  });

  it('--fail-on warning fails on a grant broader than the tasks', async () => {
    const args = [
      'iam',
      fixture('admin-star.json'),
      ...TARGET,
      '--tasks',
      'update-config',
      '--no-managed-comparison',
    ];
    expect((await run(...args)).code).toBe(0);
    const strict = await run(...args, '--fail-on', 'warning');
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('[IAM_BROADER_THAN_TASKS]');
  });

  it('applies the permission boundary', async () => {
    const r = await run(
      'iam',
      fixture('mq-star.json'),
      '--boundary',
      fixture('boundary-read-only.json'),
      ...TARGET,
      '--tasks',
      'update-config,read-only',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain(`(permission boundary: ${fixture('boundary-read-only.json')})`);
    expect(r.out).toMatch(/^update-config \(.*\): CANNOT COMPLETE/m);
    expect(r.out).toMatch(/^read-only \(.*\): can complete/m);
    expect(r.out).toMatch(
      /mq:UpdateBroker on \S+: the identity policies allow it, but the permission boundary/,
    );
  });

  it('reports an unknown action as a warning finding, not an error', async () => {
    const r = await run(
      'iam',
      fixture('misspelt-actions.json'),
      ...TARGET,
      '--tasks',
      'manage-users',
      '--format',
      'sarif',
    );
    expect(r.code).toBe(0);
    const results = JSON.parse(r.out).runs[0].results;
    expect(results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level])).toEqual([
      ['IAM_UNKNOWN_ACTION', 'warning'],
      ['IAM_UNKNOWN_ACTION', 'warning'],
    ]);
    expect(results[0].message.text).toContain('Fix: did you mean mq:CreateTags?');
  });

  it('runs the teardown task only on request', async () => {
    const r = await run(
      'iam',
      fixture('teardown-role.json'),
      ...TARGET,
      '--tasks',
      'teardown',
      '--no-managed-comparison',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^teardown \(delete the broker and its configuration\): can complete, 3 requests allowed$/m,
    );
    const byDefault = await run('iam', fixture('teardown-role.json'), ...TARGET, '--no-managed-comparison');
    expect(byDefault.out).not.toMatch(/^teardown/m);
  });
});

describe('amq-auth iam: bad input exits 2 and says where', () => {
  it('a JSON syntax error, with file, line and column', async () => {
    const file = fixture('malformed-trailing-comma.json');
    const r = await run('iam', file, ...TARGET);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(
      `error: ${file}:8:5: policy ${file} is not valid JSON: Expected double-quoted property name`,
    );
    expect(r.err).toContain('hint: an IAM policy is a JSON document');
  });

  it('an invalid element, with its JSON path', async () => {
    const file = fixture('invalid-effect.json');
    const r = await run('iam', file, ...TARGET);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${file}:5:17: policy ${file}: Statement[1].Effect: Effect must be present and exactly "Allow" or "Deny"`,
    );
  });

  it('a broken permission boundary', async () => {
    const file = fixture('malformed-trailing-comma.json');
    const r = await run('iam', fixture('mq-star.json'), '--boundary', file, ...TARGET);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:8:5: permission boundary ${file} is not valid JSON`);
  });

  it('a repeated key', async () => {
    const file = fixture('duplicate-action-key.json');
    const r = await run('iam', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:\\d+: policy .* repeats a key`),
    );
  });

  it('a file that does not exist', async () => {
    const r = await run('iam', '/nonexistent/deployer.json');
    expect(r.code).toBe(2);
    expect(r.err).toContain('policy /nonexistent/deployer.json does not exist');
  });

  it('a document that is not an object', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'amq-auth-iam-')), 'list.json');
    writeFileSync(file, '[{"Effect": "Allow"}]\n');
    const r = await run('iam', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:1:1: policy ${file}: Policy must be an object, received an array`);
  });

  it.each([
    [['--tasks', 'deploy,destroy'], 'unknown task in --tasks: destroy'],
    [['--account', '12345'], '--account "12345" is not valid'],
    [['--format', 'yaml'], "argument 'yaml' is invalid"],
  ])('usage: %j', async (args, message) => {
    const r = await run('iam', fixture('mq-star.json'), ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('usage: no policy file', async () => {
    const r = await run('iam');
    expect(r.code).toBe(2);
    expect(r.err).toContain("missing required argument 'policy'");
  });

  it('usage: one file given twice', async () => {
    const r = await run('iam', fixture('mq-star.json'), fixture('mq-star.json'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('is given twice');
  });
});
