/** STOMP 1.2 over TLS and over WSS, frame by frame (see ../stomp.ts). */
import { randomBytes } from 'node:crypto';
import type { Destination } from '../../../src/core/types';
import type { ProbeTarget } from '../../../src/probes/types';
import type { StompTransportKind } from '../../../src/probes/stomp/transport';
import { StepClock } from '../record';
import { StompWire, describeFrame, header, unescapeHeader, type StompFrame } from '../stomp';
import {
  ANSWER_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  type Attempt,
  type ConnectOptions,
  type Driver,
  type Login,
  type Outcome,
  type ProduceOptions,
  type Session,
  type SubscribeOptions,
  type Subscribed,
} from './types';

const PREFIX: Record<Destination['kind'], string> = {
  queue: '/queue/',
  topic: '/topic/',
  'temp-queue': '/temp-queue/',
  'temp-topic': '/temp-topic/',
};

/** The STOMP name of a destination; every part of a composite gets its own prefix. */
export function stompName(destination: Destination): string {
  return destination.name
    .split(',')
    .map((part) => `${PREFIX[destination.kind]}${part}`)
    .join(',');
}

/** The broker's text in an ERROR frame: the `message` header, unescaped. */
export function errorText(frame: StompFrame): string {
  return unescapeHeader(header(frame, 'message') ?? frame.body);
}

export class StompSession implements Session {
  private nextSubscription = 1;
  private nextTx = 1;

  constructor(
    readonly protocol: 'stomp' | 'stomp-wss',
    readonly wire: StompWire,
  ) {}

  isOpen(): boolean {
    return this.wire.isOpen();
  }

  /**
   * Writes a frame and waits for its answer: with a receipt, the RECEIPT or ERROR naming it; without, any
   * ERROR that arrives within `quietMs` (silence is then the only success signal ActiveMQ gives).
   */
  async request(
    command: string,
    headers: Record<string, string>,
    body = '',
    options: { receipt?: boolean; quietMs?: number; timeoutMs?: number } = {},
  ): Promise<Outcome> {
    const clock = new StepClock();
    const from = this.wire.frames.length;
    const receipt = options.receipt === false ? undefined : this.wire.receiptId(command.toLowerCase());
    const sent = receipt ? { ...headers, receipt } : headers;
    clock.add(
      'client',
      `${command} ${Object.entries(sent)
        .map(([k, v]) => `${k}:${v}`)
        .join(' ')}`,
    );
    this.wire.write(command, sent, body);
    if (!receipt) {
      const error = await this.wire.waitFor((f) => f.command === 'ERROR', options.quietMs ?? 1_000, from);
      return this.settle(clock, error, 'silent');
    }
    const answer = await this.wire.waitFor(
      (f) => header(f, 'receipt-id') === receipt,
      options.timeoutMs ?? ANSWER_TIMEOUT_MS,
      from,
    );
    // frames that came before the answer (an ERROR without receipt-id, a MESSAGE) are evidence too
    for (const f of this.wire.frames.slice(from)) {
      if (f === answer) break;
      clock.evidence.push({ source: 'wire', text: describeFrame(f), atMs: clock.at(f.at) });
    }
    if (!answer) {
      clock.add('timer', `no frame with receipt-id:${receipt}`);
      return { ...clock.result(this.wire.isOpen() ? 'no-answer' : 'closed') };
    }
    return this.settle(clock, answer, 'accepted');
  }

  private settle(clock: StepClock, frame: StompFrame | null, otherwise: Outcome['outcome']): Outcome {
    if (!frame) {
      if (!this.wire.isOpen()) {
        clock.add('client', `connection closed: ${this.wire.closeReason}`);
        return clock.result('closed');
      }
      return clock.result(otherwise);
    }
    const at = clock.at(frame.at);
    clock.evidence.push({ source: 'wire', text: describeFrame(frame), atMs: at });
    if (frame.command === 'ERROR') return { ...clock.result('refused', at), signal: errorText(frame) };
    return clock.result(otherwise, at);
  }

