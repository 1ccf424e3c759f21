/** Walking a baseline's nested matrix as flat cells, and building one from cells. */
import { OPERATIONS, PROTOCOLS, type Operation, type Protocol } from '../core/types';
import type { Baseline, BaselineCell, BaselineOutcome } from './types';

export function cellsOf(baseline: Baseline): BaselineCell[] {
  const cells: BaselineCell[] = [];
  for (const [subject, targets] of Object.entries(baseline.matrix)) {
    for (const [target, operations] of Object.entries(targets)) {
      for (const operation of OPERATIONS) {
        const protocols = operations[operation];
        if (!protocols) continue;
        for (const protocol of PROTOCOLS) {
          const outcome = protocols[protocol];
          if (outcome) cells.push({ subject, target, operation, protocol, outcome });
        }
      }
    }
  }
  return cells;
}

/** The key of a cell without its protocol: what must agree across protocols. */
export function permissionKey(c: { subject: string; target: string; operation: Operation }): string {
  return `${c.subject}\u0000${c.target}\u0000${c.operation}`;
}

export function cellKey(c: {
  subject: string;
  target: string;
  operation: Operation;
  protocol: Protocol;
}): string {
  return `${permissionKey(c)}\u0000${c.protocol}`;
}

export function outcomeAt(
  baseline: Baseline,
  c: { subject: string; target: string; operation: Operation; protocol: Protocol },
): BaselineOutcome | undefined {
  return baseline.matrix[c.subject]?.[c.target]?.[c.operation]?.[c.protocol];
}

export function byProtocolOrder(a: Protocol, b: Protocol): number {
  return PROTOCOLS.indexOf(a) - PROTOCOLS.indexOf(b);
}
