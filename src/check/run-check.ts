/**
 * The check run: policy -> plan -> broker -> probes -> verdicts. One broker per run, one connection per
 * (user, protocol) reused while the protocol keeps it open, cases on different destinations in parallel
 * and cases on the same destination one at a time (a queue hands each message to one consumer only).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { renderBrokerXml } from '../activemq-xml/render';
import { noteUnavailableLog, scopePlanToExternalBroker } from '../broker/external/scope';
import { brokerVersionFor } from '../broker/distribution/broker-version';
import { selectRuntime, type RuntimeChoice, type SelectRuntimeOptions } from '../broker/select-runtime';
import type { RunningBroker } from '../broker/types';
import { formatDestination } from '../core/destination';
import { DestinationTree, isWildcard } from '../model/wildcard';
import { compositeParts, isComposite } from '../model/acl';
import { InfrastructureError } from '../core/errors';
import { Secret } from '../core/secret';
import {
  PROTOCOL_TRANSPORT,
  PROTOCOLS,
  type Destination,
  type Policy,
  type Protocol,
  type Transport,
} from '../core/types';
import { loadInput, type InputOptions } from '../input/load-input';
import { modelFor } from '../model/for-policy';
import { buildPlan, unknownUsername } from '../plan/build-plan';
import type { Plan, PlannedCase } from '../plan/types';
import { generatePassword } from '../policy';
import { adapterFor } from '../probes/adapters';
import { AdminObserver } from '../probes/observer';
import {
  ProbeClient,
  runConnect,
  runConsume,
  runCreate,
  runProduce,
  type CaseContext,
} from '../probes/run-case';
import { runBrowse } from '../probes/run-browse';
import { runRequestReply } from '../probes/run-request-reply';
import { runWildcardConsume } from '../probes/run-wildcard-consume';
import { runDurableSubscribe } from '../probes/run-durable-subscribe';
import { runVirtualTopic } from '../probes/run-virtual-topic';
import type { Credentials, Observation, ProbeTarget } from '../probes/types';
import { createRunTls } from '../tls';
import { effectivePolicy, OBSERVER_USER, observerUser } from './effective-policy';
import type { RunResult } from './run-result';
import { configFindings } from './config-findings';
import { countVerdicts, judge } from './verdict';
import { createOutcome, runCreateViaSubscribe } from './create-case';
import { runScheduled, type ScheduleStats } from './case-scheduler';
import { withInferredVerdicts } from './inferred-verdicts';
import { EvidenceSpool } from './evidence-spool';
import { sharedRunId, shardOfPlan, type Shard } from './shard';

/**
 * Cases in flight at once. They mostly wait on the network and on deliveries, so this is well above the
 * core count; what really bounds it is one case at a time per queue.
 */
export const DEFAULT_CONCURRENCY = 32;

export interface CheckOptions extends InputOptions {
  input: string;
  /** run this exact ActiveMQ release instead of the one the engine names (e.g. 5.19.1) */
  brokerVersion?: string;
  runtime?: RuntimeChoice;
  runtimeOptions?: SelectRuntimeOptions;
  /** default: every protocol; those the broker build lacks are reported as skipped */
  protocols?: Protocol[];
  concurrency?: number;
  /** where the run keeps its broker config and log; default a new folder under the system temp dir */
  runDir?: string;
  onProgress?: (done: number, total: number) => void;
  /** one line per step of the run, for the console */
  log?: (line: string) => void;
  /** test seam: change the plan before it runs (e.g. plant a wrong prediction) */
  transformPlan?: (plan: Plan) => Plan;
  /**
   * The naive baseline benchmarks compare with: a new connection for every case (closed after it).
   * Combine with `concurrency: 1` for one case at a time.
   */
  connectionPerCase?: boolean;
  /** stops the run early (e.g. on SIGINT): cases not yet run stay without a verdict, the broker is stopped */
  signal?: AbortSignal;
  /** probe every user on every target, not one representative per equivalence class */
  exhaustive?: boolean;
  /** probe only this slice of the plan (`merge-reports` joins the slices) */
  shard?: Shard;
  /** the run's id (probe names derive from it); default random, or derived from the input when sharding */
  runId?: string;
  /** diagnostics: where each batch of cases run side by side waited (e.g. for `npm run bench:profile`) */
  onScheduleStats?: (stats: ScheduleStats) => void;
}

