/**
 * The verdicts of one protocol laid out as users x (target x operation), shared by the console and HTML
 * reports. Rows and columns keep the plan's order, so two runs of one policy line up.
 */
import { OPERATIONS } from '../core/types';
import type { Operation, Protocol } from '../core/types';
import type { RunResult } from '../check/run-result';
import type { Verdict } from '../check/verdict';
import { CONNECT_TARGET, subjectLabel, targetLabel, worstOf } from './case-view';

export interface MatrixColumn {
  key: string;
  target: string;
  operation: Operation;
}

/** The columns of one target, for a spanning header. */
export interface MatrixGroup {
  target: string;
  columns: MatrixColumn[];
}

export interface MatrixRow {
  key: string;
  label: string;
}

export interface ProtocolMatrix {
  protocol: Protocol;
  rows: MatrixRow[];
  groups: MatrixGroup[];
  columns: MatrixColumn[];
  verdicts: Verdict[];
  /** set when every case of the protocol was skipped for one reason (e.g. the build lacks the transport) */
  skippedReason?: string;
  /** every verdict in the cell; usually one */
  cell(row: MatrixRow, column: MatrixColumn): Verdict[];
  /** the verdict the cell shows (the most severe) */
  shown(row: MatrixRow, column: MatrixColumn): Verdict | undefined;
}

const columnKey = (target: string, operation: Operation) => `${target} ${operation}`;

/** Configured users first, in plan order; then the negative connects. */
function rowOrder(v: Verdict): number {
  return v.case.credentials === 'valid' ? 0 : 1;
}

function buildMatrix(protocol: Protocol, verdicts: Verdict[]): ProtocolMatrix {
  const rows = new Map<string, MatrixRow & { order: number; seen: number }>();
  const targets = new Map<string, Set<Operation>>();
  const cells = new Map<string, Verdict[]>();

  verdicts.forEach((v, seen) => {
    const label = subjectLabel(v.case);
    if (!rows.has(label)) rows.set(label, { key: label, label, order: rowOrder(v), seen });
    const target = targetLabel(v.case);
    const ops = targets.get(target) ?? new Set<Operation>();
    ops.add(v.case.operation);
    targets.set(target, ops);
    const key = `${label}\u0000${columnKey(target, v.case.operation)}`;
    cells.set(key, [...(cells.get(key) ?? []), v]);
  });

  const targetNames = [...targets.keys()].sort((a, b) =>
    a === CONNECT_TARGET ? -1 : b === CONNECT_TARGET ? 1 : 0,
  );
  const groups: MatrixGroup[] = targetNames.map((target) => ({
    target,
    columns: OPERATIONS.filter((op) => targets.get(target)?.has(op)).map((operation) => ({
      key: columnKey(target, operation),
      target,
      operation,
    })),
  }));
  const reasons = new Set(verdicts.map((v) => (v.kind === 'skipped' ? (v.case.skip ?? '') : null)));
  const [onlyReason] = reasons;
  const skippedReason = reasons.size === 1 && typeof onlyReason === 'string' ? onlyReason : undefined;
  const cell = (row: MatrixRow, column: MatrixColumn) => cells.get(`${row.key}\u0000${column.key}`) ?? [];

  return {
    protocol,
    rows: [...rows.values()]
      .sort((a, b) => a.order - b.order || a.seen - b.seen)
      .map(({ key, label }) => ({ key, label })),
    groups,
    columns: groups.flatMap((g) => g.columns),
    verdicts,
    skippedReason,
    cell,
    shown: (row, column) => worstOf(cell(row, column)),
  };
}

/** One matrix per protocol: the run's protocols in its order, then any other protocol a verdict names. */
export function buildMatrices(result: RunResult): ProtocolMatrix[] {
  const protocols: Protocol[] = [...result.protocols];
  for (const v of result.verdicts) if (!protocols.includes(v.case.protocol)) protocols.push(v.case.protocol);
  return protocols.map((protocol) =>
    buildMatrix(
      protocol,
      result.verdicts.filter((v) => v.case.protocol === protocol),
    ),
  );
}
