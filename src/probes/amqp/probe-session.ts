import type { TLSSocket } from 'node:tls';
import type { Connection, Session } from 'rhea';
import type { Destination } from '../../core/types';
import { REQUEST_REPLY_DESTINATION } from '../../model/advisory';
import type {
  Observation,
  ProbeMessage,
  ProbeSession,
  SendResult,
  SubscribeOptions,
  Subscription,
  TemporarySubscription,
} from '../types';
import { CLOSE_TIMEOUT_MS } from './constants';
import type { FrameRecorder } from './frame-recorder';
import { ConnectionLifecycle } from './lifecycle';
import { removeDurableOnce, sendOnce, subscribeOnce, type LinkContext } from './links';

export { ConnectionLifecycle };

export interface AmqpSessionParts {
  connection: Connection;
  socket: TLSSocket;
  recorder: FrameRecorder;
  /** the session whose BEGIN proved the connection usable; links reuse it while it lasts */
  session: Session;
  lifecycle: ConnectionLifecycle;
}

/**
 * One authenticated AMQP connection. ActiveMQ answers a link denial by detaching only that link, so one
 * connection serves every case of its user; it is unusable only once the broker closed it.
 */
export class AmqpProbeSession implements ProbeSession {
  readonly protocol = 'amqp' as const;
  private session: Session;
  private closing?: Promise<void>;

  constructor(private readonly parts: AmqpSessionParts) {
    this.session = parts.session;
  }

  isOpen(): boolean {
    return !this.parts.lifecycle.isDown && !this.parts.socket.destroyed && this.parts.connection.is_open();
  }

  async send(destination: Destination, message: ProbeMessage, timeoutMs: number): Promise<SendResult> {
    return { observation: await sendOnce(this.linkContext(), destination, message, timeoutMs) };
  }

  /**
   * `browser` asks for distribution mode `copy`, which ActiveMQ's AMQP transport turns into a queue browser.
   * `retroactive` is accepted but changes nothing on the wire: ActiveMQ's AMQP receiver has no documented way to
   * ask for retroactive delivery, so an AMQP subscriber sees only messages sent after it attached.
   */
  subscribe(destination: Destination, timeoutMs: number, options?: SubscribeOptions): Promise<Subscription> {
    return subscribeOnce(this.linkContext(), destination, timeoutMs, {
      browser: options?.browser ?? false,
      ...(options?.durableName !== undefined ? { durableName: options.durableName } : {}),
    });
  }

  /** Detach with closed=true, then prove with a recovering attach that the broker no longer knows it. */
  removeDurable(topic: Destination, name: string, timeoutMs: number): Promise<Observation> {
    return removeDurableOnce(this.linkContext(), topic, name, timeoutMs);
  }

  /** A receiver with a dynamic source: ActiveMQ creates a temporary queue for it (`temp-queue://ID:...`). */
  subscribeTemporary(timeoutMs: number): Promise<TemporarySubscription> {
    return subscribeOnce(this.linkContext(), REQUEST_REPLY_DESTINATION, timeoutMs, { dynamic: true });
  }

  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private linkContext(): LinkContext {
    // A session the broker ended (it never does for a link denial, but may for other errors) is replaced.
    if (this.session.is_closed()) {
      this.session = this.parts.connection.create_session();
      this.session.begin();
    }
    return { session: this.session, recorder: this.parts.recorder, lifecycle: this.parts.lifecycle };
  }

  private async closeOnce(): Promise<void> {
    const { connection, socket, lifecycle } = this.parts;
    if (!lifecycle.isDown && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        lifecycle.onDown(() => {
          clearTimeout(timer);
          resolve();
        });
        connection.close();
      });
    }
    lifecycle.down('closed by the probe');
    socket.destroy();
  }
}
