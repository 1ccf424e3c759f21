/**
 * One open MQTT connection as one user. ActiveMQ keeps an MQTT connection open after a denied PUBLISH or
 * SUBSCRIBE, so the session is reused across cases until the broker or the client closes it.
 */
import type { ClientSubscribeCallback, IPublishPacket, MqttClient, Packet } from 'mqtt';
import type { Destination, Protocol } from '../../core/types';
import type { ProbeMessage, ProbeSession, SendResult, SubscribeOptions, Subscription } from '../types';
import { explainMqttAddressing, mqttFilterMatches } from '../topic-mapping';
import { EvidenceRecorder } from './evidence-recorder';
import { classifySubackCode, formatPuback, formatSuback } from './packets';
import { encodeProbePayload, matchProbePayload } from './payload';

/** How long close() waits for the DISCONNECT to be written before it drops the socket. */
export const MQTT_CLOSE_TIMEOUT_MS = 2_000;
/** How long closing a subscription waits for UNSUBACK. */
export const MQTT_UNSUBSCRIBE_TIMEOUT_MS = 2_000;
/** QoS of probe publishes: 1, so the broker's PUBACK is on record (it is still not proof of delivery). */
export const MQTT_PROBE_PUBLISH_QOS = 1;
/** QoS asked for in probe subscriptions. */
export const MQTT_PROBE_SUBSCRIBE_QOS = 1;
/** Unclaimed deliveries a subscription keeps for later nextMessage() calls; the oldest go first. */
export const MQTT_INBOX_LIMIT = 1_000;

const PUBACK_IS_NOT_PROOF =
  'PUBACK is not proof of delivery: ActiveMQ acknowledges an unauthorized publish and drops it; ' +
  'the independent observer and the broker log decide';

/** mqtt-packet's SUBACK type, reached through mqtt.js's own callback type. */
type SubackPacket = NonNullable<Parameters<ClientSubscribeCallback>[2]>;

interface Delivery {
  topic: string;
  payload: Buffer;
}

interface Waiter {
  id: string;
  resolve: (message: ProbeMessage | null) => void;
  timer: NodeJS.Timeout;
}

class MqttSubscription implements Subscription {
  private readonly inbox: Delivery[] = [];
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  constructor(
    readonly observation: SendResult['observation'],
    readonly filter: string,
    private readonly active: boolean,
    private readonly onClose: (subscription: MqttSubscription) => Promise<void>,
  ) {}

  deliver(delivery: Delivery): void {
    if (this.closed || !this.active) return;
    for (const waiter of this.waiters) {
      const message = matchProbePayload(delivery.payload, waiter.id);
      if (message) {
        this.settle(waiter, message);
        return;
      }
    }
    this.inbox.push(delivery);
    if (this.inbox.length > MQTT_INBOX_LIMIT) this.inbox.shift();
  }

  /** Resolves null at once on a subscription the broker refused: nothing can arrive on it. */
  nextMessage(id: string, timeoutMs: number): Promise<ProbeMessage | null> {
    if (this.closed || !this.active) return Promise.resolve(null);
    const index = this.inbox.findIndex((d) => matchProbePayload(d.payload, id) !== null);
    if (index >= 0) {
      const [delivery] = this.inbox.splice(index, 1);
      return Promise.resolve(delivery ? matchProbePayload(delivery.payload, id) : null);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = { id, resolve, timer: setTimeout(() => this.settle(waiter, null), timeoutMs) };
      this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.abandon();
    await this.onClose(this);
  }

  /** Ends every wait with null; used when the connection goes away. */
  abandon(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) this.settle(waiter, null);
    this.inbox.length = 0;
  }

  private settle(waiter: Waiter, message: ProbeMessage | null): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(message);
  }
}

export class MqttProbeSession implements ProbeSession {
  private readonly subscriptions = new Set<MqttSubscription>();
  /**
   * Deliveries no subscription of this session claimed: on a cleanSession=false connection the broker
   * restores the client id's durable subscriptions right after CONNACK and may deliver before anything
   * asks for them (see restored()).
   */
  private readonly unclaimed: Delivery[] = [];
  private closing = false;
  private lastClientError?: string;

