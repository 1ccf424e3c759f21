/**
 * OpenWire over TLS with the project's own client (src/probes/openwire): commands are sent one by one,
 * as a JMS client would send them, and every answer (Response, ExceptionResponse, ConnectionError) is
 * kept verbatim.
 */
import { randomBytes } from 'node:crypto';
import { Secret } from '../../../src/core/secret';
import type { Destination } from '../../../src/core/types';
import { describeThrowable } from '../../../src/probes/openwire/broker-exception';
import {
  anonymousProducerInfo,
  connectionInfo,
  consumerInfo,
  openwireDestination,
  removeInfo,
  sessionInfo,
  standardAck,
  tempAdvisoryConsumerInfo,
  textMessage,
} from '../../../src/probes/openwire/builders';
import type {
  ConsumerId,
  DestinationInfo,
  Message,
  OpenWireDestination,
  ProducerId,
  ProducerInfo,
} from '../../../src/probes/openwire/commands';
import { OpenWireConnection, type RequestOutcome } from '../../../src/probes/openwire/connection';
import { ADVISORY_SESSION, ConnectionIds } from '../../../src/probes/openwire/ids';
import { messageBodyText } from '../../../src/probes/openwire/message-content';
import type { ProbeTarget } from '../../../src/probes/types';
import { StepClock, sleep } from '../record';
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

/** `DestinationInfo.ADD_OPERATION_TYPE`. */
const ADD_OPERATION = 0;

type Outgoing = Parameters<OpenWireConnection['request']>[0];

/** One request, its answer as evidence, and the outcome it means. */
async function ask(
  connection: OpenWireConnection,
  clock: StepClock,
  what: string,
  command: Outgoing,
  timeoutMs = ANSWER_TIMEOUT_MS,
): Promise<{ outcome: Outcome['outcome']; signal?: string }> {
  clock.add('client', what);
  const answer: RequestOutcome = await connection.request(command, timeoutMs);
  if (answer.kind === 'timeout') {
    for (const seen of answer.seen) clock.add('wire', seen);
    clock.add('timer', `no answer to ${what}`);
    return { outcome: 'no-answer' };
  }
  if (answer.kind === 'closed') {
    clock.add('client', `closed: ${answer.reason}`);
    return { outcome: 'closed' };
  }
  if (answer.answer.kind === 'Response') {
    clock.add('wire', `Response{correlationId=${answer.answer.correlationId}}`);
    return { outcome: 'accepted' };
  }
  const text = describeThrowable(answer.answer.exception);
  clock.add('wire', `ExceptionResponse{correlationId=${answer.answer.correlationId}, exception=${text}}`);
  return { outcome: 'refused', signal: text };
}

export class OpenWireSession implements Session {
  readonly protocol = 'openwire' as const;
  private nextProducer = 2;
  private nextSession = 2;
  private nextTemp = 1;

  constructor(
    readonly connection: OpenWireConnection,
    readonly ids: ConnectionIds,
  ) {}

  isOpen(): boolean {
    return this.connection.isOpen();
  }

  async produce(destination: Destination, body: string, options: ProduceOptions = {}): Promise<Outcome> {
    const clock = new StepClock();
    const target = openwireDestination(destination);
    let producerId = this.ids.producerId;
    if (options.producer !== 'anonymous') {
      producerId = { ...this.ids.producerId, value: this.nextProducer++ };
      const info: ProducerInfo = { ...anonymousProducerInfo(this.ids), producerId, destination: target };
      const registered = await ask(
        this.connection,
        clock,
        `ProducerInfo destination=${destination.kind}://${destination.name}`,
        info,
      );
      if (registered.outcome !== 'accepted')
        return { ...clock.result(registered.outcome), ...signalOf(registered) };
    }
    const message = this.message(target, producerId, body, options.persistent !== false);
    if (options.persistent === false) return this.sendOneWay(clock, message, destination);
    const sent = await ask(
      this.connection,
      clock,
      `Message (PERSISTENT, sync) to ${destination.kind}://${destination.name}`,
      message,
    );
    return { ...clock.result(sent.outcome), ...signalOf(sent) };
  }

  private message(
    target: OpenWireDestination,
    producerId: ProducerId,
    body: string,
    persistent: boolean,
  ): Message {
    const base = textMessage(this.ids, target, { id: randomBytes(6).toString('hex'), body });
    const messageId = base.messageId ? { ...base.messageId, producerId } : null;
    return { ...base, producerId, messageId, persistent };
  }

  /** A NON_PERSISTENT send: one-way; a denial can only come back later as a ConnectionError. */
  private async sendOneWay(clock: StepClock, message: Message, destination: Destination): Promise<Outcome> {
    const before = this.connection.connectionErrors.length;
    clock.add('client', `Message (NON_PERSISTENT, one-way) to ${destination.kind}://${destination.name}`);
    this.connection.send(message);
    for (let waited = 0; waited < 1_000; waited += 20) {
      const error = this.connection.connectionErrors[before];
      if (error) {
        const text = describeThrowable(error.exception);
        clock.add('wire', `ConnectionError{exception=${text}}`);
        return { ...clock.result('refused'), signal: text };
      }
      await sleep(20);
    }
    clock.add('timer', 'no ConnectionError within 1000 ms');
    return clock.result('silent');
  }

