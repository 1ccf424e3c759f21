import { formatDestination, parseDestination } from '../core/destination';
import { UsageError } from '../core/errors';
import {
  OPERATIONS,
  PROTOCOLS,
  type Decision,
  type Operation,
  type Policy,
  type Protocol,
} from '../core/types';
import { brokerVersionFor } from '../broker/distribution/broker-version';
import { destinationAdvisoryName } from '../model/advisory';
import type { ClientProfile } from '../model/authorization-model';
import { modelFor } from '../model/for-policy';

export interface ExplainArgs {
  user: string;
  destination?: string;
  operation: string;
  /** the client's protocol: a default OpenWire (JMS) connection needs read on the temp-destination advisories */
  protocol?: string;
  /** `minimal`: a client configured to need no advisory permission (JMS watchTopicAdvisories=false) */
  client?: string;
  /** as on a broker where nothing touched the advisory topics yet (after a restart, before 5.19.8) */
  cold?: boolean;
  /** the exact release whose version rules apply, e.g. 5.19.1 (default: the engine's) */
  brokerVersion?: string;
  /** wildcard-consume: the name the subscription should receive from, e.g. queue://ORDERS.eu */
  receiveFrom?: string;
}

function readDestination(text: string, option: string) {
  const destination = parseDestination(text);
  if (!destination) {
    throw new UsageError(
      `${option}: cannot read destination ${JSON.stringify(text)}`,
      'write queue://NAME or topic://NAME (temp-queue:// and temp-topic:// too)',
    );
  }
  return destination;
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
    destination = readDestination(args.destination, '--destination');
  } else if (operation !== 'connect' && operation !== 'request-reply') {
    throw new UsageError(
      `--operation ${operation} needs --destination`,
      'e.g. --destination queue://ORDERS.new',
    );
  }
  if (args.protocol !== undefined && !(PROTOCOLS as readonly string[]).includes(args.protocol)) {
    throw new UsageError(
      `unknown protocol ${JSON.stringify(args.protocol)}`,
      `use one of ${PROTOCOLS.join(', ')}`,
    );
  }
  if (args.client !== undefined && args.client !== 'default' && args.client !== 'minimal') {
    throw new UsageError(`unknown client ${JSON.stringify(args.client)}`, 'use default or minimal');
  }
  if (args.receiveFrom !== undefined && operation !== 'wildcard-consume') {
    throw new UsageError(
      `--receive-from applies to --operation wildcard-consume, not ${operation}`,
      'leave --receive-from out, or explain wildcard-consume',
    );
  }
  const receiveFrom =
    args.receiveFrom === undefined ? undefined : readDestination(args.receiveFrom, '--receive-from');
  const version = brokerVersionFor(policy.engine, args.brokerVersion).version;
  return modelFor(policy, version).explain(args.user, destination, operation, {
    ...(args.protocol ? { protocol: args.protocol as Protocol } : {}),
    ...(args.client ? { client: args.client as ClientProfile } : {}),
    ...(receiveFrom ? { receiveFrom } : {}),
    ...(args.cold
      ? {
          advisoryTopicsExist: false,
          startupAdvisoryTopics: [destinationAdvisoryName('queue'), destinationAdvisoryName('topic')],
        }
      : {}),
  });
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
