/**
 * OpenWire data structure type bytes, as ActiveMQ numbers them in
 * `activemq-client/src/main/java/org/apache/activemq/command/CommandTypes.java`. Only the structures a probe
 * sends or has to read are listed.
 */
export const TYPE = {
  NULL: 0,
  WIREFORMAT_INFO: 1,
  BROKER_INFO: 2,
  CONNECTION_INFO: 3,
  SESSION_INFO: 4,
  CONSUMER_INFO: 5,
  PRODUCER_INFO: 6,
  DESTINATION_INFO: 8,
  KEEP_ALIVE_INFO: 10,
  SHUTDOWN_INFO: 11,
  REMOVE_INFO: 12,
  CONNECTION_ERROR: 16,
  CONSUMER_CONTROL: 17,
  CONNECTION_CONTROL: 18,
  MESSAGE_DISPATCH: 21,
  MESSAGE_ACK: 22,
  ACTIVEMQ_MESSAGE: 23,
  ACTIVEMQ_BYTES_MESSAGE: 24,
  ACTIVEMQ_MAP_MESSAGE: 25,
  ACTIVEMQ_OBJECT_MESSAGE: 26,
  ACTIVEMQ_STREAM_MESSAGE: 27,
  ACTIVEMQ_TEXT_MESSAGE: 28,
  RESPONSE: 30,
  EXCEPTION_RESPONSE: 31,
  ACTIVEMQ_QUEUE: 100,
  ACTIVEMQ_TOPIC: 101,
  ACTIVEMQ_TEMP_QUEUE: 102,
  ACTIVEMQ_TEMP_TOPIC: 103,
  MESSAGE_ID: 110,
  LOCAL_TRANSACTION_ID: 111,
  XA_TRANSACTION_ID: 112,
  CONNECTION_ID: 120,
  SESSION_ID: 121,
  CONSUMER_ID: 122,
  PRODUCER_ID: 123,
  BROKER_ID: 124,
} as const;

/** Message structures share one layout (`MessageMarshaller`); the subclasses' marshallers add no fields. */
export const MESSAGE_TYPES: ReadonlySet<number> = new Set([
  TYPE.ACTIVEMQ_MESSAGE,
  TYPE.ACTIVEMQ_BYTES_MESSAGE,
  TYPE.ACTIVEMQ_MAP_MESSAGE,
  TYPE.ACTIVEMQ_OBJECT_MESSAGE,
  TYPE.ACTIVEMQ_STREAM_MESSAGE,
  TYPE.ACTIVEMQ_TEXT_MESSAGE,
]);

/** `MessageAck.STANDARD_ACK_TYPE`: the message is consumed. */
export const STANDARD_ACK_TYPE = 2;

/** `DestinationInfo.ADD_OPERATION_TYPE` / `REMOVE_OPERATION_TYPE`. */
export const DESTINATION_ADD = 0;
export const DESTINATION_REMOVE = 1;
