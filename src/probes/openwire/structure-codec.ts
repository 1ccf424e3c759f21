/**
 * Loose encoding of every OpenWire structure a probe meets, nested or top-level. Field order follows the v12
 * marshallers (`openwire/v12/<Structure>Marshaller.java`, their looseMarshal/looseUnmarshal methods); the
 * helpers follow `BaseDataStreamMarshaller` with the marshal cache disabled, so a "cached" object is written
 * exactly like a nested one.
 */
import { Secret } from '../../core/secret';
import type { DestinationKind } from '../../core/types';
import { MESSAGE_TYPES, TYPE } from './command-types';
import type {
  BrokerId,
  BrokerInfo,
  ConsumerId,
  DataStructure,
  Message,
  MessageId,
  OpenWireDestination,
  ProducerId,
  StackFrame,
  ThrowableInfo,
  TransactionId,
} from './commands';
import { type DataReader, type DataWriter, OpenWireDecodeError } from './data-buffer';

const DESTINATION_TYPES: Record<DestinationKind, number> = {
  queue: TYPE.ACTIVEMQ_QUEUE,
  topic: TYPE.ACTIVEMQ_TOPIC,
  'temp-queue': TYPE.ACTIVEMQ_TEMP_QUEUE,
  'temp-topic': TYPE.ACTIVEMQ_TEMP_TOPIC,
};
const DESTINATION_KINDS = new Map<number, DestinationKind>(
  Object.entries(DESTINATION_TYPES).map(([kind, type]) => [type, kind as DestinationKind]),
);

// ---------------------------------------------------------------- writing

export function writeString(out: DataWriter, value: string | null): void {
  out.boolean(value !== null);
  if (value !== null) out.utf(value);
}

export function writeByteSequence(out: DataWriter, value: Buffer | null): void {
  out.boolean(value !== null);
  if (value !== null) out.int(value.length).bytes(value);
}

export function writeThrowable(out: DataWriter, value: ThrowableInfo | null, stackTraces: boolean): void {
  out.boolean(value !== null);
  if (value === null) return;
  writeString(out, value.className);
  writeString(out, value.message);
  if (!stackTraces) return;
  const frames = value.stackTrace ?? [];
  out.short(frames.length);
  for (const frame of frames) {
    writeString(out, frame.className);
    writeString(out, frame.methodName);
    writeString(out, frame.fileName);
    out.int(frame.lineNumber);
  }
  writeThrowable(out, value.cause ?? null, stackTraces);
}

export function writeArray(out: DataWriter, items: readonly DataStructure[] | null): void {
  out.boolean(items !== null);
  if (items === null) return;
  out.short(items.length);
  for (const item of items) writeNested(out, item);
}

export function typeOf(value: DataStructure): number {
  switch (value.kind) {
    case 'Destination':
      return DESTINATION_TYPES[value.destinationKind];
    case 'Message':
      return value.messageType;
    case 'ConnectionId':
      return TYPE.CONNECTION_ID;
    case 'SessionId':
      return TYPE.SESSION_ID;
    case 'ConsumerId':
      return TYPE.CONSUMER_ID;
    case 'ProducerId':
      return TYPE.PRODUCER_ID;
    case 'BrokerId':
      return TYPE.BROKER_ID;
    case 'MessageId':
      return TYPE.MESSAGE_ID;
    case 'LocalTransactionId':
      return TYPE.LOCAL_TRANSACTION_ID;
    case 'XATransactionId':
      return TYPE.XA_TRANSACTION_ID;
    case 'BrokerInfo':
      return TYPE.BROKER_INFO;
    case 'ConnectionInfo':
      return TYPE.CONNECTION_INFO;
    case 'SessionInfo':
      return TYPE.SESSION_INFO;
    case 'ConsumerInfo':
      return TYPE.CONSUMER_INFO;
    case 'ProducerInfo':
      return TYPE.PRODUCER_INFO;
    case 'DestinationInfo':
      return TYPE.DESTINATION_INFO;
    case 'KeepAliveInfo':
      return TYPE.KEEP_ALIVE_INFO;
    case 'ShutdownInfo':
      return TYPE.SHUTDOWN_INFO;
    case 'RemoveInfo':
      return TYPE.REMOVE_INFO;
    case 'RemoveSubscriptionInfo':
      return TYPE.REMOVE_SUBSCRIPTION_INFO;
    case 'ConnectionError':
      return TYPE.CONNECTION_ERROR;
    case 'MessageDispatch':
      return TYPE.MESSAGE_DISPATCH;
    case 'MessageAck':
      return TYPE.MESSAGE_ACK;
    case 'Response':
      return TYPE.RESPONSE;
    case 'ExceptionResponse':
      return TYPE.EXCEPTION_RESPONSE;
  }
}

