/** The commands a probe sends, with the JMS client's defaults where the broker looks at them. */
import { PROBE_ID_HEADER } from '../probe-message';
import type { Secret } from '../../core/secret';
import type { Destination } from '../../core/types';
import type { ProbeMessage } from '../types';
import { STANDARD_ACK_TYPE, TYPE } from './command-types';
import type {
  ConnectionId,
  ConnectionInfo,
  ConsumerId,
  ConsumerInfo,
  Message,
  MessageAck,
  OpenWireDestination,
  ProducerId,
  ProducerInfo,
  RemoveInfo,
  RemoveSubscriptionInfo,
  SessionInfo,
} from './commands';
import type { ConnectionIds } from './ids';
import { marshalProperties, textContent } from './message-content';
import type { PrimitiveMap } from './primitive-map';

/** `AdvisorySupport.TEMP_DESTINATION_COMPOSITE_ADVISORY_TOPIC`, watched by every JMS connection by default. */
export const TEMP_DESTINATION_ADVISORY_TOPIC = 'ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic';
/** `AdvisoryConsumer`'s prefetch. */
export const ADVISORY_PREFETCH = 1000;
/** Probe consumers need one message at a time; a small window keeps them from hoarding a queue. */
export const PROBE_PREFETCH = 10;
/** `Message.DEFAULT_PRIORITY` (JMS 4). */
const DEFAULT_PRIORITY = 4;
/** ActiveMQ keeps the last message carrying this boolean property for retroactive subscribers. */
export const RETAIN_PROPERTY = 'ActiveMQ.Retain';
/** `RemoveInfo.LAST_DELIVERED_UNSET`. */
const LAST_DELIVERED_UNSET = -1;

const header = { commandId: 0, responseRequired: true } as const;

export function openwireDestination(destination: Destination): OpenWireDestination {
  return { kind: 'Destination', destinationKind: destination.kind, physicalName: destination.name };
}

export function connectionInfo(
  ids: ConnectionIds,
  clientId: string,
  userName: string | undefined,
  password: Secret | undefined,
): ConnectionInfo {
  return {
    kind: 'ConnectionInfo',
    ...header,
    connectionId: ids.connectionId,
    clientId,
    password: password ?? null,
    userName: userName ?? null,
    brokerPath: null,
    brokerMasterConnector: false,
    manageable: true,
    clientMaster: true,
    faultTolerant: false,
    failoverReconnect: false,
    clientIp: null,
  };
}

export function sessionInfo(ids: ConnectionIds): SessionInfo {
  return { kind: 'SessionInfo', ...header, sessionId: ids.sessionId };
}

/** An anonymous producer: each message names its destination, so write is checked per send. */
export function anonymousProducerInfo(ids: ConnectionIds): ProducerInfo {
  return producerInfo(ids.producerId, null);
}

/** A producer bound to `destination`: the broker checks write and fires the producer advisory for it. */
export function producerInfo(producerId: ProducerId, destination: OpenWireDestination | null): ProducerInfo {
  return {
    kind: 'ProducerInfo',
    ...header,
    producerId,
    destination,
    brokerPath: null,
    dispatchAsync: false,
    windowSize: 0,
  };
}

export function consumerInfo(
  consumerId: ConsumerId,
  destination: OpenWireDestination,
  options: {
    prefetch: number;
    retroactive?: boolean;
    noLocal?: boolean;
    dispatchAsync?: boolean;
    browser?: boolean;
    /** a durable topic subscription of this name under the connection's client id */
    subscriptionName?: string;
  },
): ConsumerInfo {
  return {
    kind: 'ConsumerInfo',
    ...header,
    consumerId,
    browser: options.browser ?? false,
    destination,
    prefetchSize: options.prefetch,
    maximumPendingMessageLimit: 0,
    dispatchAsync: options.dispatchAsync ?? true,
    selector: null,
    clientId: null,
    subscriptionName: options.subscriptionName ?? null,
    noLocal: options.noLocal ?? false,
    exclusive: false,
    retroactive: options.retroactive ?? false,
    priority: 0,
    brokerPath: null,
    networkSubscription: false,
    optimizedAcknowledge: false,
    noRangeAcks: false,
    networkConsumerPath: null,
  };
}

/** The JMS client's advisory consumer (ActiveMQConnection with watchTopicAdvisories=true). */
export function tempAdvisoryConsumerInfo(consumerId: ConsumerId): ConsumerInfo {
  return consumerInfo(
    consumerId,
    { kind: 'Destination', destinationKind: 'topic', physicalName: TEMP_DESTINATION_ADVISORY_TOPIC },
    { prefetch: ADVISORY_PREFETCH, noLocal: true, dispatchAsync: true },
  );
}

/** A PERSISTENT ActiveMQTextMessage; the connection sends it with responseRequired, a synchronous send. */
export function textMessage(
  ids: ConnectionIds,
  destination: OpenWireDestination,
  probe: ProbeMessage,
  producerId: ProducerId = ids.producerId,
): Message {
  const properties: PrimitiveMap = new Map([[PROBE_ID_HEADER, probe.id]]);
  if (probe.retain) properties.set(RETAIN_PROPERTY, true);
  return {
    kind: 'Message',
    messageType: TYPE.ACTIVEMQ_TEXT_MESSAGE,
    ...header,
    producerId,
    destination,
    transactionId: null,
    originalDestination: null,
    messageId: {
      kind: 'MessageId',
      textView: null,
      producerId,
      producerSequenceId: ids.producerSequence(),
      brokerSequenceId: 0,
    },
    originalTransactionId: null,
    groupId: null,
    groupSequence: 0,
    correlationId: null,
    persistent: true,
    expiration: 0,
    priority: DEFAULT_PRIORITY,
    replyTo: null,
    timestamp: Date.now(),
    type: null,
    content: textContent(probe.body),
    marshalledProperties: marshalProperties(properties),
    dataStructure: null,
    targetConsumerId: null,
    compressed: false,
    redeliveryCounter: 0,
    brokerPath: null,
    arrival: 0,
    userId: null,
    receivedByDfBridge: false,
    droppable: false,
    cluster: null,
    brokerInTime: 0,
    brokerOutTime: 0,
    jmsxGroupFirstForConsumer: false,
  };
}

/** A standard (consuming) ack of one dispatched message. */
export function standardAck(consumerId: ConsumerId, message: Message): MessageAck {
  return {
    kind: 'MessageAck',
    commandId: 0,
    responseRequired: false,
    destination: message.destination,
    transactionId: null,
    consumerId,
    ackType: STANDARD_ACK_TYPE,
    firstMessageId: message.messageId,
    lastMessageId: message.messageId,
    messageCount: 1,
    poisonCause: null,
  };
}

export function removeInfo(objectId: RemoveInfo['objectId']): RemoveInfo {
  return { kind: 'RemoveInfo', ...header, objectId, lastDeliveredSequenceId: LAST_DELIVERED_UNSET };
}

export function removeSubscriptionInfo(
  connectionId: ConnectionId,
  clientId: string,
  subscriptionName: string,
): RemoveSubscriptionInfo {
  return { kind: 'RemoveSubscriptionInfo', ...header, connectionId, subscriptionName, clientId };
}
