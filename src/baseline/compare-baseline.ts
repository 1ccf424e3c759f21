/**
 * The current run's matrix against the committed baseline. Only protocols probed in both are compared: a
 * broker build without a transport says nothing about the permissions over it, so those cells are
 * reported as not compared, never as lost.
 */
import { OPERATIONS, type Operation, type Protocol } from '../core/types';
import { byProtocolOrder, cellKey, cellsOf, outcomeAt, permissionKey } from './cells';
import type { Baseline, BaselineCell, BaselineOutcome } from './types';

/** A cell whose outcome differs; `before` is absent for a new cell, `after` for a removed one. */
export interface CellChange {
  subject: string;
  target: string;
  operation: Operation;
  protocol: Protocol;
  before?: BaselineOutcome;
  after?: BaselineOutcome;
}

export interface NotCompared {
  protocol: Protocol;
  reason: 'not probed in this run' | 'not in the baseline';
}

/** The same user, pattern and operation granted over one protocol and denied over another. */
export interface ProtocolInconsistency {
  subject: string;
  target: string;
  operation: Operation;
  granted: Protocol[];
  denied: Protocol[];
  /** the baseline recorded the same split, so it is a known finding rather than a new one */
  inBaseline: boolean;
}

export interface BaselineDiff {
  engine: { baseline: string; current: string };
  compared: Protocol[];
  notCompared: NotCompared[];
  /** denied -> granted */
  gained: CellChange[];
  /** granted -> denied */
  lost: CellChange[];
  /** to or from inconclusive or order-dependent: the broker's answer is no longer (or now) settled */
  unsettled: CellChange[];
  /** cells the baseline has no entry for (a new user, pattern or declared destination) */
  added: CellChange[];
  /** cells of the baseline the run no longer has */
  removed: CellChange[];
  inconsistencies: ProtocolInconsistency[];
}

function inconsistencies(baseline: Baseline, current: Baseline): ProtocolInconsistency[] {
  const groups = new Map<string, BaselineCell[]>();
  for (const cell of cellsOf(current)) {
    const key = permissionKey(cell);
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  const found: ProtocolInconsistency[] = [];
  for (const cells of groups.values()) {
    const granted = cells.filter((c) => c.outcome === 'granted');
    const denied = cells.filter((c) => c.outcome === 'denied');
    if (!granted.length || !denied.length) continue;
    const { subject, target, operation } = cells[0]!;
    found.push({
      subject,
      target,
      operation,
      granted: granted.map((c) => c.protocol).sort(byProtocolOrder),
      denied: denied.map((c) => c.protocol).sort(byProtocolOrder),
      inBaseline: [...granted, ...denied].every((c) => outcomeAt(baseline, c) === c.outcome),
    });
  }
  return found;
}

export function compareBaseline(baseline: Baseline, current: Baseline): BaselineDiff {
  const compared = current.protocols.filter((p) => baseline.protocols.includes(p)).sort(byProtocolOrder);
  const notCompared: NotCompared[] = [
    ...baseline.protocols
      .filter((p) => !current.protocols.includes(p))
      .map((protocol): NotCompared => ({ protocol, reason: 'not probed in this run' })),
    ...current.protocols
      .filter((p) => !baseline.protocols.includes(p))
      .map((protocol): NotCompared => ({ protocol, reason: 'not in the baseline' })),
  ].sort((a, b) => byProtocolOrder(a.protocol, b.protocol));

  const diff: BaselineDiff = {
    engine: { baseline: baseline.engine, current: current.engine },
    compared,
    notCompared,
    gained: [],
    lost: [],
    unsettled: [],
    added: [],
    removed: [],
    inconsistencies: inconsistencies(baseline, current),
  };
  const inScope = (c: BaselineCell) => compared.includes(c.protocol);
  const seen = new Set<string>();
  for (const cell of cellsOf(current).filter(inScope)) {
    seen.add(cellKey(cell));
    const before = outcomeAt(baseline, cell);
    const { outcome: after, ...where } = cell;
    if (before === after) continue;
    if (before === undefined) diff.added.push({ ...where, after });
    else if (before === 'denied' && after === 'granted') diff.gained.push({ ...where, before, after });
    else if (before === 'granted' && after === 'denied') diff.lost.push({ ...where, before, after });
    else diff.unsettled.push({ ...where, before, after });
  }
  for (const cell of cellsOf(baseline).filter(inScope)) {
    if (seen.has(cellKey(cell))) continue;
    const { outcome: before, ...where } = cell;
    diff.removed.push({ ...where, before });
  }
  for (const list of [diff.gained, diff.lost, diff.unsettled, diff.added, diff.removed]) list.sort(byCell);
  return diff;
}

function byCell(a: CellChange, b: CellChange): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    text(a.subject, b.subject) ||
    text(a.target, b.target) ||
    OPERATIONS.indexOf(a.operation) - OPERATIONS.indexOf(b.operation) ||
    byProtocolOrder(a.protocol, b.protocol)
  );
}

/** Whether the run's permissions moved: what fails a check run with `--baseline`. */
export function hasBaselineChanges(diff: BaselineDiff): boolean {
  return (
    diff.gained.length + diff.lost.length + diff.unsettled.length + diff.added.length + diff.removed.length >
    0
  );
}