/** OpenWireFormat.looseMarshalNestedObject: presence flag, type byte, body. */
export function writeNested(out: DataWriter, value: DataStructure | null, stackTraces = false): void {
  out.boolean(value !== null);
  if (value === null) return;
  out.byte(typeOf(value));
  writeBody(out, value, stackTraces);
}

export function writeBody(out: DataWriter, v: DataStructure, stackTraces = false): void {
  const nested = (value: DataStructure | null) => writeNested(out, value, stackTraces);
  if ('commandId' in v) out.int(v.commandId).boolean(v.responseRequired);
  switch (v.kind) {
    case 'Destination':
      writeString(out, v.physicalName);
      return;
    case 'ConnectionId':
    case 'BrokerId':
      writeString(out, v.value);
      return;
    case 'SessionId':
      writeString(out, v.connectionId);
      out.long(v.value);
      return;
    case 'ConsumerId':
      writeString(out, v.connectionId);
      out.long(v.sessionId).long(v.value);
      return;
    case 'ProducerId':
      writeString(out, v.connectionId);
      out.long(v.value).long(v.sessionId);
      return;
    case 'MessageId':
      writeString(out, v.textView);
      nested(v.producerId);
      out.long(v.producerSequenceId).long(v.brokerSequenceId);
      return;
    case 'LocalTransactionId':
      out.long(v.value);
      nested(v.connectionId);
      return;
    case 'XATransactionId':
      out.int(v.formatId);
      writeByteSequence(out, v.globalTransactionId);
      writeByteSequence(out, v.branchQualifier);
      return;
    case 'BrokerInfo':
      nested(v.brokerId);
      writeString(out, v.brokerURL);
      writeArray(out, v.peerBrokerInfos);
      writeString(out, v.brokerName);
      out.boolean(v.slaveBroker).boolean(v.masterBroker).boolean(v.faultTolerantConfiguration);
      out.boolean(v.duplexConnection).boolean(v.networkConnection).long(v.connectionId);
      writeString(out, v.brokerUploadUrl);
      writeString(out, v.networkProperties);
      return;
    case 'ConnectionInfo':
      nested(v.connectionId);
      writeString(out, v.clientId);
      // the one place an OpenWire probe's password leaves the process
      writeString(out, v.password === null ? null : v.password.reveal());
      writeString(out, v.userName);
      writeArray(out, v.brokerPath);
      out.boolean(v.brokerMasterConnector).boolean(v.manageable).boolean(v.clientMaster);
      out.boolean(v.faultTolerant).boolean(v.failoverReconnect);
      writeString(out, v.clientIp);
      return;
    case 'SessionInfo':
      nested(v.sessionId);
      return;
    case 'ConsumerInfo':
      nested(v.consumerId);
      out.boolean(v.browser);
      nested(v.destination);
      out.int(v.prefetchSize).int(v.maximumPendingMessageLimit).boolean(v.dispatchAsync);
      writeString(out, v.selector);
      writeString(out, v.clientId);
      writeString(out, v.subscriptionName);
      out.boolean(v.noLocal).boolean(v.exclusive).boolean(v.retroactive).byte(v.priority);
      writeArray(out, v.brokerPath);
      out.boolean(false); // additionalPredicate: only brokers of a network set one
      out.boolean(v.networkSubscription).boolean(v.optimizedAcknowledge).boolean(v.noRangeAcks);
      writeArray(out, v.networkConsumerPath);
      return;
    case 'ProducerInfo':
      nested(v.producerId);
      nested(v.destination);
      writeArray(out, v.brokerPath);
      out.boolean(v.dispatchAsync).int(v.windowSize);
      return;
    case 'DestinationInfo':
      nested(v.connectionId);
      nested(v.destination);
      out.byte(v.operationType).long(v.timeout);
      writeArray(out, v.brokerPath);
      return;
    case 'KeepAliveInfo':
    case 'ShutdownInfo':
      return;
    case 'RemoveInfo':
      nested(v.objectId);
      out.long(v.lastDeliveredSequenceId);
      return;
    case 'RemoveSubscriptionInfo':
      nested(v.connectionId);
      writeString(out, v.subscriptionName);
      writeString(out, v.clientId);
      return;
    case 'ConnectionError':
      writeThrowable(out, v.exception, stackTraces);
      nested(v.connectionId);
      return;
    case 'Message':
      writeMessageBody(out, v, nested);
      return;
    case 'MessageDispatch':
      nested(v.consumerId);
      nested(v.destination);
      nested(v.message);
      out.int(v.redeliveryCounter);
      return;
    case 'MessageAck':
      nested(v.destination);
      nested(v.transactionId);
      nested(v.consumerId);
      out.byte(v.ackType);
      nested(v.firstMessageId);
      nested(v.lastMessageId);
      out.int(v.messageCount);
      writeThrowable(out, v.poisonCause, stackTraces);
      return;
    case 'Response':
      out.int(v.correlationId);
      return;
    case 'ExceptionResponse':
      out.int(v.correlationId);
      writeThrowable(out, v.exception, stackTraces);
      return;
  }
}

