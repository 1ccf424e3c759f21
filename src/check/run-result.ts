import type { Engine, Protocol, Transport } from '../core/types';
import type { BrokerBuild, RuntimeKind } from '../broker/types';
import type { ConfigFinding } from './config-findings';
import type { Verdict, VerdictKind } from './verdict';
import type { EquivalenceClasses } from '../plan/equivalence';

/** Everything a check run produced; reporters read only this (they never talk to the broker). */
export interface RunResult {
  runId: string;
  /** the policy or broker XML checked */
  input: string;
  engine: Engine;
  runtime: {
    kind: RuntimeKind;
    reason: string;
    /** the release that ran, as it reported itself */
    brokerVersion?: string;
    /** the release the run asked for: the engine's (distribution/broker-version.ts) or --broker-version */
    requestedBrokerVersion?: string;
    /** where the broker's jars came from */
    build?: BrokerBuild;
    /** set when the release that ran is not the one asked for; every report shows it */
    versionWarning?: string;
  };
  protocols: Protocol[];
  capabilities: Transport[];
  startedAt: string;
  durationMs: number;
  verdicts: Verdict[];
  counts: Record<VerdictKind, number>;
  /** what the verdicts say about the configuration itself, once per user and cause, with the fix */
  findings?: ConfigFinding[];
  /** set when the run ended early (e.g. the broker died); the verdicts so far are kept */
  aborted?: string;
  /** where the broker's log of this run is kept */
  brokerLogFile?: string;
  /** the classes the plan probed one representative of (verdicts with `case.inferredFrom` follow from it) */
  classes?: EquivalenceClasses;
  /** every member probed itself */
  exhaustive?: boolean;
  /** a shard's run: its slice of the plan, by the positions of its probed cases in the whole plan */
  shard?: { index: number; count: number; positions: number[] };
  /** a merged result: the shards it joins, each with its own broker */
  shards?: Array<{
    index: number;
    count: number;
    startedAt: string;
    durationMs: number;
    brokerLogFile?: string;
  }>;
}
