/**
 * One interface over every wire protocol. An adapter reports only what its client saw on the wire; the
 * case runner combines that with the admin observer and the broker log into an Observation.
 */
import type { Secret } from '../core/secret';
import type { Destination, Protocol } from '../core/types';
import type { Endpoint } from '../broker/types';
import type { ClientProfile } from '../model/authorization-model';
import type { PhaseTimings } from './timings';

export type Outcome = 'granted' | 'denied' | 'inconclusive';

/** Where a piece of evidence came from. */
export type EvidenceSource = 'wire' | 'client' | 'observer' | 'broker-log' | 'timer';

export interface Evidence {
  source: EvidenceSource;
  /** verbatim where possible: a frame, a return code, an error condition and text, a message id, a log line */
  text: string;
  /** ms since the operation began */
  atMs?: number;
}

export interface Observation {
  outcome: Outcome;
  evidence: Evidence[];
  durationMs: number;
  /** why it is inconclusive, or a note on the denial (e.g. the denial text) */
  detail?: string;
  /**
   * The broker refused because the client id was already registered (a leak of releases before 5.19.8 after an
   * advisory refusal). Never a denial of the case at hand.
   */
  clientIdConflict?: boolean;
  /** the case was not tried: the connection it needed was refused or failed (its evidence is the connect's) */
  notTried?: boolean;
  /** with notTried: the broker refused that connection (a login refusal on the wire), not a failure to reach it */
  connectRefused?: boolean;
  /** where the case's time went, phase by phase (diagnostics; no verdict depends on it) */
  timings?: PhaseTimings;
}

export interface Credentials {
  /** absent together with password: connect with no credentials at all */
  username?: string;
  password?: Secret;
}

export interface ProbeTarget {
  endpoint: Endpoint;
  /** CA the client must verify the broker against (rejectUnauthorized is always true) */
  caPem: string;
}

export interface ConnectOptions {
  /** fresh for every connection (releases before 5.19.8 leak client ids after a refused connect) */
  clientId: string;
  timeoutMs: number;
  /**
   * `default`: connect as the protocol's usual client (a JMS connection watches the temporary-destination
   * advisories); `minimal`: as a client configured to need no advisory permission. Only OpenWire differs.
   */
  client?: ClientProfile;
  /**
   * MQTT only (default true): false asks the broker to keep the session, and with it the client id's durable
   * subscriptions, after the connection ends; a later CONNECT with true deletes them.
   */
  cleanSession?: boolean;
}

/** A message the probe sends or expects; `id` is unique per case so deliveries can be matched. */
export interface ProbeMessage {
  id: string;
  body: string;
  /**
   * Ask the broker to retain the message on a topic (MQTT retain flag; the `ActiveMQ.Retain` property on
   * other protocols), so that a retroactive subscriber arriving after the send still receives it. The case
   * runner uses it to prove that a send created a topic nobody was subscribed to.
   */
  retain?: boolean;
  /**
   * Let the broker discard the message this long after the send (STOMP `expires`), so a message that is
   * meant to stay on a queue only for a while (what a browser must find) does not reach later consumers.
   */
  expiresInMs?: number;
  /** JMSCorrelationID (STOMP `correlation-id`), so that a selector can pick this one message */
  correlationId?: string;
  /**
   * Send PERSISTENT (STOMP `persistent:true`; OpenWire probes always do): the broker keeps only persistent
   * messages for a durable subscription while its subscriber is offline.
   */
  persistent?: boolean;
}

export interface SubscribeOptions {
  /**
   * Also deliver what the topic retained before this subscription (`activemq.retroactive`; MQTT
   * subscriptions always receive retained messages).
   */
  retroactive?: boolean;
  /**
   * Subscribe as a queue browser: the broker delivers copies of what the queue holds and removes nothing
   * (a JMS QueueBrowser's ConsumerInfo `browser` flag, STOMP `browser:true`, an AMQP source with
   * distribution mode `copy`). The broker checks read, as for a consumer.
   */
  browser?: boolean;
  /** a JMS message selector, e.g. `JMSCorrelationID = 'browse-1a2b'` (STOMP `selector`) */
  selector?: string;
  /**
   * Make (or resume) a durable topic subscription of this name under the connection's client id (OpenWire
   * ConsumerInfo `subscriptionName`, STOMP `activemq.subscriptionName`, an AMQP receiver link of this name
   * with a durable source). Closing the subscription leaves the durable subscription behind, offline.
   */
  durableName?: string;
}

/** What the sender's protocol said about a send. `acknowledged` is not proof of delivery (MQTT acks denials). */
export interface SendResult {
  observation: Observation;
}

export interface Subscription {
  /** what the protocol said about the subscribe (SUBACK, RECEIPT, attach) */
  observation: Observation;
  /** resolves with the first message whose id matches, or null on timeout */
  nextMessage(id: string, timeoutMs: number): Promise<ProbeMessage | null>;
  close(): Promise<void>;
}

/** A subscription on a temporary queue the session created for it (a requester's reply queue). */
export interface TemporarySubscription extends Subscription {
  /** the temporary queue as the broker named it; absent when it could not be created or subscribed */
  destination?: Destination;
}

/** One open connection as one user over one protocol. */
export interface ProbeSession {
  protocol: Protocol;
  send(destination: Destination, message: ProbeMessage, timeoutMs: number): Promise<SendResult>;
  subscribe(destination: Destination, timeoutMs: number, options?: SubscribeOptions): Promise<Subscription>;
  /**
   * Creates a temporary queue on this connection and subscribes to it, as a requester does for its replies
   * (JMS `session.createTemporaryQueue()`, an AMQP receiver with a dynamic source). Absent where the protocol
   * names temporary queues itself (STOMP `/temp-queue/<name>`) or has none (MQTT).
   */
  subscribeTemporary?(timeoutMs: number): Promise<TemporarySubscription>;
  /**
   * Deletes the offline durable subscription `name` of this connection's client id on `topic` (JMS
   * `session.unsubscribe(name)`, STOMP UNSUBSCRIBE with `activemq.subscriptionName`, an AMQP detach with
   * closed=true). Absent where the protocol removes durable subscriptions otherwise (MQTT: clean session).
   */
  removeDurable?(topic: Destination, name: string, timeoutMs: number): Promise<Observation>;
  /**
   * What the broker delivers, on this connection, for a subscription it restored by itself when the
   * connection was made (MQTT cleanSession=false: the client id's durable subscriptions come back without
   * a SUBSCRIBE). Absent where subscriptions are resumed by subscribing again.
   */
  restored?(topic: Destination): Subscription;
  /** false once the broker or the client library closed it (e.g. stompit after an ERROR frame) */
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface ConnectResult {
  observation: Observation;
  /** present when the connection was granted */
  session?: ProbeSession;
}

export interface ProbeAdapter {
  protocol: Protocol;
  connect(target: ProbeTarget, credentials: Credentials, options: ConnectOptions): Promise<ConnectResult>;
}