function writeMessageBody(out: DataWriter, m: Message, nested: (value: DataStructure | null) => void): void {
  nested(m.producerId);
  nested(m.destination);
  nested(m.transactionId);
  nested(m.originalDestination);
  nested(m.messageId);
  nested(m.originalTransactionId);
  writeString(out, m.groupId);
  out.int(m.groupSequence);
  writeString(out, m.correlationId);
  out.boolean(m.persistent).long(m.expiration).byte(m.priority);
  nested(m.replyTo);
  out.long(m.timestamp);
  writeString(out, m.type);
  writeByteSequence(out, m.content);
  writeByteSequence(out, m.marshalledProperties);
  nested(m.dataStructure);
  nested(m.targetConsumerId);
  out.boolean(m.compressed).int(m.redeliveryCounter);
  writeArray(out, m.brokerPath);
  out.long(m.arrival);
  writeString(out, m.userId);
  out.boolean(m.receivedByDfBridge).boolean(m.droppable);
  writeArray(out, m.cluster);
  out.long(m.brokerInTime).long(m.brokerOutTime).boolean(m.jmsxGroupFirstForConsumer);
}

// ---------------------------------------------------------------- reading

export function readString(input: DataReader): string | null {
  return input.boolean() ? input.utf() : null;
}

export function readByteSequence(input: DataReader): Buffer | null {
  return input.boolean() ? input.bytes(input.int()) : null;
}

/** BaseDataStreamMarshaller.looseUnmarsalThrowable: the stack and cause are present only when negotiated. */
export function readThrowable(input: DataReader, stackTraces: boolean): ThrowableInfo | null {
  if (!input.boolean()) return null;
  const info: ThrowableInfo = { className: readString(input), message: readString(input) };
  if (!stackTraces) return info;
  const count = input.short();
  const stackTrace: StackFrame[] = [];
  for (let i = 0; i < count; i++) {
    stackTrace.push({
      className: readString(input),
      methodName: readString(input),
      fileName: readString(input),
      lineNumber: input.int(),
    });
  }
  return { ...info, stackTrace, cause: readThrowable(input, stackTraces) };
}

type KindOf<K extends DataStructure['kind']> = Extract<DataStructure, { kind: K }>;

/** Reads fields in wire order: object literal members are evaluated in source order, which is that order. */
export class StructureReader {
  constructor(
    readonly input: DataReader,
    readonly stackTraces = false,
  ) {}

  nested(): DataStructure | null {
    if (!this.input.boolean()) return null;
    return this.body(this.input.byte() & 0xff);
  }

  /** A nested object that must be one of `kinds`. */
  nestedOf<K extends DataStructure['kind']>(...kinds: K[]): KindOf<K> | null {
    const value = this.nested();
    if (value !== null && !(kinds as string[]).includes(value.kind)) {
      throw new OpenWireDecodeError(`expected ${kinds.join(' or ')}, found ${value.kind}`);
    }
    return value as KindOf<K> | null;
  }

  required<K extends DataStructure['kind']>(...kinds: K[]): KindOf<K> {
    const value = this.nestedOf(...kinds);
    if (value === null) throw new OpenWireDecodeError(`missing ${kinds.join(' or ')}`);
    return value;
  }

  array<K extends DataStructure['kind']>(...kinds: K[]): KindOf<K>[] | null {
    if (!this.input.boolean()) return null;
    const count = this.input.short();
    const items: KindOf<K>[] = [];
    for (let i = 0; i < count; i++) items.push(this.required(...kinds));
    return items;
  }

  destination(): OpenWireDestination | null {
    return this.nestedOf('Destination');
  }

