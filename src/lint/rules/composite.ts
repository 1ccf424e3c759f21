/** Composite destinations whose intersection takes away what every part allows. */
import { formatDestination } from '../../core/destination';
import type { Destination, Operation } from '../../core/types';
import type { SourceLocation } from '../../core/errors';
import { compositeParts, isComposite } from '../../model/acl';
import { finding, type Finding } from '../finding';
import type { LintRule } from './context';

const CHECKED_OPERATIONS: readonly Operation[] = ['produce', 'consume', 'browse', 'create'];

export const compositeIntersection: LintRule = ({ policy, model }) => {
  if (!policy.authorization || policy.users.length === 0) return [];
  const composites = new Map<string, { destination: Destination; location?: SourceLocation }>();
  for (const d of policy.destinations)
    if (isComposite(d)) composites.set(formatDestination(d), { destination: d });
  for (const e of policy.expectations) {
    if (e.on && isComposite(e.on) && !composites.has(formatDestination(e.on))) {
      composites.set(formatDestination(e.on), { destination: e.on, location: e.location });
    }
  }
  const findings: Finding[] = [];
  for (const [name, { destination, location }] of composites) {
    const parts = compositeParts(destination);
    const surprises: string[] = [];
    for (const user of policy.users) {
      const lost = CHECKED_OPERATIONS.filter(
        (op) =>
          parts.every((p) => model.explain(user.username, p, op).allowed) &&
          !model.explain(user.username, destination, op).allowed,
      );
      if (lost.length > 0) surprises.push(`${user.username} may ${lost.join('/')} each part but not ${name}`);
    }
    if (surprises.length === 0) continue;
    findings.push(
      finding('COMPOSITE_INTERSECTION', {
        message: `${surprises.join('; ')} (parts: ${parts.map(formatDestination).join(', ')})`,
        location,
        fix: `give the parts one entry that matches all of them with the same groups, or send to the parts separately`,
      }),
    );
  }
  return findings;
};
