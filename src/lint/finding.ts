/** The vocabulary of `lint`: one Finding per problem, each code with a fixed meaning and default severity. */
import type { SourceLocation } from '../core/errors';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  code: string;
  severity: Severity;
  /** what is wrong here, naming the entry, group or element */
  message: string;
  location?: SourceLocation;
  /** why it matters: what the broker (or Amazon MQ) will do */
  explanation: string;
  /** what to change */
  fix: string;
}

export interface RuleDescription {
  severity: Severity;
  title: string;
  explanation: string;
}

/** Every code `lint` can report, with the explanation shared by all findings of that code. */
export const RULES = {
  DISALLOWED_ELEMENT_REMOVED: {
    severity: 'warning',
    title: 'Amazon MQ removes this element',
    explanation:
      "Amazon MQ checks every configuration revision against the XSD of the broker's engine version and removes elements it does not allow, so the broker runs without them.",
  },
  DISALLOWED_ATTRIBUTE_REMOVED: {
    severity: 'warning',
    title: 'Amazon MQ removes this attribute',
    explanation:
      "Amazon MQ removes attributes its XSD does not allow on an element, so the broker runs with the attribute's default.",
  },
  INVALID_ATTRIBUTE_VALUE_REMOVED: {
    severity: 'warning',
    title: 'Amazon MQ removes this attribute value',
    explanation:
      "Amazon MQ removes attributes whose value does not match the XSD type (boolean, integer, range, enumeration), so the broker runs with the attribute's default.",
  },
  PLACEHOLDER_VALUE_REMOVED: {
    severity: 'warning',
    title: 'Amazon MQ removes ${...} values',
    explanation:
      'Amazon MQ does not resolve Spring property placeholders; an attribute whose value is ${...} is removed, so the broker runs with its default.',
  },
  BROKER_NOT_ROOT: {
    severity: 'info',
    title: 'Amazon MQ configurations are the <broker> element',
    explanation:
      'An Amazon MQ configuration revision is a <broker xmlns="http://activemq.apache.org/schema/core"> document; a Spring <beans> wrapper is not part of it.',
  },
  TRANSPORT_CONNECTOR_REJECTED: {
    severity: 'error',
    title: 'Amazon MQ rejects this transport connector',
    explanation:
      'Amazon MQ manages its connectors itself (OpenWire, AMQP, STOMP, MQTT, WSS, all over TLS); a transportConnector named anything but openwire makes it refuse the whole revision (BadRequest).',
  },
  NOT_A_BROKER_CONFIGURATION: {
    severity: 'error',
    title: 'not a broker configuration',
    explanation: 'Amazon MQ accepts a <broker> document only.',
  },
  AMAZON_MQ_SCHEMA_APPROXIMATE: {
    severity: 'info',
    title: 'no Amazon MQ schema for this engine line',
    explanation:
      "The harness bundles Amazon MQ's XSDs per engine line; for an engine line without one, the nearest older schema is used.",
  },
  NO_AUTHORIZATION_MAP: {
    severity: 'warning',
    title: 'no authorization map',
    explanation:
      'Without an authorizationPlugin the broker checks nothing after authentication: every authenticated user may produce, consume, browse and create on every destination.',
  },
  NO_TEMP_DESTINATION_ENTRY: {
    severity: 'warning',
    title: 'temporary destinations are unchecked',
    explanation:
      'Temporary queues and topics are governed only by tempDestinationAuthorizationEntry; without one the broker skips the check and every authenticated user may create and use them.',
  },
  NARROWER_ENTRY_CANNOT_RESTRICT: {
    severity: 'warning',
    title: 'a narrower entry cannot take away what a broader one grants',
    explanation:
      'ActiveMQ unions the groups of every entry whose pattern matches a destination. A more specific entry adds groups; it never removes the groups a broader entry grants, so this entry does not restrict what it seems to.',
  },
  GROUP_WITHOUT_USERS: {
    severity: 'warning',
    title: 'no user holds this group',
    explanation:
      'The map grants permissions to a group no configured user is in: often a typo in a group name, or a group left behind after users moved.',
  },
  USER_WITHOUT_PERMISSIONS: {
    severity: 'warning',
    title: "this user's groups grant nothing",
    explanation:
      'No entry of the authorization map grants any group of this user read, write or admin, so the user can authenticate but use no destination.',
  },
  ADVISORY_ADMIN_MISSING: {
    severity: 'warning',
    title: 'connecting groups lack admin on ActiveMQ.Advisory.>',
    explanation:
      "Engines before 5.19.8 (all of Amazon MQ 5.18 and, to be safe, 5.19) create advisory topics under the connecting user's identity. A user without admin on ActiveMQ.Advisory.> is refused at connect, subscribe or send whenever that advisory topic does not exist yet, so the same client works or fails depending on what other clients did before (apache/activemq#2071).",
  },
  WEBCONSOLE_NOT_IN_MAP: {
    severity: 'info',
    title: 'activemq-webconsole is not in the authorization map',
    explanation:
      'On Amazon MQ, users with console access act in the ActiveMQ Web Console as the group activemq-webconsole. A map that does not grant that group leaves the console unable to browse, send or manage destinations.',
  },
  BROAD_WILDCARD_GRANT: {
    severity: 'warning',
    title: 'write or admin on every destination for a non-administrative group',
    explanation:
      'An entry for ">" applies to every queue (or topic), including every team\'s destinations and those created later. A group counts as administrative when its name contains "admin" or it is activemq-webconsole.',
  },
  CREATE_NEEDS_ADMIN: {
    severity: 'warning',
    title: 'producers cannot auto-create these destinations',
    explanation:
      'Creating a destination needs admin, and that includes auto-creation on the first send or subscribe: with write but no admin, sending to a destination that does not exist yet fails with "User ... is not authorized to create". No declared destination matches this entry.',
  },
  COMPOSITE_INTERSECTION: {
    severity: 'warning',
    title: 'a composite destination is narrower than its parts',
    explanation:
      'For a composite destination (A,B) ActiveMQ keeps only the entries every part matches (the intersection), so a user allowed on each part separately can be refused on the composite.',
  },
  DUPLICATE_ENTRY: {
    severity: 'warning',
    title: 'an entry is written twice',
    explanation:
      'Two authorizationEntry elements name the same destination pattern. ActiveMQ unions them, so the second one never restricts the first: usually a copy left behind when one of them was edited.',
  },
  SLASH_IN_DESTINATION: {
    severity: 'warning',
    title: 'a destination pattern contains /',
    explanation:
      "ActiveMQ's destination separator is the dot. Its MQTT converter turns an MQTT topic a/b into the ActiveMQ topic a.b (and a dot in an MQTT topic into /), so a pattern written with / never matches the MQTT traffic it was meant for.",
  },
  MALFORMED_WILDCARD: {
    severity: 'warning',
    title: 'a wildcard is not a segment of its own',
    explanation:
      'In ActiveMQ patterns, * (one segment) and > (the rest) are wildcards only as whole dot-separated segments; in PRICES.fx> or ORD*.new they are plain characters, and an empty segment (a leading, trailing or doubled dot) is part of the name. Such an entry matches only destinations named exactly that way.',
  },
  DEFAULT_CLIENT_CANNOT_CONNECT: {
    severity: 'warning',
    title: "a user's JMS applications cannot connect with a default connection factory",
    explanation:
      'A default ActiveMQ JMS connection (watchTopicAdvisories=true) subscribes to ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic when it starts and needs read on both; without it connection.start() fails with "User ... is not authorized to read from: ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic". STOMP, MQTT and AMQP clients are not affected.',
  },
} as const satisfies Record<string, RuleDescription>;

export type FindingCode = keyof typeof RULES;

export function finding(
  code: FindingCode,
  detail: { message: string; fix: string; location?: SourceLocation; severity?: Severity },
): Finding {
  const rule: RuleDescription = RULES[code];
  const result: Finding = {
    code,
    severity: detail.severity ?? rule.severity,
    message: detail.message,
    explanation: rule.explanation,
    fix: detail.fix,
  };
  if (detail.location) result.location = detail.location;
  return result;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then by file position, then by code, so output is stable for review and tests. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}
