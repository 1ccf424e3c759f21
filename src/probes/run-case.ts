/**
 * The case runner: turns what an adapter saw on the wire, what the admin observer received and what the
 * broker logged into one Observation per case (DESIGN.md "Every verdict carries evidence").
 *
 * Rules every case follows:
 * - granted needs a delivered message (produce, consume, create) or an explicit protocol grant (connect);
 * - denied needs the broker's own words: a denial on the wire, or, where the protocol stays silent (MQTT
 *   acks an unauthorized publish), non-delivery to the observer TOGETHER with the broker log line that
 *   names the denial;
 * - everything else, a timeout above all, is inconclusive with the reason.
 */
import { formatDestination } from '../core/destination';
import type { Destination } from '../core/types';
import type { BrokerLog } from '../broker/types';
import type { ClientProfile } from '../model/authorization-model';
import type { AdminObserver, DeliveryWatch } from './observer';
import { newProbeId, newProbeMessage } from './probe-message';
import { PhaseRecorder } from './timings';
import { shiftedEvidence } from './stomp/observation';
import type {
  ConnectResult,
  Credentials,
  Evidence,
  Observation,
  ProbeAdapter,
  ProbeSession,
  ProbeTarget,
} from './types';

export interface CaseTimeouts {
  /** waiting for CONNECTED / CONNACK / open */
  connectMs: number;
  /** waiting for the answer to one SEND, SUBSCRIBE, attach, ... */
  operationMs: number;
  /** how long a message may take to reach the observer or the probe before it counts as not delivered */
  deliveryMs: number;
  /** how long to wait for the broker's denial line once delivery failed (the log is written asynchronously) */
  logLineMs: number;
}

export const DEFAULT_CASE_TIMEOUTS_MS: Readonly<CaseTimeouts> = {
  connectMs: 5_000,
  operationMs: 5_000,
  deliveryMs: 2_000,
  logLineMs: 1_000,
};

/**
 * One user's connection over one protocol, reused across cases while it stays open and re-established
 * (with a fresh client id) when the protocol or its client closed it, e.g. stompit after an ERROR frame.
 */
export class ProbeClient {
  private current: ProbeSession | undefined;
  private next: Promise<ConnectResult> | undefined;
  readonly timeouts: CaseTimeouts;

  constructor(
    readonly adapter: ProbeAdapter,
    readonly target: ProbeTarget,
    readonly credentials: Credentials,
    timeouts: Partial<CaseTimeouts> = {},
    readonly client: ClientProfile = 'default',
  ) {
    this.timeouts = { ...DEFAULT_CASE_TIMEOUTS_MS, ...timeouts };
  }

  get username(): string | undefined {
    return this.credentials.username;
  }

  /**
   * Starts the next connection now when the last one was closed (stompit closes on every ERROR frame),
   * so the TLS handshake overlaps other cases instead of delaying this client's next one.
   */
  prepare(): void {
    if (this.current?.isOpen() || this.next) return;
    this.next = connectOnce(
      this.adapter,
      this.target,
      this.credentials,
      this.timeouts.connectMs,
      this.client,
    );
  }

  /** The open session, or the connect observation explaining why there is none. */
  async session(): Promise<{ session: ProbeSession } | { session?: undefined; observation: Observation }> {
    if (this.current?.isOpen()) return { session: this.current };
    const pending =
      this.next ??
      connectOnce(this.adapter, this.target, this.credentials, this.timeouts.connectMs, this.client);
    this.next = undefined;
    const result = await pending;
    if (!result.session) return { observation: result.observation };
    this.current = result.session;
    return { session: result.session };
  }

  async close(): Promise<void> {
    const session = this.current;
    const pending = this.next;
    this.current = undefined;
    this.next = undefined;
    if (session) await session.close();
    if (pending) await (await pending).session?.close();
  }
}

