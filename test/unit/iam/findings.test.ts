import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAM_RULES, isBroadStatement } from '../../../src/iam/findings';
import { iamExitCode, reviewIamPolicies } from '../../../src/iam/review';
import type { TaskName } from '../../../src/iam/tasks';
import { codesOf, completes, fixture, review, TARGET_OPTIONS } from './support';

type Case = [policies: string[], tasks: TaskName[], codes: string[]];

/** Each fixture with the findings it must report, no more and no fewer. */
const CASES: Case[] = [
  [
    ['deployer-least-privilege.json'],
    ['deploy', 'manage-users', 'update-config', 'read-only', 'teardown'],
    ['IAM_TASK_BLOCKED'],
  ],
  [['deployer-least-privilege.json'], ['deploy', 'manage-users', 'update-config', 'read-only'], []],
  [['mq-star.json'], ['deploy'], ['IAM_BROADER_THAN_TASKS', 'IAM_CREATE_BROKER_EC2_PREREQUISITES']],
  [['mq-star.json', 'ec2-prerequisites.json'], ['deploy'], ['IAM_BROADER_THAN_TASKS']],
  [['admin-star.json'], ['deploy'], ['IAM_BROADER_THAN_TASKS', 'IAM_INTERFACE_PERMISSION_NOT_LIMITED']],
  [
    ['interface-permissions-unlimited.json', 'mq-star.json'],
    ['deploy'],
    ['IAM_BROADER_THAN_TASKS', 'IAM_INTERFACE_PERMISSION_NOT_LIMITED'],
  ],
  [
    ['describe-permissions-under-condition.json', 'mq-star.json'],
    ['deploy'],
    ['IAM_BROADER_THAN_TASKS', 'IAM_CONDITION_KEY_NOT_IN_REQUEST', 'IAM_CREATE_BROKER_EC2_PREREQUISITES'],
  ],
  [
    ['create-broker-scoped-to-arn.json', 'ec2-prerequisites.json'],
    ['deploy'],
    ['IAM_RESOURCE_LEVEL_UNSUPPORTED', 'IAM_TASK_BLOCKED'],
  ],
  [['deny-delete-user.json'], ['manage-users'], ['IAM_TASK_BLOCKED']],
  [['misspelt-actions.json'], ['manage-users'], ['IAM_UNKNOWN_ACTION']],
  [['teardown-role.json'], ['teardown'], []],
  [['teardown-role.json', 'read-only-role.json'], ['read-only'], ['IAM_UNNEEDED_ACTION']],
  [['read-only-role.json'], ['read-only'], []],
];

describe.each(CASES)('%j for %j', (policies, tasks, expected) => {
  it(`reports ${expected.join(', ') || 'nothing'}`, async () => {
    const r = await review(policies, { tasks });
    expect(codesOf(r)).toEqual([...expected].sort());
    const errors = r.findings.filter((f) => f.severity === 'error').length;
    expect(iamExitCode(r)).toBe(errors > 0 || r.outcomes.some((o) => !o.canComplete) ? 1 : 0);
  });
});

it('has a case for every finding code', () => {
  const covered = new Set(CASES.flatMap(([, , codes]) => codes));
  expect(Object.keys(IAM_RULES).filter((code) => !covered.has(code))).toEqual([]);
});