export function newRunId(): string {
  return randomBytes(3).toString('hex');
}

export async function runCheck(options: CheckOptions): Promise<RunResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const policy = loadInput(options.input, options);
  return runCheckOnPolicy(policy, options, log, started);
}

async function runCheckOnPolicy(
  policy: Policy,
  options: CheckOptions,
  log: (l: string) => void,
  started: number,
): Promise<RunResult> {
  const protocols = options.protocols ?? [...PROTOCOLS];
  const version = brokerVersionFor(policy.engine, options.brokerVersion);
  const runId =
    options.runId ??
    (options.shard
      ? sharedRunId([policy, protocols, version.version, options.exhaustive === true, options.shard.count])
      : newRunId());
  log(version.why);
  const selected = await selectRuntime(options.runtime ?? 'auto', {
    ...options.runtimeOptions,
    brokerVersion: version.version,
  });
  log(`runtime: ${selected.runtime.kind} (${selected.reason})`);
  const capabilities = await selected.runtime.capabilities(version.version);
  log(`broker build supports: ${capabilities.join(', ')}`);

  const model = modelFor(policy, version.version);
  let plan = buildPlan(policy, model, { runId, protocols, capabilities, exhaustive: options.exhaustive });
  if (options.transformPlan) plan = options.transformPlan(plan);
  const classNote = plan.exhaustive
    ? 'every member of every class probed (--exhaustive)'
    : `${plan.classes.users.length} user classes of ${policy.users.length} users, ${plan.classes.targets.length} target classes`;
  log(`plan: ${classNote}`);
  let positions: number[] | undefined;
  if (options.shard) {
    const planCases = plan.cases.length;
    ({ plan, positions } = shardOfPlan(plan, options.shard));
    log(`shard ${options.shard.index}/${options.shard.count}: ${plan.cases.length} of ${planCases} cases`);
  }
  // a broker the harness does not configure: only declared destinations, no creates, real passwords only
  if (selected.runtime.kind === 'external') plan = scopePlanToExternalBroker(plan, policy);
  const observer = observerUser();
  const effective = effectivePolicy(policy, observer, plan.probeDestinations, plan.advisoryTopics);
  const wanted = new Set<Transport>(['stomp', ...protocols.map((p) => PROTOCOL_TRANSPORT[p])]);
  const transports = capabilities.filter((t) => wanted.has(t));
  const runDir = options.runDir ?? mkdtempSync(join(tmpdir(), `amq-auth-${runId}-`));
  const tls = await createRunTls();

  const base = {
    runId,
    input: options.input,
    engine: policy.engine,
    protocols,
    capabilities,
    startedAt: new Date(started).toISOString(),
  };
  log(
    `run ${runId}: ${plan.cases.length} cases, ${plan.cases.filter((c) => !c.skip).length} to probe; starting the broker`,
  );
  const startBroker = (phase: 'warm' | 'cold') => {
    const brokerName = phase === 'warm' ? `amq-auth-${runId}` : `amq-auth-${runId}-cold`;
    const config = phase === 'warm' ? effective : effectivePolicy(policy, observer, plan.probeDestinations);
    return selected.runtime.start({
      brokerName,
      renderXml: (target) => renderBrokerXml(config, target, { brokerName }),
      tls,
      transports,
      brokerVersion: version.version,
      runDir: phase === 'warm' ? runDir : join(runDir, 'cold'),
    });
  };
  const broker = await startBroker('warm');
  log(`broker ready (${broker.version ?? 'version unknown'}); probing`);
  if (broker.versionWarning) log(`warning: ${broker.versionWarning}`);
  const observations = new Map<string, Observation>();
  const coldObservations = new Map<string, Observation>();
  const evidence = new EvidenceSpool(join(runDir, 'evidence.jsonl'));
  // an external broker has no harness observer user: the target file names an admin to observe with
  const observerLogin = (b: RunningBroker) =>
    b.observerCredentials ?? { username: OBSERVER_USER, password: observer.password };
  let aborted = await probePhase(
    plan.cases.filter((c) => !c.skip),
    { plan, policy, broker, observerCredentials: observerLogin(broker), observations, evidence, options },
    false,
  );
  const coldCases = plan.cases.filter((c) => c.cold && !c.skip);
  if (!aborted && coldCases.length > 0 && selected.runtime.kind !== 'external') {
    log(
      `${coldCases.length} cases depend on what touched an advisory topic before; probing them on a cold broker`,
    );
    const cold = await startBroker('cold');
    aborted = await probePhase(
      coldCases,
      {
        plan,
        policy,
        broker: cold,
        observerCredentials: observerLogin(cold),
        observations: coldObservations,
        evidence,
        options,
      },
      true,
    );
  }
  const verdicts = withInferredVerdicts(
    plan.cases.map((c) => judge(c, observations.get(c.id), coldObservations.get(c.id))),
  );
  return {
    classes: plan.classes,
    exhaustive: plan.exhaustive,
    ...(options.shard && positions ? { shard: { ...options.shard, positions } } : {}),
    ...base,
    runtime: {
      kind: selected.runtime.kind,
      reason: selected.reason,
      brokerVersion: broker.version,
      requestedBrokerVersion: broker.requestedVersion,
      build: broker.build,
      versionWarning: broker.versionWarning,
    },
    durationMs: Date.now() - started,
    verdicts,
    counts: countVerdicts(verdicts),
    findings: configFindings(verdicts),
    aborted,
    brokerLogFile: broker.log.file,
  };
}