export interface CaseContext {
  client: ProbeClient;
  observer: AdminObserver;
  brokerLog: BrokerLog;
  /**
   * The case runs on the cold broker, where the observer must not subscribe anywhere a later case of the
   * phase subscribes (its subscription would create the consumer advisory topic first).
   */
  coldBroker?: boolean;
}

function connectOnce(
  adapter: ProbeAdapter,
  target: ProbeTarget,
  credentials: Credentials,
  timeoutMs: number,
  client: ClientProfile = 'default',
): Promise<ConnectResult> {
  // releases before 5.19.8 leak a client id after a refused connect: never reuse one
  return adapter.connect(target, credentials, { clientId: newProbeId('amq-auth-probe'), timeoutMs, client });
}

export class CaseClock {
  private readonly started = performance.now();
  /** the case's phases, attached to every observation this clock makes */
  readonly phases = new PhaseRecorder();
  ms(): number {
    return Math.round((performance.now() - this.started) * 10) / 10;
  }
  evidence(source: Evidence['source'], text: string): Evidence {
    return { source, text, atMs: this.ms() };
  }
  /**
   * A step's evidence on this case's time line: a session times its evidence from the step's own start,
   * which is `durationMs` before now (the step has just returned).
   */
  adopt(step: Pick<Observation, 'evidence' | 'durationMs'>): Evidence[] {
    return shiftedEvidence(step.evidence, this.ms() - step.durationMs);
  }
  done(
    outcome: Observation['outcome'],
    evidence: Evidence[],
    extra: { detail?: string; clientIdConflict?: boolean } = {},
  ): Observation {
    return { outcome, evidence, durationMs: this.ms(), ...extra, timings: this.phases.timings };
  }
}

/** Everything an observation says, for matching denial texts. */
export function said(observation: Observation): string {
  return [observation.detail ?? '', ...observation.evidence.map((e) => e.text)].join('\n');
}

export function couldNotConnect(clock: CaseClock, client: ProbeClient, connect: Observation): Observation {
  return {
    timings: clock.phases.timings,
    ...clock.done('inconclusive', connect.evidence, {
      detail: `could not connect as ${client.username ?? '(no user)'} over ${client.adapter.protocol}, so the case was not tried: ${connect.detail ?? connect.outcome}`,
      ...(connect.clientIdConflict ? { clientIdConflict: true } : {}),
    }),
    notTried: true,
    ...(connect.outcome === 'denied' ? { connectRefused: true } : {}),
  };
}

export function notTried(clock: CaseClock, step: Observation, what: string): Observation {
  return clock.done('inconclusive', step.evidence, {
    detail: `${what}: ${step.detail ?? step.outcome}`,
    ...(step.clientIdConflict ? { clientIdConflict: true } : {}),
  });
}

export type DenialVerb = 'write to' | 'read from' | 'create';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The broker's log line that names a denial of `verb` on `destination` (for `username` when known), e.g.
 * `Security Error occurred on connection to: tcp://..., User writer is not authorized to write to: topic://x`.
 * MQTT's `Failed to send MQTT Publish` counts only when it names the destination, so concurrent cases
 * cannot claim each other's lines.
 */
export function denialLinePattern(verb: DenialVerb, destination: Destination, username?: string): RegExp {
  const where = escapeRegExp(formatDestination(destination));
  const who = username === undefined ? '\\S+' : escapeRegExp(username);
  return new RegExp(
    `User ${who} is not authorized to ${verb}: ${where}(?![\\w.>*-])|Failed to send MQTT Publish.*${where}(?![\\w.>*-])`,
  );
}

/** Non-delivery is a denial only with the broker's own line for it; otherwise it proves nothing. */
export async function decideSilence(
  clock: CaseClock,
  ctx: CaseContext,
  mark: number,
  verb: DenialVerb,
  destination: Destination,
  evidence: Evidence[],
  notDelivered: string,
): Promise<Observation> {
  evidence.push(clock.evidence('observer', notDelivered));
  const logged = await loggedDenial(clock, ctx, mark, verb, destination);
  if (logged !== null) {
    evidence.push(logged);
    return clock.done('denied', evidence, { detail: `the broker logged: ${logged.text}` });
  }
  return clock.done('inconclusive', evidence, {
    detail: `${notDelivered}, and the broker logged no denial for it within ${ctx.client.timeouts.logLineMs} ms`,
  });
}