describe('findings', () => {
  it('a blocked task names the action, the resource and the deciding statement', async () => {
    const r = await review(['deny-delete-user.json'], { tasks: ['manage-users'] });
    expect(completes(r)).toEqual({ 'manage-users': false });
    const [blocked] = r.findings;
    expect(blocked).toMatchObject({ code: 'IAM_TASK_BLOCKED', severity: 'error' });
    expect(blocked?.message).toMatch(
      /^manage-users cannot complete: mq:DeleteUser on arn:aws:mq:eu-west-1:111122223333:broker:orders:b-0+-0+-0+-0+-0+ \(explicitly denied by statement 2 "NobodyDeletesUsers"/,
    );
    expect(blocked?.location).toEqual({ file: fixture('deny-delete-user.json'), line: 10, column: 5 });
    expect(blocked?.fix).toMatch(/narrow the Deny/);
  });

  it('a blocked task without any allow suggests the narrower statement for it', async () => {
    const r = await review(['deployer-least-privilege.json'], { tasks: ['teardown'] });
    const messages = r.findings.filter((f) => f.code === 'IAM_TASK_BLOCKED').map((f) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(/^teardown cannot complete: mq:DeleteBroker on /),
      expect.stringMatching(/^teardown cannot complete: mq:DeleteConfiguration on /),
    ]);
    const fix = r.findings[0]!.fix.replace(/^allow it, e\.g\. /, '');
    expect(JSON.parse(fix)).toEqual([
      expect.objectContaining({
        Action: ['mq:DeleteBroker', 'mq:DescribeBroker'],
        Resource: 'arn:aws:mq:eu-west-1:111122223333:broker:orders:*',
      }),
    ]);
  });

  it('CreateBroker allowed without its EC2 prerequisites', async () => {
    const r = await review(['mq-star.json'], { tasks: ['deploy'] });
    const ec2 = r.findings.find((f) => f.code === 'IAM_CREATE_BROKER_EC2_PREREQUISITES');
    expect(ec2?.severity).toBe('error');
    expect(ec2?.message).toMatch(
      /^mq:CreateBroker is allowed, but not its EC2 prerequisites: ec2:CreateNetworkInterface, ec2:CreateNetworkInterfacePermission, .*ec2:DescribeVpcs \(no statement allows it\)$/,
    );
    const statements = JSON.parse(ec2!.fix.replace(/^add /, '')) as Array<{
      Action: string[];
      Condition?: unknown;
    }>;
    expect(statements.flatMap((s) => s.Action)).toHaveLength(12);
    expect(statements.find((s) => s.Condition)?.Action).toEqual([
      'ec2:CreateNetworkInterfacePermission',
      'ec2:DeleteNetworkInterfacePermission',
    ]);
  });

  it('network-interface permissions for any service', async () => {
    const r = await review(['interface-permissions-unlimited.json', 'mq-star.json'], { tasks: ['deploy'] });
    const found = r.findings.filter((f) => f.code === 'IAM_INTERFACE_PERMISSION_NOT_LIMITED');
    expect(found.map((f) => f.message.split(' ')[0])).toEqual([
      'ec2:CreateNetworkInterfacePermission',
      'ec2:DeleteNetworkInterfacePermission',
    ]);
    expect(found[0]?.location).toEqual({
      file: fixture('interface-permissions-unlimited.json'),
      line: 4,
      column: 5,
    });
    expect(found[0]?.fix).toContain('"ec2:AuthorizedService": "mq.amazonaws.com"');
    expect(completes(r)).toEqual({ deploy: true });
  });

  it('a condition on ec2:AuthorizedService for a request that never carries it', async () => {
    const r = await review(['describe-permissions-under-condition.json', 'mq-star.json'], {
      tasks: ['deploy'],
    });
    const found = r.findings.find((f) => f.code === 'IAM_CONDITION_KEY_NOT_IN_REQUEST');
    expect(found?.message).toMatch(
      /^statement 2 "PermissionsOnlyForAmazonMq" allows ec2:DescribeNetworkInterfacePermissions only under a condition on ec2:AuthorizedService/,
    );
    expect(found?.location).toMatchObject({ line: 20, column: 5 });
    expect(completes(r)).toEqual({ deploy: false });
  });

  it('mq:* on * where the tasks need less, with the narrower statements', async () => {
    const r = await review(['mq-star.json'], { tasks: ['manage-users'] });
    const [broad] = r.findings;
    expect(broad?.code).toBe('IAM_BROADER_THAN_TASKS');
    expect(broad?.message).toMatch(
      /^statement 1 "AllOfAmazonMq" allows every Amazon MQ action on every resource; manage-users need far fewer, yet it also allows mq:CreateBroker, /,
    );
    const replacement = JSON.parse(
      broad!.fix.replace(/^replace it with the narrower statements for what it grants the tasks: /, ''),
    );
    expect(replacement).toEqual([
      {
        Sid: 'MqBroker',
        Effect: 'Allow',
        Action: ['mq:CreateUser', 'mq:DeleteUser', 'mq:DescribeUser', 'mq:ListUsers', 'mq:UpdateUser'],
        Resource: 'arn:aws:mq:eu-west-1:111122223333:broker:orders:*',
      },
    ]);
  });

  it('NotAction on * counts as every action', async () => {
    const r = await review(['not-action-everything-but-delete.json'], { tasks: ['update-config'] });
    expect(codesOf(r)).toEqual(['IAM_BROADER_THAN_TASKS', 'IAM_INTERFACE_PERMISSION_NOT_LIMITED']);
    expect(completes(r)).toEqual({ 'update-config': true });
    expect(iamExitCode(r)).toBe(0);
    expect(iamExitCode(r, 'warning')).toBe(1);
  });

  it('actions that need "Resource": "*" named with an ARN, whether or not a task needs them', async () => {
    const r = await review(['create-broker-scoped-to-arn.json', 'ec2-prerequisites.json'], {
      tasks: ['deploy'],
    });
    const found = r.findings.filter((f) => f.code === 'IAM_RESOURCE_LEVEL_UNSUPPORTED');
    expect(found.map((f) => f.message)).toEqual(
      ['mq:CreateBroker', 'mq:ListBrokers'].map(
        (a) =>
          `statement 1 "OnlyTheOrdersBroker" names ${a} with a resource ARN, but ${a} supports no resource-level permission, so this statement never grants it`,
      ),
    );
    expect(found[0]?.fix).toBe('grant mq:CreateBroker in a statement with "Resource": "*"');
    expect(found[0]?.location).toEqual({
      file: fixture('create-broker-scoped-to-arn.json'),
      line: 4,
      column: 5,
    });
    // DescribeBroker has resource-level permissions: the ARN grants it
    expect(r.outcomes[0]!.verdicts.find((v) => v.action === 'mq:DescribeBroker')?.allowed).toBe(true);
  });

  it('an unknown action is a warning with the action it probably means', async () => {
    const r = await review(['misspelt-actions.json'], { tasks: ['manage-users'] });
    const found = r.findings.filter((f) => f.code === 'IAM_UNKNOWN_ACTION');
    expect(found.map((f) => [f.severity, f.message, f.fix, f.location?.line, f.location?.column])).toEqual([
      [
        'warning',
        'Action "mg:CreateTags" names the service prefix "mg", which no AWS service has',
        'did you mean mq:CreateTags?',
        7,
        18,
      ],
      ['warning', 'Action "mq:ListTag" is no action of mq', 'did you mean mq:ListTags?', 7, 35],
    ]);
    expect(iamExitCode(r)).toBe(0);
  });

  it('the misspelt mg:CreateTags leaves deploy without mq:CreateTags', async () => {
    const r = await review(['misspelt-actions.json'], { tasks: ['deploy'] });
    const tags = r.outcomes[0]!.verdicts.filter((v) => v.action === 'mq:CreateTags');
    expect(tags.map((v) => v.allowed)).toEqual([false, false]);
    // spelt right, the same statement grants it
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-iam-'));
    const fixed = join(dir, 'fixed.json');
    writeFileSync(
      fixed,
      readFileSync(fixture('misspelt-actions.json'), 'utf8').replace('mg:CreateTags', 'mq:CreateTags'),
    );
    const again = await reviewIamPolicies({
      policyFiles: [fixed],
      ...TARGET_OPTIONS,
      tasks: ['deploy'],
      compareManaged: false,
    });
    const fixedTags = again.outcomes[0]!.verdicts.filter((v) => v.action === 'mq:CreateTags');
    expect(fixedTags.map((v) => v.allowed)).toEqual([true, true]);
  });
});

describe('broad statements', () => {
  it.each([
    [{ Action: 'mq:*', Resource: '*' }, true],
    [{ Action: ['s3:GetObject', '*'], Resource: ['*'] }, true],
    [{ Action: 'MQ:*', Resource: '*' }, true],
    [{ NotAction: 'mq:Delete*', Resource: '*' }, true],
    [{ Action: 'mq:*', NotResource: 'arn:aws:mq:*:*:broker:prod:*' }, true],
    [{ Action: 'mq:*', Resource: 'arn:aws:mq:*:*:broker:orders:*' }, false],
    [{ Action: 'mq:Describe*', Resource: '*' }, false],
  ])('%j: %s', (statement, broad) => {
    expect(isBroadStatement(statement)).toBe(broad);
  });
});
