/**
 * One OpenWire probe session: a connection with one JMS session and one anonymous producer. Sends are
 * PERSISTENT and synchronous (responseRequired), so a denial comes back as the ExceptionResponse to that
 * very message, as a JMS PERSISTENT send sees it. ActiveMQ keeps the connection open after authorization
 * denials, and so does this session.
 */
import { formatDestination } from '../../core/destination';
import type { Destination } from '../../core/types';
import { PROBE_ID_HEADER, isProbeMessage } from '../probe-message';
import { shiftedEvidence, Stopwatch } from '../stomp/observation';
import type {
  Observation,
  ProbeMessage,
  ProbeSession,
  SendResult,
  SubscribeOptions,
  Subscription,
  TemporarySubscription,
} from '../types';
import {
  PROBE_PREFETCH,
  consumerInfo,
  openwireDestination,
  producerInfo,
  removeInfo,
  removeSubscriptionInfo,
  standardAck,
  textMessage,
} from './builders';
import type { ConsumerId, MessageDispatch } from './commands';
import type { OpenWireConnection } from './connection';
import type { ConnectionIds } from './ids';
import { messageBodyText, messageProperties } from './message-content';
import { observeRequest } from './observe';
import { createTemporaryQueue } from './temp-queue';

/** How long close() waits for the broker to confirm removing the connection. */
export const REMOVE_CONNECTION_TIMEOUT_MS = 2_000;
/** How long a subscription's close() waits for the broker to confirm removing the consumer. */
export const REMOVE_CONSUMER_TIMEOUT_MS = 2_000;

interface Received {
  headerId?: string;
  body: string;
}

function sameConsumer(a: ConsumerId | null, b: ConsumerId): boolean {
  return (
    a !== null && a.connectionId === b.connectionId && a.sessionId === b.sessionId && a.value === b.value
  );
}

