/**
 * Policy + model -> the cases a run probes. Pure: the same policy, run id and capabilities give the
 * same plan. Every case carries the model's prediction and, where the team wrote one, its expectation.
 */
import { flatString } from '../core/flat-string';
import { formatDestination, sameDestination } from '../core/destination';
import type {
  AllFields,
  Decision,
  Destination,
  DestinationType,
  Expectation,
  Operation,
  Policy,
  Protocol,
  Transport,
} from '../core/types';
import { PROTOCOL_TRANSPORT } from '../core/types';
import { compositeParts, isComposite } from '../model/acl';
import {
  advisoryTopicsFor,
  destinationAdvisoryName,
  REQUEST_REPLY_DESTINATION,
  TEMP_DESTINATION_ADVISORIES,
} from '../model/advisory';
import type { AuthorizationModel, ClientProfile } from '../model/authorization-model';
import { equivalenceClasses, singletonClasses } from './equivalence';
import {
  concretize,
  freshName,
  probeDestinations,
  UNLISTED_TARGET,
  type ProbeDestination,
} from './probe-destinations';
import { consumerQueue, isVirtualTopic, virtualTopicOf } from '../model/virtual-topic';
import { isWildcard, matches } from '../model/wildcard';
import type { CaseClass, CreateVia, CredentialVariant, Plan, PlannedCase } from './types';

/**
 * The harness's cold broker: no advisory topic exists but those the broker creates at start, the
 * destination advisories of the queues and topics it declares (every plan declares both kinds).
 */
const COLD_BROKER = {
  advisoryTopicsExist: false,
  startupAdvisoryTopics: [destinationAdvisoryName('queue'), destinationAdvisoryName('topic')],
} as const;

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
  /** probe every user on every target instead of one representative per equivalence class */
  exhaustive?: boolean;
}

/**
 * Why `protocol` cannot name `destination`, or undefined when it can. MQTT addresses topics only
 * (ActiveMQ maps every MQTT name to a topic); composites are left out over MQTT.
 */
export function addressProblem(protocol: Protocol, destination: Destination): string | undefined {
  const target = formatDestination(destination);
  if (protocol === 'mqtt' || protocol === 'mqtt-wss') {
    if (destination.kind !== 'topic') return `${protocol} cannot address ${target} (MQTT names only topics)`;
    // ActiveMQ fans an MQTT topic with a comma out to its parts, but how MQTT signals a denial on one part
    // is not modelled, so such a case could only be inconclusive
    if (isComposite(destination))
      return `${protocol} is not probed on the composite ${target} (its per-part denials are not modelled)`;
    return undefined;
  }
  return destination.kind === 'queue' || destination.kind === 'topic'
    ? undefined
    : `${protocol} probes address only queues and topics, not ${target}`;
}

/**
 * Why `protocol` cannot perform `operation` on `destination` (beyond naming it), or undefined when it can.
 * A browser looks at a queue: JMS has QueueBrowser only, ActiveMQ's STOMP `browser:true` and AMQP `copy`
 * browse queues; MQTT has no browser at all.
 */
