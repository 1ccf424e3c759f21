/**
 * The admin observer: an independent connection as a privileged user that confirms what probes do, the
 * pattern of ActiveMQ's own SecurityTestSupport. It subscribes to a destination before a probe sends and
 * reports whether the probe's message arrived, and it sends messages a probe's subscription should receive.
 *
 * The transport is a parameter (any ProbeAdapter). STOMP is the default choice because every ActiveMQ
 * build has it, Debian's included; OpenWire or AMQP adapters could serve the same role.
 */
import { formatDestination } from '../core/destination';
import { InfrastructureError } from '../core/errors';
import type { Destination } from '../core/types';
import { newProbeId } from './probe-message';
import type {
  Credentials,
  Evidence,
  Observation,
  ProbeAdapter,
  ProbeMessage,
  ProbeSession,
  ProbeTarget,
  SubscribeOptions,
} from './types';

/** How long the observer waits for its own CONNECTED. */
export const OBSERVER_CONNECT_TIMEOUT_MS = 5_000;
/** How long the observer waits for the RECEIPT of its own SUBSCRIBE or SEND. */
export const OBSERVER_OPERATION_TIMEOUT_MS = 5_000;

export interface AdminObserverOptions {
  /** the observer's transport, e.g. `stompAdapter` */
  adapter: ProbeAdapter;
  target: ProbeTarget;
  /** a user with read, write and admin on every probe destination (and ActiveMQ.Advisory.> on 5.17/5.18) */
  credentials: Credentials;
  connectTimeoutMs?: number;
  operationTimeoutMs?: number;
}

/** A subscription of the observer made before a probe acts. */
export interface DeliveryWatch {
  /** what the protocol said about the observer's subscribe; anything but granted makes the watch useless */
  observation: Observation;
  /** evidence `delivered <id> to observer`, or null when it did not arrive within `timeoutMs` */
  waitFor(id: string, timeoutMs: number): Promise<Evidence | null>;
  close(): Promise<void>;
}

export class AdminObserver {
  private current: ProbeSession | undefined;
  private connecting: Promise<ProbeSession> | undefined;
  private readonly connectTimeoutMs: number;
  private readonly operationTimeoutMs: number;

  constructor(private readonly options: AdminObserverOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? OBSERVER_CONNECT_TIMEOUT_MS;
    this.operationTimeoutMs = options.operationTimeoutMs ?? OBSERVER_OPERATION_TIMEOUT_MS;
  }

  /** Connects now, so a wrong admin password fails the run before any case. */
  static async open(options: AdminObserverOptions): Promise<AdminObserver> {
    const observer = new AdminObserver(options);
    await observer.session();
    return observer;
  }

  get protocol(): string {
    return this.options.adapter.protocol;
  }

  /** Subscribes to `destination`; the subscription is active at the broker when this resolves. */
  async watch(destination: Destination, options: SubscribeOptions = {}): Promise<DeliveryWatch> {
    const session = await this.session();
    const subscription = await session.subscribe(destination, this.operationTimeoutMs, options);
    const started = performance.now();
    const where = formatDestination(destination);
    return {
      observation: subscription.observation,
      async waitFor(id: string, timeoutMs: number): Promise<Evidence | null> {
        const message = await subscription.nextMessage(id, timeoutMs);
        if (!message) return null;
        const atMs = Math.round(performance.now() - started);
        return { source: 'observer', text: `delivered ${id} to observer on ${where}`, atMs };
      },
      close: () => subscription.close(),
    };
  }

  /** Sends `message` to `destination` as the admin user; granted means the broker confirmed it. */
  async publish(destination: Destination, message: ProbeMessage): Promise<Observation> {
    const session = await this.session();
    const { observation } = await session.send(destination, message, this.operationTimeoutMs);
    return observation;
  }

  async close(): Promise<void> {
    const session = this.current;
    this.current = undefined;
    if (session) await session.close();
  }

  /** The open session, reconnecting (with a fresh client id) when the previous one was closed. */
  private async session(): Promise<ProbeSession> {
    if (this.current?.isOpen()) return this.current;
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<ProbeSession> {
    const { adapter, target, credentials } = this.options;
    const result = await adapter.connect(target, credentials, {
      clientId: newProbeId('amq-auth-observer'),
      timeoutMs: this.connectTimeoutMs,
    });
    if (!result.session) {
      const said = result.observation.detail ?? result.observation.evidence.map((e) => e.text).join('; ');
      throw new InfrastructureError(
        `the admin observer could not connect as "${credentials.username ?? '(no user)'}" over ${adapter.protocol} to ${target.endpoint.url}: ${said}`,
        {
          hint: 'the observer needs a user with read, write and admin on every probe destination and on ActiveMQ.Advisory.>',
        },
      );
    }
    this.current = result.session;
    return result.session;
  }
}
