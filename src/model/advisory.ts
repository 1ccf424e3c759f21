/**
 * Advisory topics the broker creates on a client's behalf, and which engines create them under the
 * client's own identity.
 *
 * Before apache/activemq#2071 (released in 5.19.8 and 6.2.7) `AdvisoryBroker` fires advisories with
 * the connection's security context; the first advisory to a topic that does not exist yet makes the
 * broker auto-create it, which `AuthorizationBroker.addDestination` checks against the *client's*
 * admin ACL. Observed on 5.17.2: `User nobody is not authorized to create:
 * topic://ActiveMQ.Advisory.Connection` until a privileged client had connected once.
 */
import type { Destination, DestinationKind, Engine, Operation, Protocol } from '../core/types';
import { compositeParts } from './acl';
import { virtualTopicOf } from './virtual-topic';

export const ADVISORY_PREFIX = 'ActiveMQ.Advisory.';
export const CONNECTION_ADVISORY = `${ADVISORY_PREFIX}Connection`;

/**
 * What a default JMS connection (ActiveMQConnectionFactory, `watchTopicAdvisories=true`) subscribes to
 * when it starts, so that it learns of temporary destinations: one consumer on this composite topic. The
 * broker checks read on it like on any composite (the intersection of the parts' ACLs).
 */
export const TEMP_DESTINATION_ADVISORIES: Destination = {
  kind: 'topic',
  name: `${ADVISORY_PREFIX}TempQueue,${ADVISORY_PREFIX}TempTopic`,
};

/**
 * The temporary queue of a request/reply case. The broker names a temporary queue when it is created
 * (`ID:<connection id>:<n>`), so the plan names it by what it is; the authorization map has one entry for
 * every temporary destination, so its name never decides anything.
 */
export const REQUEST_REPLY_DESTINATION: Destination = { kind: 'temp-queue', name: '(own)' };

/** Stands for a temporary queue's name inside advisory topic names (each temporary queue's is new). */
const TEMP_QUEUE_NAME_IN_ADVISORY = 'ID:amqauth-temp:1:1';

/**
 * The advisory topics a request/reply exchange makes the broker fire: `ActiveMQ.Advisory.TempQueue` when the
 * temporary queue is created (`existing`: it exists once anyone created a temporary queue), and the consumer
 * advisory of the new temporary queue, plus its producer advisory where the protocol binds a producer to it
 * (`fresh`: named after a temporary queue nobody used before, so they never exist yet).
 */
export function requestReplyAdvisories(protocol?: Protocol): {
  existing: Destination[];
  fresh: Destination[];
} {
  // named `...Consumer.Queue.<name>`, not `TempQueue` (observed on 5.18.7: `User x is not authorized to
  // create: topic://ActiveMQ.Advisory.Consumer.Queue.ID:...:1`)
  const fresh = [advisoryTopic(`${ADVISORY_PREFIX}Consumer.Queue.${TEMP_QUEUE_NAME_IN_ADVISORY}`)];
  if (!protocol || !PROTOCOLS_WITHOUT_PRODUCER_ADVISORY.includes(protocol))
    fresh.push(advisoryTopic(`${ADVISORY_PREFIX}Producer.Queue.${TEMP_QUEUE_NAME_IN_ADVISORY}`));
  return { existing: [advisoryTopic(destinationAdvisoryName('temp-queue'))], fresh };
}

/** First releases with the fix, per major line. */
const FIXED_IN: Record<number, readonly [number, number]> = { 5: [19, 8], 6: [2, 7] };

/** Naming of `ActiveMQDestination.getDestinationTypeAsString()`, used in advisory topic names. */
const TYPE_IN_ADVISORY: Record<DestinationKind, string> = {
  queue: 'Queue',
  topic: 'Topic',
  'temp-queue': 'TempQueue',
  'temp-topic': 'TempTopic',
};

/**
 * STOMP and MQTT attach one producer without a destination per connection, so a send fires no
 * producer advisory (reference record, "What advisories need"). The WebSocket variants use the same
 * protocol converters.
 */
const PROTOCOLS_WITHOUT_PRODUCER_ADVISORY: readonly Protocol[] = ['stomp', 'stomp-wss', 'mqtt', 'mqtt-wss'];

