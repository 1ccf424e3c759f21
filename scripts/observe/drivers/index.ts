import type { RunningBroker } from '../../../src/broker/types';
import { PROTOCOL_TRANSPORT } from '../../../src/core/types';
import type { ProbeTarget } from '../../../src/probes/types';
import { amqpDriver } from './amqp';
import { mqttDriver } from './mqtt';
import { openwireDriver } from './openwire';
import { stompDriver } from './stomp';
import type { Driver, ProtocolName } from './types';

export * from './types';

export function targetFor(broker: RunningBroker, protocol: ProtocolName): ProbeTarget {
  const endpoint = broker.endpoints[PROTOCOL_TRANSPORT[protocol]];
  if (!endpoint) throw new Error(`the broker has no ${PROTOCOL_TRANSPORT[protocol]} endpoint`);
  return { endpoint, caPem: broker.caPem };
}

export function driverFor(broker: RunningBroker, protocol: ProtocolName): Driver {
  const target = targetFor(broker, protocol);
  switch (protocol) {
    case 'openwire':
      return openwireDriver(target);
    case 'amqp':
      return amqpDriver(target);
    case 'stomp':
    case 'stomp-wss':
      return stompDriver(protocol, target);
    case 'mqtt':
    case 'mqtt-wss':
      return mqttDriver(protocol, target);
  }
}
