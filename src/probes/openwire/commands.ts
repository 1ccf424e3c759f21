/**
 * The OpenWire structures a probe sends or reads, field for field as ActiveMQ's v12 marshallers
 * (`activemq-client/src/main/java/org/apache/activemq/openwire/v12/*Marshaller.java`) order them. Longs are
 * numbers: OpenWire's ids, sequence numbers and timestamps stay far below 2^53.
 */
import type { DestinationKind } from '../../core/types';
import type { Secret } from '../../core/secret';
import type { PrimitiveMap } from './primitive-map';

export interface ConnectionId {
  kind: 'ConnectionId';
  value: string;
}

export interface SessionId {
  kind: 'SessionId';
  connectionId: string;
  value: number;
}

export interface ConsumerId {
  kind: 'ConsumerId';
  connectionId: string;
  sessionId: number;
  value: number;
}

export interface ProducerId {
  kind: 'ProducerId';
  connectionId: string;
  value: number;
  sessionId: number;
}

export interface BrokerId {
  kind: 'BrokerId';
  value: string;
}

export interface MessageId {
  kind: 'MessageId';
  textView: string | null;
  producerId: ProducerId | null;
  producerSequenceId: number;
  brokerSequenceId: number;
}

export interface LocalTransactionId {
  kind: 'LocalTransactionId';
  value: number;
  connectionId: ConnectionId | null;
}

export interface XATransactionId {
  kind: 'XATransactionId';
  formatId: number;
  globalTransactionId: Buffer | null;
  branchQualifier: Buffer | null;
}

/** ActiveMQQueue, ActiveMQTopic, ActiveMQTempQueue, ActiveMQTempTopic: a physical name, possibly composite. */
export interface OpenWireDestination {
  kind: 'Destination';
  destinationKind: DestinationKind;
  physicalName: string;
}

export interface StackFrame {
  className: string | null;
  methodName: string | null;
  fileName: string | null;
  lineNumber: number;
}

/** A Java Throwable as the broker sends it: class name and message, a stack only when negotiated. */
export interface ThrowableInfo {
  className: string | null;
  message: string | null;
  stackTrace?: StackFrame[];
  cause?: ThrowableInfo | null;
}

interface BaseCommand {
  commandId: number;
  responseRequired: boolean;
}

/** Not a BaseCommand: no command id, no responseRequired flag. */
export interface WireFormatInfo {
  kind: 'WireFormatInfo';
  magic: Buffer;
  version: number;
  properties: PrimitiveMap | null;
}

export interface BrokerInfo extends BaseCommand {
  kind: 'BrokerInfo';
  brokerId: BrokerId | null;
  brokerURL: string | null;
  peerBrokerInfos: BrokerInfo[] | null;
  brokerName: string | null;
  slaveBroker: boolean;
  masterBroker: boolean;
  faultTolerantConfiguration: boolean;
  duplexConnection: boolean;
  networkConnection: boolean;
  connectionId: number;
  brokerUploadUrl: string | null;
  networkProperties: string | null;
}

export interface ConnectionInfo extends BaseCommand {
  kind: 'ConnectionInfo';
  connectionId: ConnectionId;
  clientId: string | null;
  password: Secret | null;
  userName: string | null;
  brokerPath: BrokerId[] | null;
  brokerMasterConnector: boolean;
  manageable: boolean;
  clientMaster: boolean;
  faultTolerant: boolean;
  failoverReconnect: boolean;
  clientIp: string | null;
}

export interface SessionInfo extends BaseCommand {
  kind: 'SessionInfo';
  sessionId: SessionId;
}

export interface ConsumerInfo extends BaseCommand {
  kind: 'ConsumerInfo';
  consumerId: ConsumerId;
  browser: boolean;
  destination: OpenWireDestination | null;
  prefetchSize: number;
  maximumPendingMessageLimit: number;
  dispatchAsync: boolean;
  selector: string | null;
  clientId: string | null;
  subscriptionName: string | null;
  noLocal: boolean;
  exclusive: boolean;
  retroactive: boolean;
  priority: number;
  brokerPath: BrokerId[] | null;
  networkSubscription: boolean;
  optimizedAcknowledge: boolean;
  noRangeAcks: boolean;
  networkConsumerPath: ConsumerId[] | null;
}

export interface ProducerInfo extends BaseCommand {
  kind: 'ProducerInfo';
  producerId: ProducerId;
  /** null: an anonymous producer that names the destination on each message */
  destination: OpenWireDestination | null;
  brokerPath: BrokerId[] | null;
  dispatchAsync: boolean;
  windowSize: number;
}