/** The broker's log line for a denial of `verb` on `destination` since `mark`, as evidence; null if none came. */
export async function loggedDenial(
  clock: CaseClock,
  ctx: CaseContext,
  mark: number,
  verb: DenialVerb,
  destination: Destination,
): Promise<Evidence | null> {
  const pattern = denialLinePattern(verb, destination, ctx.client.username);
  const line = await clock.phases.time(
    'brokerLog',
    ctx.brokerLog.waitFor(pattern, ctx.client.timeouts.logLineMs, mark),
  );
  return line === null ? null : clock.evidence('broker-log', line.trim());
}

/**
 * A refusal already answered on the wire, with the broker's own log line for it added where the broker
 * wrote one within the log window (`Security Error occurred on connection to: ..., User x is not authorized
 * to read from: ...`); the wire answer decides, the line only corroborates it.
 */
export async function deniedOnTheWire(
  clock: CaseClock,
  ctx: CaseContext,
  mark: number,
  verb: DenialVerb,
  destination: Destination,
  evidence: Evidence[],
  detail: string,
): Promise<Observation> {
  const logged = await loggedDenial(clock, ctx, mark, verb, destination);
  return clock.done('denied', logged === null ? evidence : [...evidence, logged], { detail });
}

/**
 * After the broker logged a denial, how long the message still gets to arrive before its absence counts:
 * ActiveMQ drops a denied message before routing, so a delivery would follow within milliseconds.
 */
export const SETTLE_AFTER_DENIAL_LINE_MS = 150;

/**
 * After the broker logged a denial, the observer sends a fence message of its own to the destination and
 * waits for it on the same subscription. The broker wrote the line while it handled the probe's send, so a
 * probe message it had routed after all was queued for that subscription before the fence, and arrives
 * before it. The fence's arrival without the probe's message is the positive signal that replaces the fixed
 * settle window (which stays the fallback: a composite destination, whose parts deliver in no common order,
 * or a fence that could not be sent or did not arrive).
 */
async function fenceAfterDenial(
  ctx: CaseContext,
  destination: Destination,
  watch: DeliveryWatch,
  messageId: string,
): Promise<{ late: Evidence } | { fence: Evidence } | null> {
  if (destination.name.includes(',')) return null;
  const fence = newProbeMessage('fence');
  const sent = await ctx.observer.publish(destination, fence);
  if (sent.outcome !== 'granted') return null;
  const arrived = await watch.waitFor(fence.id, ctx.client.timeouts.deliveryMs);
  if (!arrived) return null;
  // already received, or it never will be: nothing the broker routed before the fence is still on its way
  const late = await watch.waitFor(messageId, 0);
  return late ? { late } : { fence: arrived };
}

/**
 * Waits for whichever comes first: the message (granted) or the broker's denial line followed by the
 * observer's fence arriving without the message (denied: non-delivery together with the broker's own
 * words; see fenceAfterDenial). Ends long before the full delivery timeout on a denial; a timeout alone
 * still decides nothing.
 */
