/** One shape over the six protocols, so that a scenario reads the same whichever protocol it runs on. */
import type { Destination } from '../../../src/core/types';
import type { StepResult } from '../record';

export const PROTOCOL_NAMES = ['openwire', 'amqp', 'stomp', 'stomp-wss', 'mqtt', 'mqtt-wss'] as const;
export type ProtocolName = (typeof PROTOCOL_NAMES)[number];

/** Both absent: connect with no credentials at all. */
export interface Login {
  username?: string;
  password?: string;
}

export interface ConnectOptions {
  /** default: a fresh one per connection */
  clientId?: string;
  timeoutMs?: number;
  /** OpenWire only: subscribe to the temp-destination advisories at connect, as a JMS client does (default true) */
  watchTempAdvisories?: boolean;
}

/** A step together with the broker's decisive words, if any. */
export interface Outcome extends StepResult {
  /** the refusal text, return code or condition, verbatim */
  signal?: string;
  /** for a refused connect: whether the broker closed the connection within a few seconds */
  closedByBroker?: boolean;
}

export interface ProduceOptions {
  /**
   * OpenWire: `named` registers a producer bound to the destination (ProducerInfo with it), as
   * `session.createProducer(dest)`; `anonymous` uses the connection's producer without a destination.
   * AMQP: `named` attaches a sender whose target is the destination; `anonymous` sends through an
   * anonymous relay (target null, `to` on the message). Default `named` for both.
   */
  producer?: 'named' | 'anonymous';
  /** OpenWire: a non-persistent send is one-way; denials come back as ConnectionError. Default true. */
  persistent?: boolean;
  /** STOMP: ask for a receipt (default true); MQTT: QoS (default 1) */
  receipt?: boolean;
  qos?: 0 | 1;
}

export interface SubscribeOptions {
  /** STOMP: ask for a receipt (default true) */
  receipt?: boolean;
}

export interface Subscribed extends Outcome {
  /** bodies received on this subscription so far */
  received(): string[];
}

export interface Session {
  protocol: ProtocolName;
  produce(destination: Destination, body: string, options?: ProduceOptions): Promise<Outcome>;
  subscribe(destination: Destination, options?: SubscribeOptions): Promise<Subscribed>;
  /** a request that needs no permission; accepted when the broker still answers */
  alive(): Promise<Outcome>;
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface Attempt extends Outcome {
  session?: Session;
}

export interface Driver {
  protocol: ProtocolName;
  connect(login: Login, options?: ConnectOptions): Promise<Attempt>;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
/** How long an answer may take before a step counts as unanswered (a hang). */
export const ANSWER_TIMEOUT_MS = 5_000;