  produce(destination: Destination, body: string, options: ProduceOptions = {}): Promise<Outcome> {
    return this.request('SEND', { destination: stompName(destination), 'content-type': 'text/plain' }, body, {
      receipt: options.receipt !== false,
    });
  }

  async subscribe(destination: Destination, options: SubscribeOptions = {}): Promise<Subscribed> {
    return this.subscribeRaw(stompName(destination), options);
  }

  /** SUBSCRIBE with a destination header written exactly as given (e.g. `/topic/A,B`). */
  async subscribeRaw(
    destinationHeader: string,
    options: SubscribeOptions & { extra?: Record<string, string> } = {},
  ): Promise<Subscribed> {
    const id = `sub-${this.nextSubscription++}`;
    const outcome = await this.request(
      'SUBSCRIBE',
      { destination: destinationHeader, id, ack: 'auto', ...(options.extra ?? {}) },
      '',
      { receipt: options.receipt !== false },
    );
    const received = () =>
      this.wire.frames
        .filter((f) => f.command === 'MESSAGE' && header(f, 'subscription') === id)
        .map((f) => f.body);
    return { ...outcome, received };
  }

  /** BEGIN with a receipt (no permission needed), then ABORT: the broker answers while the session lives. */
  async alive(): Promise<Outcome> {
    const tx = `tx-${this.nextTx++}`;
    const outcome = await this.request('BEGIN', { transaction: tx }, '', { timeoutMs: 2_000 });
    if (outcome.outcome === 'accepted') this.wire.write('ABORT', { transaction: tx });
    return outcome;
  }

  async close(): Promise<void> {
    if (this.wire.isOpen()) {
      const receipt = this.wire.receiptId('disconnect');
      this.wire.write('DISCONNECT', { receipt });
      await this.wire.waitFor((f) => header(f, 'receipt-id') === receipt, 1_000);
    }
    this.wire.close();
    await this.wire.waitClosed(1_000);
  }
}

function connectHeaders(login: Login, clientId: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'accept-version': '1.2', host: '/', 'heart-beat': '0,0' };
  if (clientId !== undefined) headers['client-id'] = clientId;
  if (login.username !== undefined) headers.login = login.username;
  if (login.password !== undefined) headers.passcode = login.password;
  return headers;
}

export function stompDriver(protocol: 'stomp' | 'stomp-wss', target: ProbeTarget): Driver {
  const kind: StompTransportKind = protocol === 'stomp' ? 'tls' : 'wss';
  return {
    protocol,
    async connect(login: Login, options: ConnectOptions = {}): Promise<Attempt> {
      const clock = new StepClock();
      const wire = StompWire.open(kind, target);
      const clientId = options.clientId ?? `obs-${protocol}-${randomBytes(4).toString('hex')}`;
      clock.add(
        'client',
        `CONNECT client-id:${clientId} login:${login.username ?? '(none)'}${login.password === undefined ? ' (no passcode)' : ''}`,
      );
      wire.write('CONNECT', connectHeaders(login, clientId));
      const answer = await wire.waitFor(
        (f) => f.command === 'CONNECTED' || f.command === 'ERROR',
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
      if (!answer) {
        clock.add('timer', wire.isOpen() ? 'no CONNECTED or ERROR' : `closed: ${wire.closeReason}`);
        wire.close();
        return clock.result(wire.isOpen() ? 'no-answer' : 'closed');
      }
      clock.add('wire', describeFrame(answer));
      const decidedMs = clock.ms();
      if (answer.command === 'CONNECTED') {
        return { ...clock.result('accepted', decidedMs), session: new StompSession(protocol, wire) };
      }
      const closed = await wire.waitClosed(3_000);
      clock.add(
        'client',
        closed ? `connection closed by the broker (${wire.closeReason})` : 'still open 3 s later',
      );
      wire.close();
      return { ...clock.result('refused', decidedMs), signal: errorText(answer), closedByBroker: closed };
    },
  };
}