function credentialsFor(c: PlannedCase, policy: Policy, runId: string): Credentials {
  switch (c.credentials) {
    case 'no-credentials':
      return {};
    case 'unknown-user':
      return { username: unknownUsername(runId), password: new Secret(generatePassword()) };
    case 'wrong-password':
      return { username: c.user, password: new Secret(generatePassword()) };
    case 'valid': {
      const user = policy.users.find((u) => u.username === c.user);
      return user
        ? { username: user.username, password: user.password }
        : { username: c.user, password: new Secret(generatePassword()) };
    }
  }
}

/**
 * A destination case of a client whose login the broker refuses (an unknown user, a wrong password, no
 * credentials without anonymous access) is answered by that refusal: such a client cannot do anything.
 */
function loginRefusal(c: PlannedCase, observed: Observation): Observation {
  if (c.credentials === 'valid' || !observed.notTried || !observed.connectRefused) return observed;
  return {
    ...observed,
    outcome: 'denied',
    detail: `the broker refuses this client's login, so it cannot ${c.operation} anything: ${observed.detail ?? ''}`,
  };
}

/** Cases whose first use is a send (the observer subscribes to confirm it). */
function sends(c: PlannedCase): boolean {
  return c.operation === 'produce' || (c.operation === 'create' && c.createVia !== 'consume');
}

interface PhaseContext {
  plan: Plan;
  policy: Policy;
  broker: RunningBroker;
  observerCredentials: Credentials;
  observations: Map<string, Observation>;
  evidence: EvidenceSpool;
  options: CheckOptions;
}

/**
 * Probes `cases` on one broker and stops it. On a cold broker (`coldStart`) nothing may touch an advisory
 * topic before the case it belongs to: the connect cases run first, before the observer connects; then
 * the cases that subscribe, since the observer's own subscription, which confirms a send, creates the
 * destination's consumer advisory; then the sends, whose producer advisory nothing else creates.
 */