export interface DestinationInfo extends BaseCommand {
  kind: 'DestinationInfo';
  connectionId: ConnectionId | null;
  destination: OpenWireDestination | null;
  operationType: number;
  timeout: number;
  brokerPath: BrokerId[] | null;
}

export interface KeepAliveInfo extends BaseCommand {
  kind: 'KeepAliveInfo';
}

export interface ShutdownInfo extends BaseCommand {
  kind: 'ShutdownInfo';
}

export interface RemoveInfo extends BaseCommand {
  kind: 'RemoveInfo';
  objectId: ConnectionId | SessionId | ConsumerId | ProducerId;
  lastDeliveredSequenceId: number;
}

/** `session.unsubscribe(name)`: deletes the durable subscription (clientId, subscriptionName). */
export interface RemoveSubscriptionInfo extends BaseCommand {
  kind: 'RemoveSubscriptionInfo';
  connectionId: ConnectionId;
  subscriptionName: string;
  clientId: string;
}

export interface ConnectionError extends BaseCommand {
  kind: 'ConnectionError';
  exception: ThrowableInfo | null;
  connectionId: ConnectionId | null;
}

export type TransactionId = LocalTransactionId | XATransactionId;

/** ActiveMQMessage and its JMS subclasses; `messageType` is the structure type byte (28 = text). */
export interface Message extends BaseCommand {
  kind: 'Message';
  messageType: number;
  producerId: ProducerId | null;
  destination: OpenWireDestination | null;
  transactionId: TransactionId | null;
  originalDestination: OpenWireDestination | null;
  messageId: MessageId | null;
  originalTransactionId: TransactionId | null;
  groupId: string | null;
  groupSequence: number;
  correlationId: string | null;
  persistent: boolean;
  expiration: number;
  priority: number;
  replyTo: OpenWireDestination | null;
  timestamp: number;
  type: string | null;
  content: Buffer | null;
  marshalledProperties: Buffer | null;
  dataStructure: DataStructure | null;
  targetConsumerId: ConsumerId | null;
  compressed: boolean;
  redeliveryCounter: number;
  brokerPath: BrokerId[] | null;
  arrival: number;
  userId: string | null;
  receivedByDfBridge: boolean;
  droppable: boolean;
  cluster: BrokerId[] | null;
  brokerInTime: number;
  brokerOutTime: number;
  jmsxGroupFirstForConsumer: boolean;
}

export interface MessageDispatch extends BaseCommand {
  kind: 'MessageDispatch';
  consumerId: ConsumerId | null;
  destination: OpenWireDestination | null;
  /** null marks the end of a browse */
  message: Message | null;
  redeliveryCounter: number;
}

export interface MessageAck extends BaseCommand {
  kind: 'MessageAck';
  destination: OpenWireDestination | null;
  transactionId: TransactionId | null;
  consumerId: ConsumerId | null;
  ackType: number;
  firstMessageId: MessageId | null;
  lastMessageId: MessageId | null;
  messageCount: number;
  poisonCause: ThrowableInfo | null;
}

export interface Response extends BaseCommand {
  kind: 'Response';
  correlationId: number;
}

export interface ExceptionResponse extends BaseCommand {
  kind: 'ExceptionResponse';
  correlationId: number;
  exception: ThrowableInfo | null;
}

/** A command the probe has no use for (ConnectionControl, ConsumerControl, ...): its header only. */
export interface IgnoredCommand extends BaseCommand {
  kind: 'Ignored';
  dataType: number;
}

export type OpenWireCommand =
  | WireFormatInfo
  | BrokerInfo
  | ConnectionInfo
  | SessionInfo
  | ConsumerInfo
  | ProducerInfo
  | DestinationInfo
  | KeepAliveInfo
  | ShutdownInfo
  | RemoveInfo
  | RemoveSubscriptionInfo
  | ConnectionError
  | Message
  | MessageDispatch
  | MessageAck
  | Response
  | ExceptionResponse;

/** Everything that can appear as a nested object. */
export type DataStructure =
  | Exclude<OpenWireCommand, WireFormatInfo>
  | ConnectionId
  | SessionId
  | ConsumerId
  | ProducerId
  | BrokerId
  | MessageId
  | LocalTransactionId
  | XATransactionId
  | OpenWireDestination;
