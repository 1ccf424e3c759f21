/** Regression baselines: the observed permission matrix, committed and compared on every run. */
export { baselineOf, subjectKey, targetKey } from './baseline-of';
export { formatBaseline } from './format-baseline';
export { parseBaseline } from './parse-baseline';
export { compareBaseline, hasBaselineChanges } from './compare-baseline';
export type { BaselineDiff, CellChange, NotCompared, ProtocolInconsistency } from './compare-baseline';
export { formatBaselineDiff, summarizeBaselineDiff } from './format-baseline-diff';
export type { BaselineDiffFormat } from './format-baseline-diff';
export {
  applyBaseline,
  checkBaselineOptions,
  describeBaselineResult,
  readBaselineFile,
} from './apply-baseline';
export type { BaselineResult } from './apply-baseline';
export { cellsOf } from './cells';
export { BASELINE_SCHEMA_VERSION, CONNECT_TARGET } from './types';
export type { Baseline, BaselineCell, BaselineOutcome, OperationOutcomes, ProtocolOutcomes } from './types';
