/**
 * AMQP 1.0 (rhea) over TLS with SASL PLAIN, or SASL ANONYMOUS without credentials. Every frame the broker
 * sent is decoded from the decrypted stream (the project's FrameRecorder) and kept as evidence.
 */
import { randomBytes } from 'node:crypto';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import rhea, {
  type Connection,
  type EventContext,
  type Receiver,
  type Sender,
  type Session as RheaSession,
} from 'rhea';
import * as frames from 'rhea/lib/frames.js';
import type { Destination } from '../../../src/core/types';
import { destinationToAddress } from '../../../src/probes/amqp/address';
import { formatAmqpError, type AmqpErrorLike } from '../../../src/probes/amqp/classify';
import { FrameRecorder } from '../../../src/probes/amqp/frame-recorder';
import { connectionView, linkView } from '../../../src/probes/amqp/rhea-views';
import type { ProbeTarget } from '../../../src/probes/types';
import { tlsServerName } from '../../../src/probes/tls-server-name';
import { StepClock } from '../record';
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
  type Subscribed,
} from './types';

/** After a receiver's attach is answered, how long a refusing detach gets to follow. */
const LINK_SETTLE_MS = 300;

type Mechanisms = ReturnType<typeof rhea.sasl.client_mechanisms>;

/** Frames the broker sent from index `from` on, as evidence relative to the step's clock. */
function addFrames(clock: StepClock, recorder: FrameRecorder, from: number, startedAt: number): void {
  for (const frame of recorder.frames.slice(from)) {
    clock.evidence.push({ source: 'wire', text: frame.text, atMs: clock.at(startedAt + frame.atMs) });
  }
}

/** A promise that settles once, from whichever event comes first. */
function once<T>(timeoutMs: number, onTimeout: T): { promise: Promise<T>; settle: (value: T) => void } {
  let settle: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout), timeoutMs);
    settle = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
  });
  return { promise, settle };
}

export function amqpAddress(destination: Destination): string {
  return destinationToAddress(destination);
}

export class AmqpSession implements Session {
  readonly protocol = 'amqp' as const;
  private down = false;

  constructor(
    private readonly connection: Connection,
    private readonly session: RheaSession,
    private readonly recorder: FrameRecorder,
    private readonly recorderStart: number,
    private readonly socket: TLSSocket,
  ) {
    connection.on('connection_close', () => (this.down = true));
    connection.on('disconnected', () => (this.down = true));
  }

  isOpen(): boolean {
    return !this.down && !this.socket.destroyed;
  }

  async produce(destination: Destination, body: string, options: ProduceOptions = {}): Promise<Outcome> {
    const anonymous = options.producer === 'anonymous';
    const address = amqpAddress(destination);
    const clock = new StepClock();
    const from = this.recorder.frames.length;
    clock.add(
      'client',
      anonymous
        ? `attach sender (anonymous relay), transfer to=${address}`
        : `attach sender target=${address}, transfer`,
    );
    const sender: Sender = this.session.open_sender(anonymous ? { target: {} } : { target: { address } });
    const done = once<{ outcome: Outcome['outcome']; signal?: string }>(ANSWER_TIMEOUT_MS, {
      outcome: 'no-answer',
    });
    let sent = false;
    sender.on('sendable', () => {
      if (sent) return;
      sent = true;
      sender.send(anonymous ? { to: address, body } : { body });
    });
    sender.on('accepted', () => done.settle({ outcome: 'accepted' }));
    sender.on('rejected', (c: EventContext) => {
      const error = (c.delivery?.remote_state as { error?: AmqpErrorLike } | undefined)?.error;
      done.settle({ outcome: 'refused', signal: `rejected ${formatAmqpError(error)}` });
    });
    sender.on('sender_error', () =>
      done.settle({
        outcome: 'refused',
        signal: `detach ${formatAmqpError(linkView(sender).remote.detach?.error)}`,
      }),
    );
    const result = await done.promise;
    const decidedMs = clock.ms();
    await new Promise((r) => setTimeout(r, 50));
    addFrames(clock, this.recorder, from, this.recorderStart);
    if (!sender.is_closed()) sender.close();
    return {
      ...clock.result(this.isOpen() ? result.outcome : 'closed', decidedMs),
      ...(result.signal ? { signal: result.signal } : {}),
    };
  }

