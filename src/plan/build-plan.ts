/**
 * Policy + model -> the cases a run probes. Pure: the same policy, run id and capabilities give the
 * same plan. Every case carries the model's prediction and, where the team wrote one, its expectation.
 */
import { formatDestination, sameDestination } from '../core/destination';
import type {
  Decision,
  Destination,
  Expectation,
  Operation,
  Policy,
  Protocol,
  Transport,
} from '../core/types';
import { PROTOCOL_TRANSPORT } from '../core/types';
import type { AuthorizationModel } from '../model/authorization-model';
import { freshName, probeDestinations } from './probe-destinations';
import type { CreateVia, CredentialVariant, Plan, PlannedCase } from './types';

/** Pseudo users of the negative connects (the same names expectations use). */
export const UNKNOWN_USER = 'unknown';
export const ANONYMOUS_USER = 'anonymous';

/** The username a run's unknown-user connects present: one the broker cannot know. */
export function unknownUsername(runId: string): string {
  return `amqauth-unknown-${runId}`;
}

export interface PlanOptions {
  runId: string;
  /** protocols the user asked for */
  protocols: readonly Protocol[];
  /** transports the broker build supports; cases over others are planned as skipped */
  capabilities: readonly Transport[];
  /** the harness's own observer user, never planned as a subject */
  observerUser?: string;
}

/** MQTT addresses topics only: ActiveMQ maps every MQTT name to a topic. */
export function protocolAddresses(protocol: Protocol, destination: Destination): boolean {
  if (protocol === 'mqtt' || protocol === 'mqtt-wss') return destination.kind === 'topic';
  return destination.kind === 'queue' || destination.kind === 'topic';
}

function caseId(
  c: Pick<PlannedCase, 'protocol' | 'user' | 'credentials' | 'operation' | 'destination'>,
): string {
  const who = c.credentials === 'valid' ? c.user : `${c.user}(${c.credentials})`;
  const where = c.destination ? ` ${formatDestination(c.destination)}` : '';
  return `${c.protocol} ${who} ${c.operation}${where}`;
}

function deniedConnect(user: string, reason: string): Decision {
  return {
    user,
    operation: 'connect',
    allowed: false,
    userGroups: [],
    aclGroups: [],
    matchedEntries: [],
    decidingEntries: [],
    reason,
    caveats: [],
  };
}