export function operationProblem(
  protocol: Protocol,
  operation: Operation,
  destination: Destination,
): string | undefined {
  if (operation === 'request-reply') {
    if (protocol === 'mqtt' || protocol === 'mqtt-wss')
      return `${protocol} cannot request/reply over a temporary queue (MQTT has no temporary destinations)`;
    return undefined;
  }
  if (operation === 'virtual-topic') {
    if (!virtualTopicOf(destination))
      return `virtual-topic is checked on a consumer queue queue://Consumer.<group>.VirtualTopic.<Name>; ${formatDestination(destination)} is not one`;
    if (protocol === 'mqtt' || protocol === 'mqtt-wss')
      return `${protocol} cannot receive from a virtual topic's consumer queue (MQTT addresses only topics)`;
    return addressProblem(protocol, destination);
  }
  if (operation === 'durable-subscribe') {
    if (destination.kind !== 'topic')
      return `durable subscriptions exist on topics only, not on ${formatDestination(destination)}`;
    if (isComposite(destination))
      return `durable-subscribe is not probed on the composite ${formatDestination(destination)}`;
  }
  if (operation === 'wildcard-consume') {
    if (!isWildcard(destination.name))
      return `wildcard-consume subscribes to a wildcard destination (e.g. queue://ORDERS.>); ${formatDestination(destination)} has none`;
    if (isComposite(destination))
      return `wildcard-consume is not probed on the composite ${formatDestination(destination)}`;
  } else if (isWildcard(destination.name) && (destination.kind === 'queue' || destination.kind === 'topic')) {
    return `${operation} needs a concrete destination; ${formatDestination(destination)} is a wildcard (a subscription on it is wildcard-consume)`;
  }
  if (operation === 'browse') {
    if (protocol === 'mqtt' || protocol === 'mqtt-wss')
      return `${protocol} cannot browse (MQTT has no queue browser)`;
    if (destination.kind !== 'queue')
      return `browsing is defined for queues only, not ${formatDestination(destination)}`;
  }
  return addressProblem(protocol, destination);
}

export function protocolAddresses(protocol: Protocol, destination: Destination): boolean {
  return addressProblem(protocol, destination) === undefined;
}

/**
 * The advisory topics the warm broker declares: those touched by a case whose outcome, as the model
 * predicts it, depends on whether they exist (a case with `cold`), one each (the connection advisory, each
 * destination's producer and consumer advisories, the temporary-destination advisories a JMS connection
 * watches). A topic no such case touches is left to the run, as on a real broker: declaring every topic a
 * large exhaustive plan touches (each create case's fresh name has its own) kept the broker from starting
 * in time, and an undeclared topic that does matter shows as a disagreement instead of passing unseen.
 */
export function advisoryTopicsOf(cases: readonly PlannedCase[]): Destination[] {
  const found = new Map<string, Destination>();
  const add = (d: Destination) => found.set(formatDestination(d), d);
  for (const c of cases) {
    if (c.skip || !c.cold) continue;
    for (const topic of advisoryTopicsFor(c.destination, c.operation, c.protocol, c.createVia)) add(topic);
    if (c.protocol === 'openwire') for (const part of compositeParts(TEMP_DESTINATION_ADVISORIES)) add(part);
  }
  return [...found.values()];
}