  async subscribe(destination: Destination): Promise<Subscribed> {
    const clock = new StepClock();
    const consumerId = this.ids.consumerId();
    const received: string[] = [];
    this.listen(consumerId, received);
    const info = consumerInfo(consumerId, openwireDestination(destination), { prefetch: 10 });
    const answer = await ask(
      this.connection,
      clock,
      `ConsumerInfo destination=${destination.kind}://${destination.name}`,
      info,
    );
    return { ...clock.result(answer.outcome), ...signalOf(answer), received: () => received };
  }

  private listen(consumerId: ConsumerId, into: string[]): void {
    this.connection.onDispatch((dispatch) => {
      const id = dispatch.consumerId;
      if (!id || id.value !== consumerId.value || id.sessionId !== consumerId.sessionId || !dispatch.message)
        return;
      this.connection.send(standardAck(consumerId, dispatch.message));
      try {
        into.push(messageBodyText(dispatch.message));
      } catch {
        into.push('(unreadable body)');
      }
    });
  }

  /** `session.createTemporaryQueue()`: a DestinationInfo ADD, answered synchronously. */
  async createTempQueue(): Promise<Outcome & { destination: Destination }> {
    const clock = new StepClock();
    const name = `${this.ids.connectionId.value}:${this.nextTemp++}`;
    const info: DestinationInfo = {
      kind: 'DestinationInfo',
      commandId: 0,
      responseRequired: true,
      connectionId: this.ids.connectionId,
      destination: { kind: 'Destination', destinationKind: 'temp-queue', physicalName: name },
      operationType: ADD_OPERATION,
      timeout: 0,
      brokerPath: null,
    };
    const answer = await ask(this.connection, clock, `DestinationInfo ADD temp-queue://${name}`, info);
    return {
      ...clock.result(answer.outcome),
      ...signalOf(answer),
      destination: { kind: 'temp-queue', name },
    };
  }

  /** A new SessionInfo with responseRequired: the broker answers while the connection lives. */
  async alive(): Promise<Outcome> {
    const clock = new StepClock();
    const session = {
      kind: 'SessionId' as const,
      connectionId: this.ids.connectionId.value,
      value: this.nextSession++,
    };
    const answer = await ask(
      this.connection,
      clock,
      'SessionInfo (new session)',
      { ...sessionInfo(this.ids), sessionId: session },
      2_000,
    );
    return { ...clock.result(answer.outcome), ...signalOf(answer) };
  }

  async close(): Promise<void> {
    if (this.connection.isOpen()) await this.connection.request(removeInfo(this.ids.connectionId), 1_000);
    await this.connection.close();
  }
}

function signalOf(answer: { signal?: string }): { signal?: string } {
  return answer.signal ? { signal: answer.signal } : {};
}

export function openwireDriver(target: ProbeTarget): Driver {
  return {
    protocol: 'openwire',
    async connect(login: Login, options: ConnectOptions = {}): Promise<Attempt> {
      const clock = new StepClock();
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const opened = await OpenWireConnection.open(target, timeoutMs);
      if (!opened.ok) {
        clock.add('client', opened.message);
        return clock.result(opened.reason === 'timeout' ? 'no-answer' : 'closed');
      }
      const connection = opened.connection;
      for (const text of opened.evidence) clock.add('wire', text);
      const ids = new ConnectionIds();
      const clientId = options.clientId ?? `obs-openwire-${randomBytes(4).toString('hex')}`;
      const password = login.password === undefined ? undefined : new Secret(login.password);
      const info = connectionInfo(ids, clientId, login.username, password);
      const connected = await ask(
        connection,
        clock,
        `ConnectionInfo clientId=${clientId} user=${login.username ?? '(none)'}`,
        info,
        timeoutMs,
      );
      if (connected.outcome !== 'accepted') {
        const decidedMs = clock.ms();
        const closed = await waitClosed(connection, 3_000);
        clock.add(
          'client',
          closed === undefined
            ? 'still open 3 s later'
            : `the broker closed the connection ${Math.round(closed)} ms after the answer`,
        );
        await connection.close();
        return {
          ...clock.result(connected.outcome, decidedMs),
          ...signalOf(connected),
          closedByBroker: closed !== undefined,
        };
      }
      const session = new OpenWireSession(connection, ids);
      if (options.watchTempAdvisories !== false) {
        const advisory = tempAdvisoryConsumerInfo(ids.consumerId(ADVISORY_SESSION));
        const watched = await ask(
          connection,
          clock,
          'ConsumerInfo topic://ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic (JMS watchTopicAdvisories)',
          advisory,
        );
        if (watched.outcome !== 'accepted') {
          // the connection itself was accepted: the scenario may still check it
          return { ...clock.result(watched.outcome), ...signalOf(watched), session };
        }
      }
      await ask(connection, clock, 'SessionInfo', sessionInfo(ids));
      const producer = await ask(connection, clock, 'ProducerInfo (anonymous)', anonymousProducerInfo(ids));
      const brokerName = connection.brokerInfo?.brokerName;
      if (brokerName) clock.add('wire', `BrokerInfo{brokerName=${brokerName}}`);
      return { ...clock.result(producer.outcome), ...signalOf(producer), session };
    },
  };
}

/** ms until the connection closed, or undefined if it stayed open for `ms`. */
async function waitClosed(connection: OpenWireConnection, ms: number): Promise<number | undefined> {
  const started = performance.now();
  if (!connection.isOpen()) return 0;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(undefined);
    }, ms);
    const off = connection.onClose(() => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
}