export function buildPlan(policy: Policy, model: AuthorizationModel, options: PlanOptions): Plan {
  const { runId } = options;
  const cases = new Map<string, PlannedCase>();
  const probes = probeDestinations(policy, runId);
  const declared: Destination[] = probes.map((p) => p.destination);
  let serial = 0;
  /** exact names an expectation wants created: only the first case can be first */
  const createdExactly = new Map<string, Protocol>();
  const subjects = policy.users.map((u) => u.username).filter((u) => u !== options.observerUser);

  const skipFor = (protocol: Protocol): string | undefined => {
    const transport = PROTOCOL_TRANSPORT[protocol];
    return options.capabilities.includes(transport)
      ? undefined
      : `this broker build has no ${transport} transport (${protocol} cannot be checked here)`;
  };

  const add = (c: Omit<PlannedCase, 'id' | 'skip'>): PlannedCase => {
    const id = caseId(c);
    const existing = cases.get(id);
    if (existing) return existing;
    const planned: PlannedCase = { ...c, id, skip: skipFor(c.protocol) };
    cases.set(id, planned);
    return planned;
  };

  const createCase = (user: string, protocol: Protocol, fresh: Destination, target: string) => {
    const create = model.explain(user, fresh, 'create', { protocol });
    const canWrite = model.explain(user, fresh, 'produce', { protocol }).allowed;
    const canRead = model.explain(user, fresh, 'consume', { protocol }).allowed;
    // The broker checks write (or read) before it auto-creates, so creation is observable only through
    // an operation the user may perform; with neither, the first use is refused whatever admin says.
    const via: CreateVia = canWrite || !canRead ? 'produce' : 'consume';
    const allowed = create.allowed && (canWrite || canRead);
    const prediction: Decision = allowed
      ? create
      : {
          ...create,
          allowed: false,
          reason: create.allowed
            ? `${create.reason} But the first use that would create it needs write or read, which ${user} lacks.`
            : create.reason,
        };
    return add({
      protocol,
      user,
      credentials: 'valid',
      operation: 'create',
      destination: fresh,
      target,
      createVia: via,
      prediction,
    });
  };

  for (const protocol of options.protocols) {
    for (const user of subjects) {
      add({
        protocol,
        user,
        credentials: 'valid',
        operation: 'connect',
        prediction: model.explain(user, undefined, 'connect', { protocol }),
      });
    }
    const someone = subjects[0];
    if (someone) {
      add({
        protocol,
        user: someone,
        credentials: 'wrong-password',
        operation: 'connect',
        prediction: deniedConnect(someone, `${someone} presents a wrong password, so authentication fails.`),
      });
    }
    add({
      protocol,
      user: UNKNOWN_USER,
      credentials: 'unknown-user',
      operation: 'connect',
      prediction: model.explain(unknownUsername(runId), undefined, 'connect'),
    });
    add({
      protocol,
      user: ANONYMOUS_USER,
      credentials: 'no-credentials',
      operation: 'connect',
      prediction: model.anonymousAccessAllowed
        ? model.explain(ANONYMOUS_USER, undefined, 'connect', { protocol })
        : deniedConnect(
            ANONYMOUS_USER,
            'A client without credentials is refused: anonymous access is not allowed.',
          ),
    });

    for (const probe of probes) {
      if (!protocolAddresses(protocol, probe.destination)) continue;
      for (const user of subjects) {
        for (const operation of ['produce', 'consume'] as const) {
          add({
            protocol,
            user,
            credentials: 'valid',
            operation,
            destination: probe.destination,
            target: probe.target,
            prediction: model.explain(user, probe.destination, operation, { protocol }),
          });
        }
        if (probe.freshPattern)
          createCase(user, protocol, freshName(probe.freshPattern, runId, ++serial), probe.target);
      }
    }
  }

  for (const statement of policy.expectations) {
    applyExpectation(statement);
  }

  function applyExpectation(statement: Expectation): void {
    const protocols = statement.protocols ?? options.protocols;
    const verdicts: [Operation, boolean][] = [
      ...statement.can.map((op): [Operation, boolean] => [op, true]),
      ...statement.cannot.map((op): [Operation, boolean] => [op, false]),
    ];
    for (const protocol of protocols) {
      for (const [operation, allowed] of verdicts) {
        const planned = expectationCase(statement, protocol, operation);
        if (planned) planned.expectation = { allowed, statement };
      }
    }
  }

  function expectationCase(
    statement: Expectation,
    protocol: Protocol,
    operation: Operation,
  ): PlannedCase | undefined {
    const credentials: CredentialVariant =
      statement.user === UNKNOWN_USER
        ? 'unknown-user'
        : statement.user === ANONYMOUS_USER && !policy.users.some((u) => u.username === ANONYMOUS_USER)
          ? 'no-credentials'
          : 'valid';
    const user = statement.user;
    if (operation === 'connect') {
      const existing = [...cases.values()].find(
        (c) =>
          c.protocol === protocol &&
          c.operation === 'connect' &&
          c.user === user &&
          c.credentials === credentials,
      );
      return (
        existing ??
        add({
          protocol,
          user,
          credentials,
          operation,
          prediction: model.explain(user, undefined, 'connect', { protocol }),
        })
      );
    }
    const destination = statement.on;
    if (!destination) return undefined;
    const target = formatDestination(destination);
    const planAs = (skip?: string) => {
      const planned = add({
        protocol,
        user,
        credentials,
        operation,
        destination,
        target,
        prediction: model.explain(user, destination, operation, { protocol }),
      });
      if (skip) planned.skip ??= skip;
      return planned;
    };
    if (!protocolAddresses(protocol, destination)) {
      return planAs(`${protocol} cannot address ${target} (MQTT names only topics)`);
    }
    if (operation === 'create') {
      if (declared.some((d) => sameDestination(d, destination))) {
        return planAs(`${target} is declared in the broker XML, so nobody can be the first to create it`);
      }
      const first = createdExactly.get(target);
      if (first !== undefined && first !== protocol) {
        return planAs(`${target} can be created only once per broker run; it is checked over ${first}`);
      }
      createdExactly.set(target, protocol);
      return createCase(user, protocol, destination, target);
    }
    if (!declared.some((d) => sameDestination(d, destination))) declared.push(destination);
    return planAs();
  }

  return { runId, cases: [...cases.values()], probeDestinations: declared };
}