/**
 * Whether this engine creates advisory topics under the connecting user's identity.
 *
 * Amazon MQ names only `major.minor` and applies patch releases itself. `amazon-mq/5.18` is on the
 * 5.18 line, which never received the fix. For `amazon-mq/5.19` nothing public states that the
 * managed patch level is 5.19.8 or later, so it is treated as affected too; an incomplete version
 * (`activemq/5.19`) is treated the same way. Affected means "may be refused", so erring this way
 * turns a possible surprise into a caveat instead of a wrong prediction of success.
 */
export function isAdvisoryCreationByUser(engine: Engine): boolean {
  const [major, minor, patch] = engine.versionParts;
  if (major === undefined) return true;
  const fixed = FIXED_IN[major];
  if (!fixed) return major < 5;
  if (minor === undefined) return true;
  if (minor !== fixed[0]) return minor < fixed[0];
  if (engine.flavour === 'amazon-mq' || patch === undefined) return true;
  return patch < fixed[1];
}

export function isAdvisoryTopic(destination: Destination): boolean {
  return destination.kind === 'topic' && destination.name.startsWith(ADVISORY_PREFIX);
}

function advisoryTopic(name: string): Destination {
  return { kind: 'topic', name };
}

/**
 * The advisory topics `operation` on `destination` makes the broker fire (and, if missing, create):
 * `connect` the connection advisory; `produce` the producer advisory of the destination; `consume`
 * and `browse` (a browser is a consumer) the consumer advisory; `create` the destination advisory
 * (`ActiveMQ.Advisory.Queue`, ...). Nothing for operations on advisory topics themselves, and nothing
 * for `produce` over STOMP or MQTT when `protocol` is given.
 */
export function advisoryTopicsFor(
  destination: Destination | undefined,
  operation: Operation,
  protocol?: Protocol,
  createVia?: 'produce' | 'consume',
): Destination[] {
  if (operation === 'connect') return [advisoryTopic(CONNECTION_ADVISORY)];
  // only the temp-queue advisory can exist beforehand; the per-queue ones are new every time
  if (operation === 'request-reply') return requestReplyAdvisories(protocol).existing;
  if (!destination || isAdvisoryTopic(destination)) return [];
  const type = TYPE_IN_ADVISORY[destination.kind];
  switch (operation) {
    case 'produce':
      if (protocol && PROTOCOLS_WITHOUT_PRODUCER_ADVISORY.includes(protocol)) return [];
      // a producer on a composite announces itself once per part (observed on 5.18.7 and 5.19.1)
      return compositeParts(destination).map((part) =>
        advisoryTopic(`${ADVISORY_PREFIX}Producer.${TYPE_IN_ADVISORY[part.kind]}.${part.name}`),
      );
    case 'consume':
    case 'browse':
    case 'wildcard-consume':
    case 'durable-subscribe':
      return [advisoryTopic(`${ADVISORY_PREFIX}Consumer.${type}.${advisoryName(destination)}`)];
    case 'virtual-topic': {
      // the consumer on the group's queue, then the producer on the virtual topic
      const vt = virtualTopicOf(destination);
      return [
        ...advisoryTopicsFor(destination, 'consume', protocol),
        ...(vt ? advisoryTopicsFor(vt.topic, 'produce', protocol) : []),
      ];
    }
    case 'create':
      // creating happens through a first send or subscribe, which fires its own advisory too
      return [
        advisoryTopic(destinationAdvisoryName(destination.kind)),
        ...(createVia ? advisoryTopicsFor(destination, createVia, protocol) : []),
      ];
  }
}

/**
 * A destination's name inside an advisory topic name: `AdvisorySupport` escapes the composite separator,
 * which would otherwise split the advisory topic itself, as `&sbquo;`.
 */
export function advisoryName(destination: Destination): string {
  return destination.name.split(',').join('&sbquo;');
}

/**
 * The advisory topic a new destination of this kind is announced on (`ActiveMQ.Advisory.Queue`, ...).
 * The broker fires it itself for the destinations its configuration declares, at start, so it exists from
 * the start on any broker declaring a destination of that kind.
 */
export function destinationAdvisoryName(kind: DestinationKind): string {
  return `${ADVISORY_PREFIX}${TYPE_IN_ADVISORY[kind]}`;
}