async function awaitDeliveryOrDenial(
  clock: CaseClock,
  ctx: CaseContext,
  mark: number,
  verb: DenialVerb,
  destination: Destination,
  evidence: Evidence[],
  watch: DeliveryWatch,
  messageId: string,
  notDelivered: string,
): Promise<Observation> {
  const { client, brokerLog } = ctx;
  const delivery = watch.waitFor(messageId, client.timeouts.deliveryMs);
  const pattern = denialLinePattern(verb, destination, client.username);
  const lost = new AbortController();
  const logged = brokerLog.waitFor(pattern, client.timeouts.deliveryMs, mark, lost.signal);
  const waited = performance.now();
  const first = await Promise.race([
    delivery.then((e) => ({ delivered: e })),
    logged.then((line) => ({ line })),
  ]);
  clock.phases.add('line' in first ? 'brokerLog' : 'delivery', performance.now() - waited);
  if ('delivered' in first && first.delivered) {
    lost.abort();
    return clock.done('granted', [...evidence, first.delivered]);
  }
  if ('line' in first && first.line !== null) {
    const line = first.line.trim();
    // the denial line plus the observer's account of why the message did not come
    const deniedAsLogged = (notArrived: string) =>
      clock.done(
        'denied',
        [
          ...evidence,
          clock.evidence('broker-log', line),
          clock.evidence('observer', `${notDelivered} (${notArrived})`),
        ],
        { detail: `the broker logged: ${line}` },
      );
    const fenced = await clock.phases.time('settle', fenceAfterDenial(ctx, destination, watch, messageId));
    if (fenced && 'fence' in fenced) {
      return deniedAsLogged(
        `the observer's own message, sent after the broker logged the denial, arrived first: ${fenced.fence.text}`,
      );
    }
    const late =
      fenced?.late ??
      (await clock.phases.time(
        'settle',
        Promise.race([
          delivery,
          new Promise<null>((r) => setTimeout(() => r(null), SETTLE_AFTER_DENIAL_LINE_MS)),
        ]),
      ));
    if (late) {
      return clock.done('inconclusive', [...evidence, late, clock.evidence('broker-log', line)], {
        detail: 'the broker logged a denial, yet the message arrived',
      });
    }
    return deniedAsLogged(
      `not delivered ${SETTLE_AFTER_DENIAL_LINE_MS} ms after the broker logged the denial`,
    );
  }
  const delivered = await clock.phases.time('delivery', delivery);
  if (delivered) return clock.done('granted', [...evidence, delivered]);
  return decideSilence(
    clock,
    ctx,
    mark,
    verb,
    destination,
    evidence,
    `${notDelivered} within ${client.timeouts.deliveryMs} ms`,
  );
}

/** connect: a fresh connection; granted only on the protocol's explicit grant (CONNECTED, CONNACK 0, open). */
export async function runConnect(
  adapter: ProbeAdapter,
  target: ProbeTarget,
  credentials: Credentials,
  timeouts: Partial<CaseTimeouts> = {},
): Promise<Observation> {
  const { connectMs } = { ...DEFAULT_CASE_TIMEOUTS_MS, ...timeouts };
  const phases = new PhaseRecorder();
  const first = await phases.time('connect', connectOnce(adapter, target, credentials, connectMs));
  if (first.session) await phases.time('close', first.session.close());
  if (first.observation.outcome !== 'inconclusive' || first.observation.clientIdConflict) {
    return { ...first.observation, timings: phases.timings };
  }
  // One more try with a fresh client id: a broker that refuses a login may close the connection before
  // its answer is on the wire (seen with OpenWire under load), which leaves no evidence either way.
  const second = await phases.time('connect', connectOnce(adapter, target, credentials, connectMs));
  if (second.session) await phases.time('close', second.session.close());
  const earlier = first.observation.evidence.map((e) => ({
    ...e,
    text: `first attempt: ${e.text}`,
  }));
  return {
    ...second.observation,
    evidence: [...earlier, ...second.observation.evidence],
    timings: phases.timings,
  };
}

/** Sends of a produce case to a queue, at most (see runProduce). */
export const PRODUCE_SEND_ATTEMPTS = 3;

/** Neither delivered nor refused, and the broker logged nothing: what a message taken elsewhere looks like. */
function unanswered(observed: Observation, destination: Destination): boolean {
  return (
    destination.kind === 'queue' &&
    observed.outcome === 'inconclusive' &&
    !observed.evidence.some((e) => e.source === 'broker-log')
  );
}

/**
 * produce: the observer subscribes first, the probe sends; granted when the observer receives the
 * message, denied on a wire denial or on non-delivery plus the broker's `write to` line.
 */