  subscribe(destination: Destination): Promise<Subscribed> {
    return this.receive({ address: amqpAddress(destination) });
  }

  /** A receiver on `source` (`{address}` or `{dynamic: true}` for a temporary queue). */
  async receive(source: { address?: string; dynamic?: boolean }): Promise<Subscribed & { address?: string }> {
    const clock = new StepClock();
    const from = this.recorder.frames.length;
    clock.add('client', `attach receiver source=${JSON.stringify(source)}`);
    const receiver: Receiver = this.session.open_receiver({ source });
    const received: string[] = [];
    receiver.on('message', (c: EventContext) => received.push(String(c.message?.body ?? '')));
    const done = once<{ outcome: Outcome['outcome']; signal?: string }>(ANSWER_TIMEOUT_MS, {
      outcome: 'no-answer',
    });
    let attachedAt = 0;
    receiver.on('receiver_open', () => {
      attachedAt = clock.ms();
      setTimeout(() => done.settle({ outcome: 'accepted' }), LINK_SETTLE_MS);
    });
    receiver.on('receiver_error', () =>
      done.settle({
        outcome: 'refused',
        signal: `detach ${formatAmqpError(linkView(receiver).remote.detach?.error)}`,
      }),
    );
    const result = await done.promise;
    const decidedMs = result.outcome === 'accepted' ? attachedAt : clock.ms();
    addFrames(clock, this.recorder, from, this.recorderStart);
    const address = linkView(receiver).remote.attach?.source?.address;
    return {
      ...clock.result(result.outcome, decidedMs),
      ...(result.signal ? { signal: result.signal } : {}),
      received: () => received,
      ...(address ? { address } : {}),
    };
  }

  /** A new session: the broker answers BEGIN while the connection lives. */
  async alive(): Promise<Outcome> {
    const clock = new StepClock();
    if (!this.isOpen()) {
      clock.add('client', 'connection already closed');
      return clock.result('closed');
    }
    clock.add('client', 'begin (new session)');
    const session = this.connection.create_session();
    const done = once<boolean>(2_000, false);
    session.on('session_open', () => done.settle(true));
    session.begin();
    const ok = await done.promise;
    clock.add(ok ? 'wire' : 'timer', ok ? 'begin answered' : 'no answer to begin');
    return clock.result(ok ? 'accepted' : this.isOpen() ? 'no-answer' : 'closed');
  }

  async close(): Promise<void> {
    if (this.isOpen()) {
      const closed = once<boolean>(1_000, false);
      this.connection.on('connection_close', () => closed.settle(true));
      this.connection.close();
      await closed.promise;
    }
    this.socket.destroy();
  }
}

function mechanisms(login: Login): Mechanisms {
  const m = rhea.sasl.client_mechanisms();
  if (login.username !== undefined) m.enable_plain(login.username, login.password ?? '');
  else m.enable_anonymous('anonymous');
  return m;
}