  constructor(
    readonly protocol: Protocol,
    private readonly client: MqttClient,
  ) {
    client.on('message', (topic: string, payload: Buffer) => {
      let claimed = false;
      for (const subscription of this.subscriptions) {
        if (!mqttFilterMatches(subscription.filter, topic)) continue;
        subscription.deliver({ topic, payload });
        claimed = true;
      }
      if (claimed) return;
      this.unclaimed.push({ topic, payload });
      if (this.unclaimed.length > MQTT_INBOX_LIMIT) this.unclaimed.shift();
    });
    client.on('error', (error: Error) => {
      this.lastClientError = `${error.name}: ${error.message}`;
    });
    client.on('close', () => {
      for (const subscription of this.subscriptions) subscription.abandon();
    });
  }

  isOpen(): boolean {
    return !this.closing && this.client.connected && !this.client.disconnecting;
  }

  send(destination: Destination, message: ProbeMessage, timeoutMs: number): Promise<SendResult> {
    const recorder = new EvidenceRecorder();
    const addressing = explainMqttAddressing(destination);
    if (!addressing.addressable) {
      return Promise.resolve({ observation: recorder.observe('inconclusive', addressing.reason) });
    }
    if (addressing.wildcard) {
      return Promise.resolve({
        observation: recorder.observe(
          'inconclusive',
          `MQTT cannot publish to the wildcard topic ${addressing.topic}`,
        ),
      });
    }
    if (!this.isOpen()) {
      return Promise.resolve({ observation: recorder.observe('inconclusive', this.closedDetail()) });
    }

    const topic = addressing.topic;
    const pubacks = new Map<number, Packet>();
    const onPacket = (packet: Packet) => {
      if (packet.cmd === 'puback' && packet.messageId !== undefined) pubacks.set(packet.messageId, packet);
    };
    this.client.on('packetreceive', onPacket);

    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.client.off('packetreceive', onPacket);
        resolve(result);
      };
      const timer = setTimeout(() => {
        recorder.add('timer', `no PUBACK within ${timeoutMs} ms`);
        finish({ observation: recorder.observe('inconclusive', `no PUBACK within ${timeoutMs} ms`) });
      }, timeoutMs);