export async function runProduce(ctx: CaseContext, destination: Destination): Promise<Observation> {
  const clock = new CaseClock();
  const { client, observer } = ctx;
  const connected = await clock.phases.time('connect', client.session());
  if (!connected.session) return couldNotConnect(clock, client, connected.observation);

  const watch = await clock.phases.time('observerSubscribe', observer.watch(destination));
  try {
    if (watch.observation.outcome !== 'granted') {
      return notTried(
        clock,
        watch.observation,
        `the observer could not subscribe to ${formatDestination(destination)}`,
      );
    }
    // one send of a fresh message, and then what came of it (delivery, denial, or neither)
    const send = async () => {
      const message = newProbeMessage('produce');
      const mark = ctx.brokerLog.mark();
      const sent = (
        await clock.phases.time(
          'send',
          connected.session.send(destination, message, client.timeouts.operationMs),
        )
      ).observation;
      // awaited by the caller, not returned to it as a promise: the finally below closes the watch it needs
      const outcome = (evidence: Evidence[]) =>
        awaitDeliveryOrDenial(
          clock,
          ctx,
          mark,
          'write to',
          destination,
          evidence,
          watch,
          message.id,
          `${message.id} not delivered to observer`,
        );
      return { sent, evidence: clock.adopt(sent), outcome };
    };
    const first = await send();
    const { sent } = first;
    if (sent.outcome === 'denied') {
      const missing = /not authorized to create/.test(said(sent))
        ? ' (the destination did not exist, so the send needed admin to create it; declare it in the broker XML)'
        : '';
      return clock.done('denied', first.evidence, {
        detail: `${sent.detail ?? 'denied on the wire'}${missing}`,
      });
    }
    if (sent.clientIdConflict) return notTried(clock, sent, 'client id conflict');
    let observed = await first.outcome(first.evidence);
    // A queue hands each message to one of its consumers; one another case left behind (its close not yet
    // processed by the broker) can take it, and then neither a delivery nor a denial comes. Each further
    // send is a fresh chance, as for wildcard subscriptions. Seen on a composite queue send: 2 of 4 full
    // test runs left one inconclusive. A topic gives every subscriber its own copy: no second send.
    for (let attempt = 2; attempt <= PRODUCE_SEND_ATTEMPTS && unanswered(observed, destination); attempt++) {
      const again = await send();
      const soFar = [...observed.evidence, ...again.evidence];
      if (again.sent.outcome !== 'granted') {
        return clock.done(again.sent.outcome, soFar, { detail: again.sent.detail });
      }
      observed = await again.outcome(soFar);
    }
    return observed;
  } finally {
    await clock.phases.time('close', watch.close());
  }
}

/**
 * consume: the probe subscribes, the observer sends; granted when the probe receives the message, denied
 * on a wire denial (RECEIPT-less ERROR, SUBACK 0x80, detach) or on non-delivery plus the `read from` line.
 */
export async function runConsume(ctx: CaseContext, destination: Destination): Promise<Observation> {
  const clock = new CaseClock();
  const { client, observer } = ctx;
  const connected = await clock.phases.time('connect', client.session());
  if (!connected.session) return couldNotConnect(clock, client, connected.observation);

  const mark = ctx.brokerLog.mark();
  const subscription = await clock.phases.time(
    'subscribe',
    connected.session.subscribe(destination, client.timeouts.operationMs),
  );
  try {
    const subscribed = subscription.observation;
    const evidence = clock.adopt(subscribed);
    if (subscribed.outcome === 'denied') {
      return clock.done('denied', evidence, { detail: subscribed.detail ?? 'denied on the wire' });
    }
    if (subscribed.outcome !== 'granted')
      return notTried(clock, subscribed, 'the subscribe was not answered');

    const message = newProbeMessage('consume');
    const published = await clock.phases.time('observerSend', observer.publish(destination, message));
    if (published.outcome !== 'granted') {
      return notTried(clock, published, `the observer could not send to ${formatDestination(destination)}`);
    }
    evidence.push(
      clock.evidence('observer', `observer sent ${message.id} to ${formatDestination(destination)}`),
    );
    const received = await clock.phases.time(
      'delivery',
      subscription.nextMessage(message.id, client.timeouts.deliveryMs),
    );
    if (received) {
      evidence.push(
        clock.evidence('wire', `probe received ${message.id} from ${formatDestination(destination)}`),
      );
      return clock.done('granted', evidence);
    }
    return decideSilence(
      clock,
      ctx,
      mark,
      'read from',
      destination,
      evidence,
      `${message.id} not delivered to the probe within ${client.timeouts.deliveryMs} ms`,
    );
  } finally {
    await clock.phases.time('close', subscription.close());
  }
}

