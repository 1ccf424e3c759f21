/**
 * Who gained or lost what between two revisions of a policy, computed from the authorization model:
 * every user and every group, on every entry pattern of both revisions and every declared destination,
 * for each destination operation (and connect, per user). The change type is deliberately flat so
 * regression baselines can reuse it.
 */
import { formatDestination } from '../core/destination';
import type { Destination, Operation, Policy } from '../core/types';
import { OPERATIONS } from '../core/types';
import { AuthorizationModel } from '../model/authorization-model';
import { ANY_GROUP } from '../model/acl';
import { modelFor } from '../model/for-policy';
import { loadInput, type InputOptions } from '../input/load-input';

export type ChangeSubject = 'user' | 'group';
export type ChangeDirection = 'gained' | 'lost';

export interface PermissionChange {
  subject: ChangeSubject;
  /** username or group name */
  name: string;
  operation: Operation;
  /** e.g. `queue://ORDERS.>`; absent for connect */
  destination?: string;
  change: ChangeDirection;
  /** entries that decided in the old revision: those granting when allowed, those matching when denied */
  before: string[];
  /** the same for the new revision */
  after: string[];
}

// request-reply names no destination (its temporary queue is its own): compared once, like connect
// and wildcard-consume is consume on a wildcard pattern, which `consume` on that pattern already compares;
// durable-subscribe needs what consume needs on its topic, virtual-topic what produce on the topic and consume
// on the consumer queue need, which those rows compare
const DESTINATION_OPERATIONS = OPERATIONS.filter(
  (o) =>
    o !== 'connect' &&
    o !== 'request-reply' &&
    o !== 'wildcard-consume' &&
    o !== 'durable-subscribe' &&
    o !== 'virtual-topic',
);

interface Verdict {
  allowed: boolean;
  entries: string[];
}

function verdictOf(
  model: AuthorizationModel,
  user: string,
  destination: Destination | undefined,
  op: Operation,
): Verdict {
  const d = model.explain(user, destination, op);
  return { allowed: d.allowed, entries: d.allowed ? d.decidingEntries : d.matchedEntries };
}

function destinationsOf(policy: Policy): Destination[] {
  const fromEntries: Destination[] = (policy.authorization?.entries ?? []).map((e) => ({
    kind: e.type,
    name: e.pattern,
  }));
  const declared = policy.destinations.filter((d) => d.kind === 'queue' || d.kind === 'topic');
  return [...fromEntries, ...declared];
}

function groupsOf(policy: Policy): string[] {
  const map = policy.authorization;
  const acls = map ? [...map.entries, map.defaultEntry, map.tempDestinationEntry] : [];
  const fromMap = acls.flatMap((a) => (a ? [...a.read, ...a.write, ...a.admin] : []));
  return [...fromMap, ...policy.users.flatMap((u) => u.groups)].filter((g) => g !== ANY_GROUP);
}

/** A model in which each group is a user holding just that group, to ask what the group itself may do. */
function groupModel(policy: Policy, groups: readonly string[]): AuthorizationModel {
  return new AuthorizationModel({
    map: policy.authorization,
    users: groups.map((g) => ({ username: g, groups: [g] })),
    engine: policy.engine,
  });
}

function union<T>(items: readonly T[], key: (t: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) if (!out.has(key(item))) out.set(key(item), item);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function compareChanges(a: PermissionChange, b: PermissionChange): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    text(a.subject === 'user' ? '0' : '1', b.subject === 'user' ? '0' : '1') ||
    text(a.name, b.name) ||
    text(a.destination ?? '', b.destination ?? '') ||
    OPERATIONS.indexOf(a.operation) - OPERATIONS.indexOf(b.operation) ||
    text(a.change, b.change)
  );
}

export function diffPolicies(oldPolicy: Policy, newPolicy: Policy): PermissionChange[] {
  const destinations = [
    ...union([...destinationsOf(oldPolicy), ...destinationsOf(newPolicy)], formatDestination).values(),
  ];
  const users = [...new Set([...oldPolicy.users, ...newPolicy.users].map((u) => u.username))].sort();
  const groups = [...new Set([...groupsOf(oldPolicy), ...groupsOf(newPolicy)])].sort();
  const changes: PermissionChange[] = [];

  const compare = (
    subject: ChangeSubject,
    models: [AuthorizationModel, AuthorizationModel],
    name: string,
    destination: Destination | undefined,
    operation: Operation,
  ) => {
    const before = verdictOf(models[0], name, destination, operation);
    const after = verdictOf(models[1], name, destination, operation);
    if (before.allowed === after.allowed) return;
    changes.push({
      subject,
      name,
      operation,
      ...(destination ? { destination: formatDestination(destination) } : {}),
      change: after.allowed ? 'gained' : 'lost',
      before: before.entries,
      after: after.entries,
    });
  };

  const userModels: [AuthorizationModel, AuthorizationModel] = [modelFor(oldPolicy), modelFor(newPolicy)];
  const groupModels: [AuthorizationModel, AuthorizationModel] = [
    groupModel(oldPolicy, groups),
    groupModel(newPolicy, groups),
  ];
  for (const user of users) {
    compare('user', userModels, user, undefined, 'connect');
    compare('user', userModels, user, undefined, 'request-reply');
    for (const d of destinations)
      for (const op of DESTINATION_OPERATIONS) compare('user', userModels, user, d, op);
  }
  for (const group of groups) {
    compare('group', groupModels, group, undefined, 'request-reply');
    for (const d of destinations)
      for (const op of DESTINATION_OPERATIONS) compare('group', groupModels, group, d, op);
  }
  return changes.sort(compareChanges);
}

/** Loads both inputs (policy files or broker XMLs) and diffs them. */
export function diffInputs(oldPath: string, newPath: string, opts: InputOptions = {}): PermissionChange[] {
  return diffPolicies(loadInput(oldPath, opts), loadInput(newPath, opts));
}