  transactionId(): TransactionId | null {
    return this.nestedOf('LocalTransactionId', 'XATransactionId');
  }

  throwable(): ThrowableInfo | null {
    return readThrowable(this.input, this.stackTraces);
  }

  /** The body of a structure whose type byte was just read. */
  body(type: number): DataStructure {
    const r = this.input;
    const destinationKind = DESTINATION_KINDS.get(type);
    if (destinationKind !== undefined) {
      return { kind: 'Destination', destinationKind, physicalName: readString(r) ?? '' };
    }
    switch (type) {
      case TYPE.CONNECTION_ID:
        return { kind: 'ConnectionId', value: readString(r) ?? '' };
      case TYPE.BROKER_ID:
        return { kind: 'BrokerId', value: readString(r) ?? '' };
      case TYPE.SESSION_ID:
        return { kind: 'SessionId', connectionId: readString(r) ?? '', value: r.long() };
      case TYPE.CONSUMER_ID:
        return {
          kind: 'ConsumerId',
          connectionId: readString(r) ?? '',
          sessionId: r.long(),
          value: r.long(),
        };
      case TYPE.PRODUCER_ID:
        return {
          kind: 'ProducerId',
          connectionId: readString(r) ?? '',
          value: r.long(),
          sessionId: r.long(),
        };
      case TYPE.MESSAGE_ID:
        return this.messageId();
      case TYPE.LOCAL_TRANSACTION_ID:
        return { kind: 'LocalTransactionId', value: r.long(), connectionId: this.nestedOf('ConnectionId') };
      case TYPE.XA_TRANSACTION_ID:
        return {
          kind: 'XATransactionId',
          formatId: r.int(),
          globalTransactionId: readByteSequence(r),
          branchQualifier: readByteSequence(r),
        };
    }
    return this.command(type);
  }

  private messageId(): MessageId {
    const r = this.input;
    return {
      kind: 'MessageId',
      textView: readString(r),
      producerId: this.nestedOf('ProducerId'),
      producerSequenceId: r.long(),
      brokerSequenceId: r.long(),
    };
  }

  private command(type: number): DataStructure {
    const r = this.input;
    const base = { commandId: r.int(), responseRequired: r.boolean() };
    if (MESSAGE_TYPES.has(type)) return this.message(type, base);
    switch (type) {
      case TYPE.BROKER_INFO:
        return this.brokerInfo(base);
      case TYPE.CONNECTION_INFO:
        return {
          kind: 'ConnectionInfo',
          ...base,
          connectionId: this.required('ConnectionId'),
          clientId: readString(r),
          password: ((p) => (p === null ? null : new Secret(p)))(readString(r)),
          userName: readString(r),
          brokerPath: this.array('BrokerId'),
          brokerMasterConnector: r.boolean(),
          manageable: r.boolean(),
          clientMaster: r.boolean(),
          faultTolerant: r.boolean(),
          failoverReconnect: r.boolean(),
          clientIp: readString(r),
        };
      case TYPE.SESSION_INFO:
        return { kind: 'SessionInfo', ...base, sessionId: this.required('SessionId') };
      case TYPE.CONSUMER_INFO:
        return this.consumerInfo(base);
      case TYPE.PRODUCER_INFO:
        return {
          kind: 'ProducerInfo',
          ...base,
          producerId: this.required('ProducerId'),
          destination: this.destination(),
          brokerPath: this.array('BrokerId'),
          dispatchAsync: r.boolean(),
          windowSize: r.int(),
        };
      case TYPE.DESTINATION_INFO:
        return {
          kind: 'DestinationInfo',
          ...base,
          connectionId: this.nestedOf('ConnectionId'),
          destination: this.destination(),
          operationType: r.byte(),
          timeout: r.long(),
          brokerPath: this.array('BrokerId'),
        };
      case TYPE.KEEP_ALIVE_INFO:
        return { kind: 'KeepAliveInfo', ...base };
      case TYPE.SHUTDOWN_INFO:
        return { kind: 'ShutdownInfo', ...base };
      case TYPE.REMOVE_INFO:
        return {
          kind: 'RemoveInfo',
          ...base,
          objectId: this.required('ConnectionId', 'SessionId', 'ConsumerId', 'ProducerId'),
          lastDeliveredSequenceId: r.long(),
        };
      case TYPE.CONNECTION_ERROR:
        return {
          kind: 'ConnectionError',
          ...base,
          exception: this.throwable(),
          connectionId: this.nestedOf('ConnectionId'),
        };
      case TYPE.MESSAGE_DISPATCH:
        return {
          kind: 'MessageDispatch',
          ...base,
          consumerId: this.nestedOf('ConsumerId'),
          destination: this.destination(),
          message: this.nestedOf('Message'),
          redeliveryCounter: r.int(),
        };
      case TYPE.MESSAGE_ACK:
        return {
          kind: 'MessageAck',
          ...base,
          destination: this.destination(),
          transactionId: this.transactionId(),
          consumerId: this.nestedOf('ConsumerId'),
          ackType: r.byte(),
          firstMessageId: this.nestedOf('MessageId'),
          lastMessageId: this.nestedOf('MessageId'),
          messageCount: r.int(),
          poisonCause: this.throwable(),
        };
      case TYPE.RESPONSE:
        return { kind: 'Response', ...base, correlationId: r.int() };
      case TYPE.EXCEPTION_RESPONSE:
        return { kind: 'ExceptionResponse', ...base, correlationId: r.int(), exception: this.throwable() };
    }
    throw new OpenWireDecodeError(`no decoder for nested structure type ${type}`);
  }