/** A destination of the same kind whose name nobody has used: `<prefix><id>`, e.g. `APP.create-3f9a...`. */
export function freshDestination(kind: Destination['kind'], prefix: string): Destination {
  return { kind, name: `${prefix}${newProbeId('create')}` };
}

/**
 * create: the first use of a destination that does not exist yet (`destination` must be fresh, see
 * freshDestination). The probe sends to it; the observer subscribes only AFTER that send, so a message
 * it then receives can only be there because the probe's send created the destination.
 *
 * Queues keep a message without consumers, so an ordinary subscription finds it. A topic drops messages
 * nobody is subscribed to, so the probe's message asks the broker to retain it (`ActiveMQ.Retain`, MQTT's
 * retain flag) and the observer subscribes retroactively: ActiveMQ topics keep retained messages by
 * default (RetainedMessageSubscriptionRecoveryPolicy). An adapter that cannot retain yields
 * inconclusive for topics, never a wrong verdict.
 *
 * Denied: a wire denial naming `create` (e.g. `User writer is not authorized to create: queue://x`), or
 * non-delivery plus the broker's `create` line. A `write to` denial means the send never reached the
 * creation step: inconclusive.
 */
export async function runCreate(ctx: CaseContext, destination: Destination): Promise<Observation> {
  const clock = new CaseClock();
  const { client, observer } = ctx;
  const connected = await clock.phases.time('connect', client.session());
  if (!connected.session) return couldNotConnect(clock, client, connected.observation);

  const isTopic = destination.kind === 'topic' || destination.kind === 'temp-topic';
  const message = newProbeMessage('create', { retain: isTopic });
  const mark = ctx.brokerLog.mark();
  const sent = (
    await clock.phases.time('send', connected.session.send(destination, message, client.timeouts.operationMs))
  ).observation;
  const evidence = clock.adopt(sent);
  if (sent.outcome === 'denied') {
    if (/not authorized to create/.test(said(sent))) {
      return clock.done('denied', evidence, { detail: sent.detail ?? 'creation denied on the wire' });
    }
    return clock.done('inconclusive', evidence, {
      detail:
        `the send was refused before the broker tried to create ${formatDestination(destination)}: ${sent.detail ?? ''}`.trim(),
    });
  }
  if (sent.clientIdConflict) return notTried(clock, sent, 'client id conflict');

  let watch: DeliveryWatch | undefined;
  try {
    watch = await clock.phases.time(
      'observerSubscribe',
      observer.watch(destination, { retroactive: isTopic }),
    );
    if (watch.observation.outcome !== 'granted') {
      return notTried(
        clock,
        watch.observation,
        `the observer could not subscribe to ${formatDestination(destination)}`,
      );
    }
    const observed = await awaitDeliveryOrDenial(
      clock,
      ctx,
      mark,
      'create',
      destination,
      evidence,
      watch,
      message.id,
      `${message.id} not found by the observer that subscribed after the send`,
    );
    if (observed.outcome === 'granted') {
      observed.evidence.push(
        clock.evidence(
          'observer',
          'the observer subscribed only after the probe sent, so that send created the destination',
        ),
      );
    }
    return observed;
  } finally {
    if (watch) await clock.phases.time('close', watch.close());
  }
}