export class OpenWireProbeSession implements ProbeSession {
  readonly protocol = 'openwire' as const;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly connection: OpenWireConnection,
    private readonly ids: ConnectionIds,
    private readonly prefetch = PROBE_PREFETCH,
    private readonly clientId?: string,
  ) {}

  isOpen(): boolean {
    return this.closing === undefined && this.connection.isOpen();
  }

  /**
   * Sends as an application does, `session.createProducer(destination).send(message)`: a producer bound
   * to the destination (the broker checks write and, before 5.19.8, creates the destination's producer
   * advisory topic as this user), then one PERSISTENT synchronous send, then the producer is closed.
   */
  async send(destination: Destination, message: ProbeMessage, timeoutMs: number): Promise<SendResult> {
    const clock = new Stopwatch();
    const target = openwireDestination(destination);
    const producerId = this.ids.boundProducerId();
    const createWhat = `ProducerInfo ${formatDestination(destination)} (session.createProducer)`;
    const created = observeRequest(
      clock,
      await this.connection.request(producerInfo(producerId, target), timeoutMs),
      createWhat,
      timeoutMs,
    );
    if (created.outcome !== 'granted') return { observation: created };
    const what = `ActiveMQTextMessage to ${formatDestination(destination)}`;
    const outcome = await this.connection.request(
      textMessage(this.ids, target, message, producerId),
      timeoutMs,
    );
    const sent = observeRequest(clock, outcome, what, timeoutMs);
    if (this.connection.isOpen()) this.connection.send(removeInfo(producerId));
    return { observation: { ...sent, evidence: [...created.evidence, ...sent.evidence] } };
  }

  async subscribe(
    destination: Destination,
    timeoutMs: number,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    const clock = new Stopwatch();
    const consumerId = this.ids.consumerId();
    const received: Received[] = [];
    const waiters = new Set<() => void>();
    const stopListening = this.connection.onDispatch((dispatch: MessageDispatch) => {
      if (!sameConsumer(dispatch.consumerId, consumerId) || dispatch.message === null) return;
      const message = dispatch.message;
      // acknowledged at once, like AUTO_ACKNOWLEDGE, so the broker keeps dispatching
      this.connection.send(standardAck(consumerId, message));
      let body = '';
      let headerId: string | undefined;
      try {
        body = messageBodyText(message);
        const id = messageProperties(message).get(PROBE_ID_HEADER);
        if (typeof id === 'string') headerId = id;
      } catch {
        // an unreadable body cannot be a probe's message
      }
      received.push({ body, ...(headerId !== undefined ? { headerId } : {}) });
      for (const wake of [...waiters]) wake();
    });
    const what = `ConsumerInfo ${formatDestination(destination)}`;
    const info = consumerInfo(consumerId, openwireDestination(destination), {
      prefetch: this.prefetch,
      retroactive: options.retroactive ?? false,
      browser: options.browser ?? false,
      ...(options.durableName !== undefined ? { subscriptionName: options.durableName } : {}),
    });
    const result = observeRequest(clock, await this.connection.request(info, timeoutMs), what, timeoutMs);
    let active = result.outcome === 'granted';
    if (!active) {
      stopListening();
      // A consumer the broker refused for its advisory topic stays registered with its prefetch and takes
      // messages meant for others; removing it is what a JMS client's failed createConsumer leaves undone.
      if (this.connection.isOpen()) this.connection.send(removeInfo(consumerId));
    }

    const nextMessage = (expectedId: string, waitMs: number): Promise<ProbeMessage | null> => {
      const find = () => received.find((m) => isProbeMessage(expectedId, m));
      const seen = find();
      if (seen) return Promise.resolve({ id: expectedId, body: seen.body });
      if (!active || !this.connection.isOpen()) return Promise.resolve(null);
      return new Promise((resolve) => {
        const finish = (message: Received | undefined) => {
          clearTimeout(timer);
          waiters.delete(check);
          stopOnClose();
          resolve(message ? { id: expectedId, body: message.body } : null);
        };
        const check = () => {
          const match = find();
          if (match) finish(match);
        };
        const stopOnClose = this.connection.onClose(() => finish(undefined));
        const timer = setTimeout(() => finish(undefined), waitMs);
        waiters.add(check);
      });
    };

    return {
      observation: result,
      nextMessage,
      close: async (): Promise<void> => {
        if (!active) return;
        active = false;
        stopListening();
        if (this.connection.isOpen()) {
          await this.connection.request(removeInfo(consumerId), REMOVE_CONSUMER_TIMEOUT_MS);
        }
      },
    };
  }

  /** `session.createTemporaryQueue()` and a consumer on it, as a JMS requester makes its reply queue. */
  async subscribeTemporary(timeoutMs: number): Promise<TemporarySubscription> {
    const made = await createTemporaryQueue(this.connection, this.ids, timeoutMs);
    if (made.observation.outcome !== 'granted') {
      return {
        observation: made.observation,
        nextMessage: () => Promise.resolve(null),
        close: async () => {},
      };
    }
    const subscription = await this.subscribe(made.destination, timeoutMs);
    // one step made of two: the subscription's evidence follows the creation's on one time line
    const observation = {
      ...subscription.observation,
      durationMs: made.observation.durationMs + subscription.observation.durationMs,
      evidence: [
        ...made.observation.evidence,
        ...shiftedEvidence(subscription.observation.evidence, made.observation.durationMs),
      ],
    };
    return {
      ...subscription,
      observation,
      ...(observation.outcome === 'granted' ? { destination: made.destination } : {}),
    };
  }

  /** `session.unsubscribe(name)`: a RemoveSubscriptionInfo, answered by a Response or an ExceptionResponse. */
  async removeDurable(topic: Destination, name: string, timeoutMs: number): Promise<Observation> {
    const clock = new Stopwatch();
    const what = `RemoveSubscriptionInfo ${name} on ${formatDestination(topic)} (session.unsubscribe)`;
    if (this.clientId === undefined) {
      return {
        outcome: 'inconclusive',
        evidence: [clock.evidence('client', `${what}: the connection has no client id`)],
        durationMs: clock.elapsedMs(),
        detail: 'a durable subscription belongs to a client id, and this connection has none',
      };
    }
    const command = removeSubscriptionInfo(this.ids.connectionId, this.clientId, name);
    return observeRequest(clock, await this.connection.request(command, timeoutMs), what, timeoutMs);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.connection.isOpen()) {
        await this.connection.request(removeInfo(this.ids.connectionId), REMOVE_CONNECTION_TIMEOUT_MS);
      }
      await this.connection.close();
    })();
    return this.closing;
  }
}