export function caseId(
  c: Pick<PlannedCase, 'protocol' | 'user' | 'credentials' | 'operation' | 'destination'>,
): string {
  const who = c.credentials === 'valid' ? c.user : `${c.user}(${c.credentials})`;
  const where = c.destination ? ` ${formatDestination(c.destination)}` : '';
  return flatString(`${c.protocol} ${who} ${c.operation}${where}`);
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
  const virtualTopics = virtualTopicCases(policy, probes);
  // the interceptor copies only into consumer queues that exist, so the run's broker XML declares them
  for (const vt of virtualTopics)
    if (!declared.some((d) => sameDestination(d, vt.queue))) declared.push(vt.queue);
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

  /**
   * A destination case of a user whose default connection is refused (a JMS connection without read on
   * the temporary-destination advisories) runs over a connection such a client can choose instead, so it
   * still says what the map allows; the refusal itself is the connect case's.
   */
  const clientOf = (user: string, protocol: Protocol, operation: Operation): ClientProfile => {
    if (operation === 'connect' || protocol !== 'openwire' || !model.knowsUser(user)) return 'default';
    const asDefault = model.explain(user, undefined, 'connect', { protocol });
    const asMinimal = model.explain(user, undefined, 'connect', { protocol, client: 'minimal' });
    return !asDefault.allowed && asMinimal.allowed ? 'minimal' : 'default';
  };

  /** What the model says with and without the advisory topics already there; `cold` only when they differ. */
  const predict = (
    user: string,
    destination: Destination | undefined,
    operation: Operation,
    protocol: Protocol,
    client: ClientProfile,
    receiveFrom?: Destination,
  ): { prediction: Decision; cold?: Decision } => {
    const context = { protocol, client, ...(receiveFrom ? { receiveFrom } : {}) };
    const prediction = model.explain(user, destination, operation, context);
    if (!model.knowsUser(user)) return { prediction };
    const cold = model.explain(user, destination, operation, { ...context, ...COLD_BROKER });
    return cold.allowed === prediction.allowed ? { prediction } : { prediction, cold };
  };

  const add = (
    c: Omit<PlannedCase, 'id' | 'skip' | 'client' | 'prediction' | 'cold'> & {
      prediction?: Decision;
    },
  ): PlannedCase => {
    const id = caseId(c);
    const existing = cases.get(id);
    if (existing) return existing;
    const client = c.credentials === 'valid' ? clientOf(c.user, c.protocol, c.operation) : 'default';
    const predicted: { prediction: Decision; cold?: Decision } = c.prediction
      ? { prediction: c.prediction }
      : predict(c.user, c.destination, c.operation, c.protocol, client, c.sendTo);
    const planned: AllFields<PlannedCase> = {
      id,
      protocol: c.protocol,
      user: c.user,
      credentials: c.credentials,
      operation: c.operation,
      destination: c.destination,
      target: c.target,
      sendTo: c.sendTo,
      createVia: c.createVia,
      prediction: predicted.prediction,
      cold: predicted.cold,
      client,
      expectation: c.expectation,
      skip: skipFor(c.protocol),
      represents: c.represents,
      inferredFrom: c.inferredFrom,
    };
    cases.set(id, planned);
    return planned;
  };

  /**
   * The broker checks write (or read) before it auto-creates, so creation is observable only through an
   * operation the user may perform; with neither, the first use is refused whatever admin says.
   */
  const createPrediction = (
    user: string,
    fresh: Destination,
    protocol: Protocol,
    client: ClientProfile,
    advisoryTopicsExist: boolean,
    via?: CreateVia,
  ): { decision: Decision; via: CreateVia } => {
    const context = { protocol, client, ...(advisoryTopicsExist ? {} : COLD_BROKER) };
    const create = model.explain(user, fresh, 'create', context);
    const canWrite = model.explain(user, fresh, 'produce', context).allowed;
    const canRead = model.explain(user, fresh, 'consume', context).allowed;
    via ??= canWrite || !canRead ? 'produce' : 'consume';
    const allowed = create.allowed && (via === 'produce' ? canWrite : canRead);
    const decision: Decision = allowed
      ? create
      : {
          ...create,
          allowed: false,
          reason: create.allowed
            ? `${create.reason} But the first use that would create it needs write or read, which ${user} lacks.`
            : create.reason,
        };
    return { decision, via };
  };

  const createCase = (user: string, protocol: Protocol, fresh: Destination, target: string) => {
    const client = clientOf(user, protocol, 'create');
    const warm = createPrediction(user, fresh, protocol, client, true);
    const cold = createPrediction(user, fresh, protocol, client, false, warm.via);
    const id = caseId({ protocol, user, credentials: 'valid', operation: 'create', destination: fresh });
    const existing = cases.get(id);
    if (existing) return existing;
    const planned: PlannedCase = {
      id,
      protocol,
      user,
      credentials: 'valid',
      operation: 'create',
      destination: fresh,
      target,
      createVia: warm.via,
      client,
      prediction: warm.decision,
      ...(cold.decision.allowed !== warm.decision.allowed ? { cold: cold.decision } : {}),
      skip: skipFor(protocol),
    };
    cases.set(id, planned);
    return planned;
  };

  const classes = options.exhaustive
    ? singletonClasses(subjects, probes, model)
    : equivalenceClasses(subjects, probes, model);
  const classOf = (users: string[], targets: string[], destinations: Destination[]): CaseClass | undefined =>
    users.length === 1 && targets.length === 1
      ? undefined
      : { users, targets: targets.map((target, i) => ({ target, destination: destinations[i]! })) };

  for (const protocol of options.protocols) {
    for (const user of subjects) add({ protocol, user, credentials: 'valid', operation: 'connect' });
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
      ...(model.anonymousAccessAllowed
        ? {}
        : {
            prediction: deniedConnect(
              ANONYMOUS_USER,
              'A client without credentials is refused: anonymous access is not allowed.',
            ),
          }),
    });

    // request/reply: the temporary-destination entry alone decides it, so users with equal groups agree
    for (const userClass of classes.users) {
      const user = userClass.users[0]!;
      const destination = REQUEST_REPLY_DESTINATION;
      const target = formatDestination(destination);
      const planned = add({
        protocol,
        user,
        credentials: 'valid',
        operation: 'request-reply',
        destination,
        target,
      });
      const skip = operationProblem(protocol, 'request-reply', destination);
      if (skip) planned.skip ??= skip;
      const represents = classOf(userClass.users, [target], [destination]);
      if (represents) planned.represents = represents;
    }

    // wildcard subscriptions: the broker looks the wildcard itself up, which no concrete name's class stands for
    for (const probe of probes) {
      const pattern = probe.freshPattern;
      if (!pattern || probe.target === UNLISTED_TARGET(pattern.kind as DestinationType)) continue;
      if (operationProblem(protocol, 'wildcard-consume', pattern)) continue;
      for (const userClass of classes.users) {
        const planned = add({
          protocol,
          user: userClass.users[0]!,
          credentials: 'valid',
          operation: 'wildcard-consume',
          destination: pattern,
          target: probe.target,
          sendTo: probe.destination,
        });
        const represents = classOf(userClass.users, [probe.target], [pattern]);
        if (represents) planned.represents = represents;
      }
    }

    // virtual topics: each consumer group the map or the destinations name receives what is sent to the topic
    for (const vt of virtualTopics) {
      for (const userClass of classes.users) {
        const planned = add({
          protocol,
          user: userClass.users[0]!,
          credentials: 'valid',
          operation: 'virtual-topic',
          destination: vt.queue,
          target: vt.target,
          sendTo: vt.topic,
        });
        const skip = operationProblem(protocol, 'virtual-topic', vt.queue);
        if (skip) planned.skip ??= skip;
        const represents = classOf(userClass.users, [vt.target], [vt.queue]);
        if (represents) planned.represents = represents;
      }
    }

    for (const targetClass of classes.targets) {
      const probe = probes.find((p) => p.target === targetClass.targets[0])!;
      if (!protocolAddresses(protocol, probe.destination)) continue;
      for (const userClass of classes.users) {
        const user = userClass.users[0]!;
        const represents = classOf(userClass.users, targetClass.targets, targetClass.destinations);
        const operations: Operation[] = ['produce', 'consume'];
        // a browser reads like a consumer (read, the consumer advisory), so the class reasoning holds for it too
        if (!operationProblem(protocol, 'browse', probe.destination)) operations.push('browse');
        for (const operation of operations) {
          const planned = add({
            protocol,
            user,
            credentials: 'valid',
            operation,
            destination: probe.destination,
            target: probe.target,
          });
          if (represents) planned.represents = represents;
        }
        if (probe.freshPattern) {
          const planned = createCase(
            user,
            protocol,
            freshName(probe.freshPattern, runId, ++serial),
            probe.target,
          );
          if (represents) planned.represents = represents;
        }
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
      return existing ?? add({ protocol, user, credentials, operation });
    }
    if (operation === 'request-reply') {
      const destination = REQUEST_REPLY_DESTINATION;
      const target = formatDestination(destination);
      const planned = add({ protocol, user, credentials, operation, destination, target });
      const skip = operationProblem(protocol, operation, destination);
      if (skip) planned.skip ??= skip;
      return planned;
    }
    const destination = statement.on;
    if (!destination) return undefined;
    const target = formatDestination(destination);
    const planAs = (skip?: string) => {
      const planned = add({ protocol, user, credentials, operation, destination, target });
      if (skip) planned.skip ??= skip;
      return planned;
    };
    const vt = operation === 'virtual-topic' ? virtualTopicOf(destination) : undefined;
    if (vt) {
      // planned with its topic even where skipped, so every virtual-topic case says where it sends
      for (const d of [destination, vt.topic])
        if (!declared.some((x) => sameDestination(x, d))) declared.push(d);
      const planned = add({ protocol, user, credentials, operation, destination, target, sendTo: vt.topic });
      const skip = operationProblem(protocol, operation, destination);
      if (skip) planned.skip ??= skip;
      return planned;
    }
    const cannot = operationProblem(protocol, operation, destination);
    if (cannot) return planAs(cannot);
    if (operation === 'wildcard-consume') {
      // the observer sends to a name the wildcard matches, declared like every probe destination
      const sendTo = { kind: destination.kind, name: concretize(destination.name, `p${runId}`) };
      if (!declared.some((d) => sameDestination(d, sendTo))) declared.push(sendTo);
      return add({ protocol, user, credentials, operation, destination, target, sendTo });
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

  const planned = [...cases.values()];
  return {
    runId,
    cases: planned,
    probeDestinations: declarable(declared),
    advisoryTopics: advisoryTopicsOf(planned),
    classes,
    exhaustive: options.exhaustive === true,
  };
}

/**
 * The virtual topics a map sets up: every probed topic named `VirtualTopic.<Name>` with each consumer group
 * whose queue `Consumer.<group>.VirtualTopic.<Name>` a queue entry (with a concrete group) or a declared queue
 * names. Keyed for reports on the entry as written, e.g. `queue://Consumer.billing.VirtualTopic.>`.
 */
function virtualTopicCases(
  policy: Policy,
  probes: readonly ProbeDestination[],
): Array<{ topic: Destination; queue: Destination; target: string }> {
  const queueNames = [
    ...(policy.authorization?.entries ?? []).filter((e) => e.type === 'queue').map((e) => e.pattern),
    ...policy.destinations.filter((d) => d.kind === 'queue').map((d) => d.name),
  ];
  const groups = [
    ...new Set(
      queueNames
        .map((name) => name.split('.'))
        .filter(
          (s) => s[0] === 'Consumer' && s[1] !== undefined && !isWildcard(s[1]) && s[2] === 'VirtualTopic',
        )
        .map((s) => s[1]!),
    ),
  ];
  const found: Array<{ topic: Destination; queue: Destination; target: string }> = [];
  for (const probe of probes) {
    const topic = probe.destination;
    if (!isVirtualTopic(topic) || isWildcard(topic.name) || isComposite(topic)) continue;
    const written = probe.target.startsWith('topic://') ? probe.target.slice('topic://'.length) : topic.name;
    for (const group of groups) {
      const queue = consumerQueue(topic, group);
      if (!queueNames.some((name) => matches(name, queue.name))) continue;
      found.push({ topic, queue, target: `queue://Consumer.${group}.${written}` });
    }
  }
  return found;
}

/**
 * What the broker XML declares for the probe destinations: a composite's parts, never the composite name
 * itself (declaring `queue://A,B` creates neither A nor B, and a send to the composite would then have to
 * create them, which needs admin on each).
 */
function declarable(destinations: readonly Destination[]): Destination[] {
  const found = new Map<string, Destination>();
  for (const d of destinations)
    for (const part of isComposite(d) ? compositeParts(d) : [d]) found.set(formatDestination(part), part);
  return [...found.values()];
}