      const retain = message.retain === true;
      recorder.add(
        'client',
        `PUBLISH topic=${topic} qos=${MQTT_PROBE_PUBLISH_QOS} retain=${retain} probe id=${message.id}`,
      );
      const publishOptions = { qos: MQTT_PROBE_PUBLISH_QOS, retain } as const;
      this.client.publish(topic, encodeProbePayload(message), publishOptions, (error, packet) => {
        if (error) {
          recorder.add('client', `${error.name}: ${error.message}`);
          finish({
            observation: recorder.observe(
              'inconclusive',
              `the publish failed in the client: ${error.message}`,
            ),
          });
          return;
        }
        const messageId = (packet as IPublishPacket | undefined)?.messageId;
        const puback = messageId === undefined ? undefined : pubacks.get(messageId);
        recorder.add('wire', puback ? formatPuback(puback) : `PUBACK(messageId=${messageId ?? '?'})`);
        finish({ observation: recorder.observe('inconclusive', PUBACK_IS_NOT_PROOF) });
      });
    });
  }

  /** MQTT subscriptions always receive what the topic retained, so `retroactive` needs nothing more. */
  subscribe(destination: Destination, timeoutMs: number, _options?: SubscribeOptions): Promise<Subscription> {
    const recorder = new EvidenceRecorder();
    const addressing = explainMqttAddressing(destination);
    if (!addressing.addressable) {
      return Promise.resolve(this.inactive(recorder.observe('inconclusive', addressing.reason), ''));
    }
    if (!this.isOpen()) {
      return Promise.resolve(
        this.inactive(recorder.observe('inconclusive', this.closedDetail()), addressing.topic),
      );
    }

    const filter = addressing.topic;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (subscription: MqttSubscription) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(subscription);
      };
      const timer = setTimeout(() => {
        recorder.add('timer', `no SUBACK within ${timeoutMs} ms`);
        finish(this.inactive(recorder.observe('inconclusive', `no SUBACK within ${timeoutMs} ms`), filter));
      }, timeoutMs);

      recorder.add('client', `SUBSCRIBE filter=${filter} qos=${MQTT_PROBE_SUBSCRIBE_QOS}`);
      // mqtt.js reports a refused filter as an error and echoes the requested QoS in `granted`; the real
      // return codes are only in the SUBACK packet (third argument, or `error.packet`).
      this.client.subscribe({ [filter]: { qos: MQTT_PROBE_SUBSCRIBE_QOS } }, (error, _granted, packet) => {
        const suback: SubackPacket | undefined =
          packet ?? (error as { packet?: SubackPacket } | null)?.packet;
        if (!suback) {
          recorder.add(
            'client',
            error ? `${error.name}: ${error.message}` : 'subscribe finished without a SUBACK',
          );
          const detail = `the subscribe failed in the client: ${error?.message ?? 'no SUBACK'}`;
          finish(this.inactive(recorder.observe('inconclusive', detail), filter));
          return;
        }
        recorder.add('wire', formatSuback(suback));
        if (error) recorder.add('client', `${error.name}: ${error.message}`);
        const code = suback.granted[0];
        const verdict = classifySubackCode(typeof code === 'number' ? code : undefined);
        const observation = recorder.observe(verdict.outcome, verdict.detail);
        const subscription = new MqttSubscription(observation, filter, verdict.outcome === 'granted', (s) =>
          this.release(s),
        );
        // Only a granted subscription holds the filter at the broker; a refused one must not keep it.
        if (verdict.outcome === 'granted') this.subscriptions.add(subscription);
        finish(subscription);
      });
    });
  }

  /**
   * The durable subscription the broker restored on `topic` at CONNECT (MQTTDefaultSubscriptionStrategy
   * restoreDurableSubs): no SUBSCRIBE is sent; what it delivered before this call is handed over too.
   */
  restored(topic: Destination): Subscription {
    const recorder = new EvidenceRecorder();
    const addressing = explainMqttAddressing(topic);
    if (!addressing.addressable)
      return this.inactive(recorder.observe('inconclusive', addressing.reason), '');
    const filter = addressing.topic;
    recorder.add('client', `subscription ${filter} expected back from the broker, without a SUBSCRIBE`);
    // closing it sends no UNSUBSCRIBE: the strategy would delete the durable subscription on one
    const subscription = new MqttSubscription(recorder.observe('granted'), filter, true, async (s) => {
      this.subscriptions.delete(s);
    });
    this.subscriptions.add(subscription);
    const earlier = this.unclaimed.filter((d) => mqttFilterMatches(filter, d.topic));
    for (const delivery of earlier) {
      this.unclaimed.splice(this.unclaimed.indexOf(delivery), 1);
      subscription.deliver(delivery);
    }
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const subscription of this.subscriptions) subscription.abandon();
    this.subscriptions.clear();
    await endClient(this.client);
  }

  private inactive(observation: SendResult['observation'], filter: string): MqttSubscription {
    return new MqttSubscription(observation, filter, false, async () => undefined);
  }

  /** Unsubscribes only when no other live subscription of this session holds the same filter. */
  private async release(subscription: MqttSubscription): Promise<void> {
    if (!this.subscriptions.delete(subscription)) return;
    const stillHeld = [...this.subscriptions].some((s) => s.filter === subscription.filter);
    if (stillHeld || !this.isOpen()) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, MQTT_UNSUBSCRIBE_TIMEOUT_MS);
      this.client.unsubscribe(subscription.filter, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private closedDetail(): string {
    const why = this.lastClientError ? ` (last client error: ${this.lastClientError})` : '';
    return `the MQTT connection is closed${why}`;
  }
}

/** Ends a client politely, then forcibly if DISCONNECT cannot be written in time. */
export function endClient(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => client.end(true, () => resolve()), MQTT_CLOSE_TIMEOUT_MS);
    client.end(false, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
