import type { Destination } from '../../core/types';

const PREFIX: Record<Destination['kind'], string> = {
  queue: '/queue/',
  topic: '/topic/',
  'temp-queue': '/temp-queue/',
  'temp-topic': '/temp-topic/',
};

/** ActiveMQ's STOMP destination name, e.g. queue `ORDERS.new` -> `/queue/ORDERS.new`. */
export function stompDestination(destination: Destination): string {
  return `${PREFIX[destination.kind]}${destination.name}`;
}
