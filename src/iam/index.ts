/** `amq-auth iam`: Amazon MQ API permissions, proven with an IAM simulator over the team's identity policies. */
export { reviewIamPolicies, iamExitCode } from './review';
export type { IamReview, IamReviewOptions, TaskOutcome } from './review';
export { formatIamReview } from './format';
export type { IamFormat } from './format';
export { parseTasks, TASK_NAMES, DEFAULT_TASKS, TASKS } from './tasks';
export type { TaskName } from './tasks';
export { IAM_RULES } from './findings';
export type { IamFindingCode } from './findings';