async function probePhase(
  cases: PlannedCase[],
  phase: PhaseContext,
  coldStart: boolean,
): Promise<string | undefined> {
  const { observations, broker } = phase;
  try {
    if (!coldStart) return await probeAll(cases, phase);
    const connects = cases.filter((c) => c.operation === 'connect');
    const subscribes = cases.filter((c) => c.operation !== 'connect' && !sends(c));
    return (
      (await probeAll(connects, phase, { withoutObserver: true })) ??
      (await probeAll(subscribes, phase, { coldBroker: true })) ??
      (await probeAll(cases.filter(sends), phase))
    );
  } catch (error) {
    // Nothing observed yet (e.g. the observer cannot log in): the error itself is the answer.
    if (observations.size === 0) throw error;
    // The run could not go on (e.g. the observer lost a broker that died): keep what was observed.
    return `the run stopped: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await broker.stop();
  }
}

async function probeAll(
  cases: PlannedCase[],
  { plan, policy, broker, observerCredentials, observations, evidence, options }: PhaseContext,
  { withoutObserver = false, coldBroker = false } = {},
): Promise<string | undefined> {
  if (cases.length === 0) return undefined;
  const targetOf = (protocol: Protocol): ProbeTarget => {
    const endpoint = broker.endpoints[PROTOCOL_TRANSPORT[protocol]];
    if (!endpoint)
      throw new InfrastructureError(`the broker offers no ${PROTOCOL_TRANSPORT[protocol]} endpoint`);
    return { endpoint, caPem: broker.caPem };
  };
  const observer = withoutObserver
    ? undefined
    : await AdminObserver.open({
        adapter: adapterFor('stomp'),
        target: targetOf('stomp'),
        credentials: observerCredentials,
      });
  let died: string | undefined;
  void broker.exited.then((exit) => {
    if (!exit.expected)
      died = `the broker exited during the run (code ${exit.code ?? '-'}, signal ${exit.signal ?? '-'})`;
  });

  const clients = new Map<string, ProbeClient>();
  const clientKey = (c: PlannedCase) => `${c.protocol} ${c.user} ${c.client ?? 'default'}`;
  // A wildcard subscription gets a connection of its own, closed after the case: a subscription whose close
  // went unanswered would otherwise stay on the shared connection and take messages from every queue it matches.
  // A durable subscription belongs to its connection's client id: a connection of its own, gone with the case.
  const ownConnection = (c: PlannedCase) =>
    options.connectionPerCase || c.operation === 'wildcard-consume' || c.operation === 'durable-subscribe';
  const clientFor = (c: PlannedCase): ProbeClient => {
    const key = ownConnection(c) ? c.id : clientKey(c);
    let client = clients.get(key);
    if (!client) {
      client = new ProbeClient(
        adapterFor(c.protocol),
        targetOf(c.protocol),
        credentialsFor(c, policy, plan.runId),
        {},
        c.client ?? 'default',
      );
      clients.set(key, client);
    }
    return client;
  };
  const runnable = cases;
  let done = 0;
  const runCase = async (c: PlannedCase): Promise<boolean> => {
    if (options.signal?.aborted) died ??= `interrupted (${String(options.signal.reason ?? 'aborted')})`;
    if (died) return false;
    const observed = await runOne(c).catch((error: unknown): Observation | null => {
      if (died) return null;
      return {
        outcome: 'inconclusive',
        evidence: [{ source: 'client', text: error instanceof Error ? error.message : String(error) }],
        durationMs: 0,
        detail: `the harness could not run the case: ${error instanceof Error ? error.message : String(error)}`,
      };
    });
    if (!observed) return false;
    const answered = loginRefusal(c, observed);
    if (ownConnection(c)) {
      const own = clients.get(c.id);
      clients.delete(c.id);
      const closing = performance.now();
      await own?.close().catch(() => undefined);
      if (own && observed.timings) {
        observed.timings.close = (observed.timings.close ?? 0) + Math.round(performance.now() - closing);
      }
    } else if (c.operation !== 'connect') {
      clients.get(clientKey(c))?.prepare();
    }
    const unreadLog = broker.log.unavailableReason;
    const observation = unreadLog ? noteUnavailableLog(answered, unreadLog) : answered;
    observations.set(c.id, evidence.keep(observation));
    options.onProgress?.(++done, runnable.length);
    return true;
  };
  // A client's cases never overlap (they share its connection), and neither do cases on one destination:
  // a queue hands each message to one consumer (a probe's consumer would take the observer's message),
  // and overlapping topic cases left cases without an answer from the shared observer.
  // A composite's consumers and sends reach each of its parts, so it excludes every part as well.
  // A wildcard subscription on a queue competes with every consumer of the queues it matches: no case on
  // such a queue runs while it is subscribed. On a topic every subscriber gets its own copy, so a topic
  // wildcard keeps out only the cases on the name it sends to.
  const queueWildcards = new DestinationTree<string>();
  for (const c of cases) {
    const d = c.destination;
    if (c.operation !== 'wildcard-consume' || d?.kind !== 'queue') continue;
    queueWildcards.add(d.name, `wildcard ${formatDestination(d)}`);
  }
  // every queue wildcard subscription that would take what is sent to `d` (each part of a composite)
  const subscribersOf = (d: Destination): string[] =>
    (isComposite(d) ? compositeParts(d) : [d]).flatMap((part) =>
      part.kind === 'queue' && !isWildcard(part.name) ? [...queueWildcards.lookup(part.name)] : [],
    );
  // A wildcard case holds its wildcard's key alone, and keeps out every other wildcard subscription that
  // matches the name it sends to; a case on a queue holds the keys of the wildcards matching it together
  // with every other such case, so only the wildcard's own case waits for them.
  const wildcardKeys = (c: PlannedCase): string[] => {
    const d = c.destination;
    if (!d || c.operation !== 'wildcard-consume') return [];
    return [...new Set([`wildcard ${formatDestination(d)}`, ...(c.sendTo ? subscribersOf(c.sendTo) : [])])];
  };
  const sharedWildcardKeys = (c: PlannedCase): string[] =>
    !c.destination || c.operation === 'connect' || c.operation === 'wildcard-consume'
      ? []
      : subscribersOf(c.destination);
  const exclusions = (c: PlannedCase): string[] => [...baseExclusions(c), ...wildcardKeys(c)];
  const baseExclusions = (c: PlannedCase): string[] =>
    c.operation === 'connect' || !c.destination
      ? []
      : c.operation === 'request-reply'
        ? // its temporary queue is its own: only the client is shared
          [`client ${clientKey(c)}`]
        : [
            `client ${clientKey(c)}`,
            ...[
              c.destination,
              ...(isComposite(c.destination) ? compositeParts(c.destination) : []),
              // a wildcard subscription takes what is sent to the name the observer uses
              ...(c.sendTo ? [c.sendTo] : []),
            ].map((d) => `destination ${formatDestination(d)}`),
          ];
  const runOne = async (c: PlannedCase): Promise<Observation> => {
    if (c.operation === 'connect') {
      return runConnect(adapterFor(c.protocol), targetOf(c.protocol), credentialsFor(c, policy, plan.runId));
    }
    const destination = c.destination!;
    if (!observer) throw new Error(`case ${c.id} needs the observer, which this phase does not open`);
    const ctx: CaseContext = { client: clientFor(c), observer, brokerLog: broker.log, coldBroker };
    switch (c.operation) {
      case 'produce':
        return runProduce(ctx, destination);
      case 'consume':
        return runConsume(ctx, destination);
      case 'browse':
        return runBrowse(ctx, destination);
      case 'request-reply':
        return runRequestReply(ctx);
      case 'wildcard-consume':
        if (!c.sendTo) throw new Error(`case ${c.id} names no destination for the observer to send to`);
        return runWildcardConsume(ctx, destination, c.sendTo);
      case 'durable-subscribe':
        return runDurableSubscribe(ctx, destination);
      case 'virtual-topic':
        if (!c.sendTo) throw new Error(`case ${c.id} names no virtual topic to send to`);
        return runVirtualTopic(ctx, destination, c.sendTo);
      case 'create':
        return c.createVia === 'consume'
          ? runCreateViaSubscribe(ctx, destination)
          : runCreate(ctx, destination).then((o) => createOutcome(o, destination));
      default:
        throw new Error(`unplanned operation ${c.operation}`);
    }
  };
  try {
    await runScheduled(runnable, {
      keys: exclusions,
      sharedKeys: sharedWildcardKeys,
      limit: options.concurrency ?? DEFAULT_CONCURRENCY,
      run: runCase,
      ...(options.onScheduleStats ? { onStats: options.onScheduleStats } : {}),
    });
  } finally {
    await Promise.allSettled([...clients.values()].map((c) => c.close()));
    await observer?.close().catch(() => undefined);
  }
  return died;
}
