import { formatDestination, parseDestination } from '../core/destination';
import { UsageError } from '../core/errors';
import { OPERATIONS, type Decision, type Operation, type Policy } from '../core/types';
import { modelFor } from '../model/for-policy';

export interface ExplainArgs {
  user: string;
  destination?: string;
  operation: string;
}

export function explainCase(policy: Policy, args: ExplainArgs): Decision {
  if (!(OPERATIONS as readonly string[]).includes(args.operation)) {
    throw new UsageError(
      `unknown operation ${JSON.stringify(args.operation)}`,
      `use one of ${OPERATIONS.join(', ')}`,
    );
  }
  const operation = args.operation as Operation;
  let destination;
  if (args.destination !== undefined) {
    destination = parseDestination(args.destination) ?? undefined;
    if (!destination) {
      throw new UsageError(
        `cannot read destination ${JSON.stringify(args.destination)}`,
        'write queue://NAME or topic://NAME (temp-queue:// and temp-topic:// too)',
      );
    }
  } else if (operation !== 'connect') {
    throw new UsageError(
      `--operation ${operation} needs --destination`,
      'e.g. --destination queue://ORDERS.new',
    );
  }
  return modelFor(policy).explain(args.user, destination, operation);
}

export function formatDecision(d: Decision): string {
  const what = d.destination ? `${d.operation} ${formatDestination(d.destination)}` : d.operation;
  const lines = [
    `${d.user} ${what}: ${d.allowed ? 'ALLOWED' : 'DENIED'}`,
    `  ${d.reason}`,
    `  user groups:      ${d.userGroups.join(', ') || '(none)'}`,
  ];
  if (d.permission) {
    lines.push(`  needs:            ${d.permission}`);
    lines.push(
      `  ${d.permission} ACL:${' '.repeat(Math.max(1, 13 - d.permission.length))}${d.aclGroups.join(', ') || '(empty)'}`,
    );
    lines.push(`  matched entries:  ${d.matchedEntries.join(', ') || '(none)'}`);
    lines.push(`  deciding entries: ${d.decidingEntries.join(', ') || '(none)'}`);
  }
  for (const caveat of d.caveats) lines.push(`  caveat: ${caveat}`);
  return lines.join('\n');
}
