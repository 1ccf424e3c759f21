/**
 * ActiveMQ's mapping between MQTT topic names and ActiveMQ destination names.
 *
 * ActiveMQ swaps three pairs of characters, in both directions: `/` <-> `.` (level separator),
 * `+` <-> `*` (one level) and `#` <-> `>` (the rest). The swap is its own inverse, so an MQTT topic such
 * as `a.b/c` reaches the broker as the ActiveMQ topic `a/b.c`. Reference: `MQTTProtocolSupport`
 * (`convertMQTTToActiveMQ`, `convertActiveMQToMQTT`) in apache/activemq, module activemq-mqtt; older
 * releases converted ActiveMQ names back with a plain `.` -> `/` replace, which agrees on every name
 * without `/`, `*`, `+`, `#` or `>`.
 */
import type { Destination } from '../core/types';
import { formatDestination } from '../core/destination';

const SWAP: Readonly<Record<string, string>> = {
  '/': '.',
  '.': '/',
  '+': '*',
  '*': '+',
  '#': '>',
  '>': '#',
};

function swapCharacters(name: string): string {
  let out = '';
  for (const ch of name) out += SWAP[ch] ?? ch;
  return out;
}

/** MQTT topic (or filter) -> the ActiveMQ topic name the broker uses for it, e.g. `ORDERS/new` -> `ORDERS.new`. */
export function mqttToActiveMq(mqttTopic: string): string {
  return swapCharacters(mqttTopic);
}

/** ActiveMQ topic name (or wildcard pattern) -> the MQTT topic that addresses it, e.g. `EVENTS.*` -> `EVENTS/+`. */
export function activeMqToMqtt(activeMqName: string): string {
  return swapCharacters(activeMqName);
}

/** Whether an MQTT topic filter uses wildcards as MQTT 3.1.1 (section 4.7.1) and ActiveMQ's validation demand. */
export function isValidMqttFilter(filter: string): boolean {
  if (filter.length === 0) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1;
    if (level.includes('+')) return level === '+';
    return true;
  });
}

export type MqttAddressing =
  { addressable: true; topic: string; wildcard: boolean } | { addressable: false; reason: string };

/**
 * Whether, and with which MQTT topic, an MQTT client can reach a destination.
 *
 * MQTT addresses only topics: ActiveMQ turns every PUBLISH and SUBSCRIBE into an ActiveMQ topic. A
 * queue is reachable from MQTT only indirectly, through ActiveMQ's virtual topics (an MQTT publish to
 * `VirtualTopic/X` fans out into the queues `Consumer.*.VirtualTopic.X`) or the broker's
 * virtual-topic subscription strategy; both exercise the topic's ACL, not the queue's, so they do not
 * probe a queue's permissions and are not offered here. MQTT has no temporary destinations.
 */
export function explainMqttAddressing(destination: Destination): MqttAddressing {
  const where = formatDestination(destination);
  if (destination.kind !== 'topic') {
    return {
      addressable: false,
      reason:
        `${where}: MQTT addresses only topics; ` +
        (destination.kind === 'queue'
          ? 'a queue is reachable only through virtual topics, which check the topic ACL, not the queue ACL'
          : 'MQTT has no temporary destinations'),
    };
  }
  if (destination.name.includes(',')) {
    return { addressable: false, reason: `${where}: composite destinations are not MQTT topic names` };
  }
  const topic = activeMqToMqtt(destination.name);
  if (!isValidMqttFilter(topic)) {
    return {
      addressable: false,
      reason: `${where}: maps to the MQTT topic "${topic}", whose wildcards MQTT does not accept (a wildcard must be a whole level)`,
    };
  }
  return { addressable: true, topic, wildcard: /[+#]/.test(topic) };
}

/** True when an MQTT client can publish to or subscribe to the destination (wildcard names: subscribe only). */
export function mqttCanAddress(destination: Destination): boolean {
  return explainMqttAddressing(destination).addressable;
}

/** Whether an MQTT topic filter (`+` one level, `#` the rest, the parent level included) matches a topic. */
export function mqttFilterMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
