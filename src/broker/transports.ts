import type { Transport } from '../core/types';

/** URI scheme of each TLS connector in activemq.xml. */
export const TRANSPORT_SCHEME: Record<Transport, string> = {
  openwire: 'ssl',
  amqp: 'amqp+ssl',
  stomp: 'stomp+ssl',
  mqtt: 'mqtt+ssl',
  ws: 'wss',
};

/**
 * ActiveMQ finds a transport factory through a classpath resource named after its scheme
 * (FactoryFinder over META-INF/services/org/apache/activemq/transport/<scheme>); a build supports a
 * transport exactly when one of its jars holds that resource.
 */
export const TRANSPORT_SERVICE_PATH = 'META-INF/services/org/apache/activemq/transport/';

/** Ports Amazon MQ uses; the container runtime uses them inside the container. */
export const AMAZON_MQ_PORTS: Record<Transport, number> = {
  openwire: 61617,
  amqp: 5671,
  stomp: 61614,
  mqtt: 8883,
  ws: 61619,
};

/** Name of each connector in the XML (Amazon MQ only accepts `openwire` for OpenWire). */
export const TRANSPORT_CONNECTOR_NAME: Record<Transport, string> = {
  openwire: 'openwire',
  amqp: 'amqp',
  stomp: 'stomp',
  mqtt: 'mqtt',
  ws: 'wss',
};
