/**
 * ActiveMQ's default virtual topics: BrokerService.createDefaultDestinationInterceptor installs one
 * VirtualTopic named `VirtualTopic.>` with the prefix `Consumer.*.` whenever the broker XML configures no
 * destination interceptors (useVirtualTopics defaults to true). A send to `topic://VirtualTopic.<Name>` is
 * copied by VirtualTopicInterceptor into every existing queue `Consumer.<group>.VirtualTopic.<Name>`.
 *
 * The copy is made on the broker's Destination objects (`dest.send(...)`), below AuthorizationBroker, so the
 * forwarding itself is never authorized: the sender needs write on the topic, each group's consumer needs
 * read on its queue, and the queue must exist before the send (the interceptor forwards only to
 * `broker.getDestinations(...)`, the queues that exist; making one on first subscribe needs admin on it).
 */
import type { Destination } from '../core/types';
import { isWildcard } from './wildcard';

export const VIRTUAL_TOPIC_PREFIX = 'VirtualTopic.';
export const CONSUMER_QUEUE_PREFIX = 'Consumer.';

/** Whether `topic` is a virtual topic under the default naming (`topic://VirtualTopic.<Name>`). */
export function isVirtualTopic(topic: Destination): boolean {
  return (
    topic.kind === 'topic' &&
    topic.name.startsWith(VIRTUAL_TOPIC_PREFIX) &&
    topic.name.length > VIRTUAL_TOPIC_PREFIX.length
  );
}

/** `queue://Consumer.<group>.VirtualTopic.<Name>` for the virtual topic `topic://VirtualTopic.<Name>`. */
export function consumerQueue(topic: Destination, group: string): Destination {
  return { kind: 'queue', name: `${CONSUMER_QUEUE_PREFIX}${group}.${topic.name}` };
}

/**
 * The consumer group and the virtual topic of a consumer queue `queue://Consumer.<group>.VirtualTopic.<Name>`
 * (one concrete segment for the group, a concrete name), or undefined when the queue is not one.
 */
export function virtualTopicOf(queue: Destination): { group: string; topic: Destination } | undefined {
  if (queue.kind !== 'queue' || queue.name.includes(',') || isWildcard(queue.name)) return undefined;
  const segments = queue.name.split('.');
  if (segments[0] !== 'Consumer' || segments.length < 4) return undefined;
  const topic: Destination = { kind: 'topic', name: segments.slice(2).join('.') };
  if (!isVirtualTopic(topic)) return undefined;
  return { group: segments[1]!, topic };
}
