export { diffPolicies, diffInputs, compareChanges } from './permission-diff';
export type { PermissionChange, ChangeSubject, ChangeDirection } from './permission-diff';
export { formatDiff, summarizeChanges } from './format-diff';
export type { DiffFormat } from './format-diff';
