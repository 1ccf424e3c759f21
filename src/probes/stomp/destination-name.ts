import type { Destination } from '../../core/types';
import { compositeParts, isComposite } from '../../model/acl';

const PREFIX: Record<Destination['kind'], string> = {
  queue: '/queue/',
  topic: '/topic/',
  'temp-queue': '/temp-queue/',
  'temp-topic': '/temp-topic/',
};

/**
 * ActiveMQ's STOMP destination name, e.g. queue `ORDERS.new` -> `/queue/ORDERS.new`. ActiveMQ's STOMP
 * converter reads the prefix of each part of a composite on its own (`/topic/A,B` is topic A and queue B),
 * so every part carries its own: `/topic/A,/topic/B`.
 */
export function stompDestination(destination: Destination): string {
  if (!isComposite(destination)) return `${PREFIX[destination.kind]}${destination.name}`;
  return compositeParts(destination)
    .map((part) => `${PREFIX[part.kind]}${part.name}`)
    .join(',');
}