export function amqpDriver(target: ProbeTarget): Driver {
  return {
    protocol: 'amqp',
    async connect(login: Login, options: ConnectOptions = {}): Promise<Attempt> {
      const clock = new StepClock();
      const started = performance.now();
      const recorder = new FrameRecorder(started);
      const clientId = options.clientId ?? `obs-amqp-${randomBytes(4).toString('hex')}`;
      let socket: TLSSocket | undefined;
      clock.add(
        'client',
        `SASL ${login.username === undefined ? 'ANONYMOUS' : `PLAIN user=${login.username}`}, open container-id=${clientId}`,
      );
      const container = rhea.create_container({ id: clientId });
      const connection = container.create_connection({
        host: target.endpoint.host,
        port: target.endpoint.port,
        container_id: clientId,
        reconnect: false,
        sasl_mechanisms: mechanisms(login),
        connect: (port: number, host: string, _o: unknown, onConnected: () => void) => {
          socket = tlsConnect(
            {
              host,
              port,
              ca: target.caPem,
              servername: tlsServerName(target.endpoint),
              rejectUnauthorized: true,
            },
            onConnected,
          );
          socket.on('data', (chunk: Buffer) => recorder.push(chunk));
          socket.on('error', () => undefined);
          return socket;
        },
      } as unknown as Parameters<typeof container.create_connection>[0]);
      const done = once<{ outcome: Outcome['outcome']; signal?: string; session?: RheaSession }>(
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        { outcome: 'no-answer' },
      );
      connection.on('connection_open', () => {
        const session = connection.create_session();
        session.on('session_open', () => done.settle({ outcome: 'accepted', session }));
        session.begin();
      });
      connection.on('connection_error', (c: EventContext) => {
        const closeError = connectionView(connection).remote.close?.error;
        const error = (closeError ?? c.error) as AmqpErrorLike | undefined;
        const sasl = recorder.saslOutcomeCode;
        done.settle({
          outcome: 'refused',
          signal:
            sasl !== undefined && sasl !== 0
              ? `sasl-outcome ${sasl}; rhea: ${formatAmqpError(error)}`
              : `close ${formatAmqpError(error)}`,
        });
      });
      connection.on('disconnected', () => done.settle({ outcome: 'closed' }));
      connection.on('error', () => undefined);
      connection.connect();
      const result = await done.promise;
      const decidedMs = clock.ms();
      await new Promise((r) => setTimeout(r, 50));
      addFrames(clock, recorder, 0, started);
      if (result.outcome === 'accepted' && result.session && socket) {
        return {
          ...clock.result('accepted', decidedMs),
          session: new AmqpSession(connection, result.session, recorder, started, socket),
        };
      }
      socket?.destroy();
      return {
        ...clock.result(result.outcome, decidedMs),
        ...(result.signal ? { signal: result.signal } : {}),
      };
    },
  };
}

/**
 * A bare SASL exchange with wrong credentials, to see what the broker does afterwards: does it close the
 * socket, and when? (rhea would hang up by itself.)
 */
export async function saslFailureThenWait(
  target: ProbeTarget,
  login: Login,
  waitMs: number,
): Promise<Outcome> {
  const clock = new StepClock();
  const started = performance.now();
  const recorder = new FrameRecorder(started);
  const socket = tlsConnect({
    host: target.endpoint.host,
    port: target.endpoint.port,
    ca: target.caPem,
    servername: tlsServerName(target.endpoint),
    rejectUnauthorized: true,
  });
  const closed = once<number | undefined>(waitMs, undefined);
  socket.on('close', () => closed.settle(performance.now()));
  socket.on('error', () => undefined);
  let initSent = false;
  socket.on('data', (chunk: Buffer) => {
    recorder.push(chunk);
    if (!initSent && recorder.frames.some((f) => f.name === 'sasl_mechanisms')) {
      initSent = true;
      const response = Buffer.from(`\0${login.username ?? ''}\0${login.password ?? ''}`, 'utf8');
      const init = frames.sasl_init({ mechanism: 'PLAIN', initial_response: response });
      socket.write(frames.write_frame(frames.sasl_frame(init)));
      clock.add('client', `sasl-init PLAIN user=${login.username ?? ''}`);
    }
  });
  socket.once('secureConnect', () => {
    socket.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 3, 1, 0, 0]));
    clock.add('client', 'protocol header AMQP 3 1 0 0 (SASL)');
  });
  const closedAt = await closed.promise;
  addFrames(clock, recorder, 0, started);
  clock.add(
    'client',
    closedAt === undefined
      ? `socket still open after ${waitMs} ms; closed by the client`
      : `the broker closed the socket at ${clock.at(closedAt)} ms`,
  );
  socket.destroy();
  const code = recorder.saslOutcomeCode;
  return { ...clock.result('refused'), signal: `sasl-outcome code ${code ?? '(none)'}` };
}
