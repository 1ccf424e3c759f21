/**
 * A regression baseline: the permission matrix a check run observed, keyed only by what the policy names
 * (user, destination pattern, operation, protocol), so an unchanged config always records the same file.
 */
import type { Operation, Protocol } from '../core/types';
import type { Outcome } from '../probes/types';

export const BASELINE_SCHEMA_VERSION = 1;

/** The pattern key of connect cases, which have no destination. */
export const CONNECT_TARGET = '(connect)';

/**
 * What the broker did; `order-dependent` when a warm and a cold broker did different things (the outcome
 * changes after a restart).
 */
export type BaselineOutcome = Outcome | 'order-dependent';

export type ProtocolOutcomes = Partial<Record<Protocol, BaselineOutcome>>;
export type OperationOutcomes = Partial<Record<Operation, ProtocolOutcomes>>;

export interface Baseline {
  schemaVersion: typeof BASELINE_SCHEMA_VERSION;
  /** e.g. `amazon-mq/5.18` */
  engine: string;
  /** protocols the run really probed (a requested protocol the broker build lacks is not one of them) */
  protocols: Protocol[];
  /** subject -> destination pattern (or `(connect)`) -> operation -> protocol -> outcome */
  matrix: Record<string, Record<string, OperationOutcomes>>;
}

/** One cell of the matrix, flattened. */
export interface BaselineCell {
  subject: string;
  target: string;
  operation: Operation;
  protocol: Protocol;
  outcome: BaselineOutcome;
}
