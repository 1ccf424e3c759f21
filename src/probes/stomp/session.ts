/**
 * One STOMP 1.2 session of a probe. Each SEND and SUBSCRIBE asks for a RECEIPT, so ActiveMQ answers
 * every operation explicitly: a RECEIPT, or an ERROR carrying the same `receipt-id`.
 *
 * ActiveMQ keeps the connection open after an authorization denial, answered by an ERROR frame with the
 * request's `receipt-id`; so does this session (stompit itself would destroy its client on any ERROR
 * frame, and a new TLS connection per denial cost the broker most of a STOMP case's CPU). Any other ERROR
 * (no receipt-id, not an authorization decision, an unknown receipt) still closes the session, and the
 * caller reconnects.
 */
import type { Client, IncomingMessage } from 'stompit';
import { formatDestination } from '../../core/destination';
import type { Destination, Protocol } from '../../core/types';
import { PROBE_ID_HEADER, isProbeMessage } from '../probe-message';
import type {
  Observation,
  ProbeMessage,
  ProbeSession,
  SendResult,
  SubscribeOptions,
  Subscription,
} from '../types';
import { stompDestination } from './destination-name';
import {
  type StompErrorFrame,
  classifyErrorFrame,
  describeErrorFrame,
  errorFrameOf,
  installErrorFrameHandler,
} from './error-frame';
import { Stopwatch, observation } from './observation';

/** How long close() waits for the DISCONNECT receipt before dropping the connection. */
export const DISCONNECT_TIMEOUT_MS = 2_000;
/** How long a subscription's close() waits for the UNSUBSCRIBE receipt. */
export const UNSUBSCRIBE_TIMEOUT_MS = 2_000;

interface PendingOperation {
  receiptId: string;
  destination: Destination;
  clock: Stopwatch;
  settle(result: Observation): void;
}

interface ReceivedMessage {
  headerId?: string;
  body: string;
}

export class StompProbeSession implements ProbeSession {
  private destroyed = false;
  private closing = false;
  private closeReason = '';
  private readonly pending = new Map<string, PendingOperation>();
  private readonly closeListeners = new Set<() => void>();
  private readonly whenDestroyed: Promise<void>;
  private nextSubscriptionId = 1;

  constructor(
    readonly protocol: Protocol,
    private readonly client: Client,
  ) {
    installErrorFrameHandler(client, (frame) => this.claimDenial(frame));
    this.whenDestroyed = new Promise((resolve) => {
      client.on('error', (error: Error) => {
        this.onDestroyed(error);
        resolve();
      });
      client.on('end', () => {
        this.onDestroyed(undefined);
        resolve();
      });
    });
  }

  isOpen(): boolean {
    return !this.destroyed && !this.closing;
  }

  send(destination: Destination, message: ProbeMessage, timeoutMs: number): Promise<SendResult> {
    const headers: Record<string, string> = {
      destination: stompDestination(destination),
      [PROBE_ID_HEADER]: message.id,
      'content-type': 'text/plain',
    };
    // ActiveMQ keeps the last message flagged this way for retroactive subscribers (also MQTT's retain flag)
    if (message.retain) headers['ActiveMQ.Retain'] = 'true';
    if (message.expiresInMs !== undefined) headers.expires = String(Date.now() + message.expiresInMs);
    if (message.correlationId !== undefined) headers['correlation-id'] = message.correlationId;
    if (message.persistent) headers.persistent = 'true';
    return this.request('SEND', destination, headers, message.body, timeoutMs).then((o) => ({
      observation: o,
    }));
  }

  async subscribe(
    destination: Destination,
    timeoutMs: number,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    const id = `probe-sub-${this.nextSubscriptionId++}`;
    const received: ReceivedMessage[] = [];
    const waiters = new Set<() => void>();
    let active = this.isOpen();
    if (active) {
      this.client.setImplicitSubscription(id, 'auto', (error, message?: IncomingMessage) => {
        if (error || !message) return;
        // Every body is read, wanted or not: stompit reads no further frame of the connection until the
        // last MESSAGE's body has been consumed, so one unread body stalls the session for good.
        message.readString('utf8', (readError, body) => {
          if (readError || !active) return;
          received.push({ headerId: message.headers[PROBE_ID_HEADER], body: body ?? '' });
          for (const wake of [...waiters]) wake();
        });
      });
    }
    const headers: Record<string, string> = { destination: stompDestination(destination), id, ack: 'auto' };
    if (options.retroactive) headers['activemq.retroactive'] = 'true';
    // ActiveMQ's STOMP queue browser: copies of the queue's messages, then a MESSAGE with `browser:end`
    if (options.browser) headers.browser = 'true';
    if (options.selector !== undefined) headers.selector = options.selector;
    // ActiveMQ copies `activemq.*` headers onto the ConsumerInfo: a durable subscription of this name under
    // the client-id given on CONNECT
    if (options.durableName !== undefined) headers['activemq.subscriptionName'] = options.durableName;
    const result = await this.request('SUBSCRIBE', destination, headers, undefined, timeoutMs);
    active = active && result.outcome === 'granted';

    return {
      observation: result,
      nextMessage: (expectedId: string, waitMs: number): Promise<ProbeMessage | null> => {
        const find = () => received.find((m) => isProbeMessage(expectedId, m));
        const seen = find();
        if (seen) return Promise.resolve({ id: expectedId, body: seen.body });
        if (!active || !this.isOpen()) return Promise.resolve(null);
        return new Promise((resolve) => {
          const finish = (message: ReceivedMessage | undefined) => {
            clearTimeout(timer);
            waiters.delete(check);
            this.closeListeners.delete(onClose);
            resolve(message ? { id: expectedId, body: message.body } : null);
          };
          const check = () => {
            const match = find();
            if (match) finish(match);
          };
          const onClose = () => finish(undefined);
          const timer = setTimeout(() => finish(undefined), waitMs);
          waiters.add(check);
          this.closeListeners.add(onClose);
        });
      },
      close: async (): Promise<void> => {
        if (!active) return;
        active = false;
        if (!this.isOpen()) return;
        await this.request('UNSUBSCRIBE', destination, { id }, undefined, UNSUBSCRIBE_TIMEOUT_MS);
      },
    };
  }