  private brokerInfo(base: { commandId: number; responseRequired: boolean }): BrokerInfo {
    const r = this.input;
    return {
      kind: 'BrokerInfo',
      ...base,
      brokerId: this.nestedOf('BrokerId') as BrokerId | null,
      brokerURL: readString(r),
      peerBrokerInfos: this.array('BrokerInfo'),
      brokerName: readString(r),
      slaveBroker: r.boolean(),
      masterBroker: r.boolean(),
      faultTolerantConfiguration: r.boolean(),
      duplexConnection: r.boolean(),
      networkConnection: r.boolean(),
      connectionId: r.long(),
      brokerUploadUrl: readString(r),
      networkProperties: readString(r),
    };
  }

  private consumerInfo(base: { commandId: number; responseRequired: boolean }): DataStructure {
    const r = this.input;
    const consumerId = this.required('ConsumerId');
    const browser = r.boolean();
    const destination = this.destination();
    const prefetchSize = r.int();
    const maximumPendingMessageLimit = r.int();
    const dispatchAsync = r.boolean();
    const selector = readString(r);
    const clientId = readString(r);
    const subscriptionName = readString(r);
    const noLocal = r.boolean();
    const exclusive = r.boolean();
    const retroactive = r.boolean();
    const priority = r.byte();
    const brokerPath = this.array('BrokerId');
    if (r.boolean())
      throw new OpenWireDecodeError('ConsumerInfo with an additionalPredicate (network bridges only)');
    return {
      kind: 'ConsumerInfo',
      ...base,
      consumerId,
      browser,
      destination,
      prefetchSize,
      maximumPendingMessageLimit,
      dispatchAsync,
      selector,
      clientId,
      subscriptionName,
      noLocal,
      exclusive,
      retroactive,
      priority,
      brokerPath,
      networkSubscription: r.boolean(),
      optimizedAcknowledge: r.boolean(),
      noRangeAcks: r.boolean(),
      networkConsumerPath: this.array('ConsumerId'),
    };
  }

  private message(messageType: number, base: { commandId: number; responseRequired: boolean }): Message {
    const r = this.input;
    return {
      kind: 'Message',
      messageType,
      ...base,
      producerId: this.nestedOf('ProducerId') as ProducerId | null,
      destination: this.destination(),
      transactionId: this.transactionId(),
      originalDestination: this.destination(),
      messageId: this.nestedOf('MessageId'),
      originalTransactionId: this.transactionId(),
      groupId: readString(r),
      groupSequence: r.int(),
      correlationId: readString(r),
      persistent: r.boolean(),
      expiration: r.long(),
      priority: r.byte(),
      replyTo: this.destination(),
      timestamp: r.long(),
      type: readString(r),
      content: readByteSequence(r),
      marshalledProperties: readByteSequence(r),
      dataStructure: this.nested(),
      targetConsumerId: this.nestedOf('ConsumerId') as ConsumerId | null,
      compressed: r.boolean(),
      redeliveryCounter: r.int(),
      brokerPath: this.array('BrokerId'),
      arrival: r.long(),
      userId: readString(r),
      receivedByDfBridge: r.boolean(),
      droppable: r.boolean(),
      cluster: this.array('BrokerId'),
      brokerInTime: r.long(),
      brokerOutTime: r.long(),
      jmsxGroupFirstForConsumer: r.boolean(),
    };
  }
}