  /**
   * UNSUBSCRIBE with `activemq.subscriptionName` deletes the durable subscription (a RemoveSubscriptionInfo
   * at the broker); STOMP 1.2 wants an `id` with every UNSUBSCRIBE, which the broker does not look up then.
   */
  removeDurable(topic: Destination, name: string, timeoutMs: number): Promise<Observation> {
    const headers = { id: `probe-remove-${this.nextSubscriptionId++}`, 'activemq.subscriptionName': name };
    return this.request('UNSUBSCRIBE', topic, headers, undefined, timeoutMs);
  }

  async close(): Promise<void> {
    if (this.destroyed) return;
    if (!this.closing) {
      this.closing = true;
      const timer = setTimeout(() => this.client.destroy(), DISCONNECT_TIMEOUT_MS);
      this.client.disconnect();
      await this.whenDestroyed;
      clearTimeout(timer);
      return;
    }
    await this.whenDestroyed;
  }

  /** Sends one frame asking for a receipt and resolves with what the broker answered. */
  private request(
    command: string,
    destination: Destination,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<Observation> {
    const clock = new Stopwatch();
    const what = `${command} ${formatDestination(destination)}`;
    if (!this.isOpen()) {
      return Promise.resolve(
        observation(clock, 'inconclusive', [clock.evidence('client', `session closed before ${what}`)], {
          detail: `the STOMP session was already closed${this.closeReason ? ` (${this.closeReason})` : ''}; reconnect`,
        }),
      );
    }
    return new Promise((resolve) => {
      let receiptId = '';
      const settle = (result: Observation) => {
        clearTimeout(timer);
        this.pending.delete(receiptId);
        resolve(result);
      };
      const timer = setTimeout(
        () =>
          settle(
            observation(clock, 'inconclusive', [clock.evidence('timer', `no RECEIPT or ERROR for ${what}`)], {
              detail: `the broker did not answer ${what} within ${timeoutMs} ms`,
            }),
          ),
        timeoutMs,
      );
      const frame = this.client.sendFrame(command, headers, {
        onReceipt: () =>
          settle(
            observation(clock, 'granted', [
              clock.evidence('wire', `RECEIPT receipt-id:${receiptId} for ${what}`),
            ]),
          ),
      });
      receiptId = String(headers.receipt);
      this.pending.set(receiptId, { receiptId, destination, clock, settle });
      if (body === undefined) frame.end();
      else frame.end(body);
    });
  }

  /** An authorization denial answering one of this session's requests settles it; the connection stays. */
  private claimDenial(frame: StompErrorFrame): boolean {
    if (frame.receiptId === undefined || classifyErrorFrame(frame) !== 'authorization') return false;
    const op = this.pending.get(frame.receiptId);
    if (!op) return false;
    op.settle(settleOnClose(op, frame, undefined, this.pending.size));
    return true;
  }

  private onDestroyed(error: Error | undefined): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const frame = errorFrameOf(error);
    this.closeReason = frame ? describeErrorFrame(frame) : (error?.message ?? 'closed');
    const pending = [...this.pending.values()];
    for (const op of pending) op.settle(settleOnClose(op, frame, error, pending.length));
    for (const listener of [...this.closeListeners]) listener();
  }
}

/** What a pending operation learns when the client is destroyed, usually by an ERROR frame. */
function settleOnClose(
  op: PendingOperation,
  frame: StompErrorFrame | undefined,
  error: Error | undefined,
  pendingCount: number,
): Observation {
  const { clock } = op;
  if (frame) {
    const kind = classifyErrorFrame(frame);
    const evidence = [clock.evidence('wire', describeErrorFrame(frame))];
    // Without a receipt-id the ERROR is only ours when nothing else was waiting and it names our destination.
    const ours =
      frame.receiptId === op.receiptId ||
      (frame.receiptId === undefined &&
        pendingCount === 1 &&
        `${frame.message}\n${frame.body}`.includes(formatDestination(op.destination)));
    if (ours && kind === 'authorization')
      return observation(clock, 'denied', evidence, { detail: frame.message });
    if (ours && kind === 'client-id-conflict') {
      return observation(clock, 'inconclusive', evidence, {
        detail:
          'client id already registered at the broker (a leak of releases before 5.19.8); not a denial of this case',
        clientIdConflict: true,
      });
    }
    return observation(clock, 'inconclusive', evidence, {
      detail: ours
        ? `the broker answered with an ERROR that is not an authorization decision: ${frame.message}`
        : `the session was closed by an ERROR for another operation: ${frame.message}`,
    });
  }
  const text = error ? error.message : 'connection ended';
  return observation(clock, 'inconclusive', [clock.evidence('client', text)], {
    detail: `the STOMP connection ended before the broker answered: ${text}`,
  });
}
