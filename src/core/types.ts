/**
 * The shared vocabulary of the pipeline. Every module speaks these types; none of them does I/O.
 * See DESIGN.md: policy -> model -> plan -> probes -> checker -> reporters.
 */
import type { SourceLocation } from './errors';
import type { Secret } from './secret';

export const OPERATIONS = [
  'connect',
  'produce',
  'consume',
  'browse',
  'create',
  'request-reply',
  'wildcard-consume',
  'durable-subscribe',
  'virtual-topic',
] as const;
/**
 * What a client does. produce needs write, consume and browse need read, create needs admin;
 * request-reply (create a temporary queue, receive from it, send to it) needs admin, read and write on
 * temporary destinations, which only `tempDestinationAuthorizationEntry` governs; wildcard-consume
 * (subscribe to a wildcard destination such as `queue://ORDERS.>`) needs read on the wildcard destination
 * itself, as ActiveMQ looks it up; durable-subscribe (create a durable subscription on a topic, resume it,
 * remove it) needs read on the topic, checked when the subscription is created and when it is resumed;
 * virtual-topic (send to `topic://VirtualTopic.<Name>`, receive on its consumer queue
 * `queue://Consumer.<group>.VirtualTopic.<Name>`) needs write on the topic and read on the consumer queue.
 */
export type Operation = (typeof OPERATIONS)[number];

export const PERMISSIONS = ['read', 'write', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Wire protocols a client may speak (all over TLS). `*-wss` share the broker's one `wss` connector. */
export const PROTOCOLS = ['openwire', 'amqp', 'stomp', 'stomp-wss', 'mqtt', 'mqtt-wss'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** Transport connectors of the broker. `ws` is the secure WebSocket connector that carries MQTT and STOMP. */
export const TRANSPORTS = ['openwire', 'amqp', 'stomp', 'mqtt', 'ws'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export const PROTOCOL_TRANSPORT: Record<Protocol, Transport> = {
  openwire: 'openwire',
  amqp: 'amqp',
  stomp: 'stomp',
  'stomp-wss': 'ws',
  mqtt: 'mqtt',
  'mqtt-wss': 'ws',
};

export type EngineFlavour = 'amazon-mq' | 'activemq';

/** `amazon-mq/5.18` or `activemq/5.17.2`; the flavour selects credential rules, the version broker behaviour. */
export interface Engine {
  flavour: EngineFlavour;
  /** as written, e.g. "5.18" */
  version: string;
  /** numeric parts of the version, e.g. [5, 18] */
  versionParts: number[];
  /** `${flavour}/${version}` */
  id: string;
}

export type DestinationType = 'queue' | 'topic';
export type DestinationKind = DestinationType | 'temp-queue' | 'temp-topic';

/** A destination as ActiveMQ names it; `name` may be a composite (`A,B`) or contain wildcards. */
export interface Destination {
  kind: DestinationKind;
  name: string;
}

/** Group lists of one ACL. The group `*` matches any group. */
export interface Acl {
  read: string[];
  write: string[];
  admin: string[];
}

/** One `authorizationEntry`: exactly one destination type and a pattern. */
export interface AuthorizationEntry extends Acl {
  /** stable, human-readable id such as `queue://ORDERS.>`; unique within a map (suffixed `#2` on duplicates) */
  id: string;
  type: DestinationType;
  pattern: string;
  location?: SourceLocation;
}

export interface AclWithLocation extends Acl {
  location?: SourceLocation;
}

export interface AuthorizationMap {
  entries: AuthorizationEntry[];
  /** `defaultEntry`: unioned into every lookup of a non-temporary destination */
  defaultEntry?: AclWithLocation;
  /** `tempDestinationAuthorizationEntry`: the only rule for temporary destinations */
  tempDestinationEntry?: AclWithLocation;
}

export type PasswordSource = 'literal' | 'env' | 'generated' | 'users-file' | 'broker-xml';

export interface PolicyUser {
  username: string;
  password: Secret;
  passwordSource: PasswordSource;
  groups: string[];
  location?: SourceLocation;
}

/** An explicit statement of the team, e.g. orders-writer can produce but cannot consume queue://ORDERS.new. */
export interface Expectation {
  user: string;
  can: Operation[];
  cannot: Operation[];
  /** absent only when every operation is `connect` */
  on?: Destination;
  /** absent: every protocol */
  protocols?: Protocol[];
  location?: SourceLocation;
}

/** A finding that does not stop the run (e.g. the `activemq-webconsole` group on Amazon MQ). */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  hint?: string;
  location?: SourceLocation;
}

export interface Policy {
  source: { file: string; kind: 'policy' | 'broker-xml' };
  engine: Engine;
  users: PolicyUser[];
  /** null: no authorizationPlugin at all, so every authenticated user may do everything */
  authorization: AuthorizationMap | null;
  /** destinations the broker XML declares (pre-created at start) */
  destinations: Destination[];
  expectations: Expectation[];
  anonymousAccessAllowed: boolean;
  /**
   * The group simpleAuthenticationPlugin gives a client without credentials (its `anonymousGroup`);
   * default `anonymous`. The pseudo user `anonymous` of expectations is that client.
   */
  anonymousGroup?: string;
  diagnostics: Diagnostic[];
}

/** Why the model allows or denies one (user, destination, operation). */
export interface Decision {
  user: string;
  operation: Operation;
  destination?: Destination;
  allowed: boolean;
  /** the permission the operation needs; absent for connect */
  permission?: Permission;
  /** the groups the user holds (as the broker sees them) */
  userGroups: string[];
  /** the union of groups the ACL grants for that permission */
  aclGroups: string[];
  /** entries whose pattern matched the destination (defaultEntry/tempDestinationEntry included by id) */
  matchedEntries: string[];
  /** the subset of matched entries that granted the user (empty when denied) */
  decidingEntries: string[];
  /** one sentence a reviewer can read */
  reason: string;
  /** version- or order-dependent caveats, e.g. the advisory rule before 5.19.8 */
  caveats: string[];
}

/**
 * Every field of T, the optional ones too (undefined where absent), so an object written out field by
 * field fails to compile when T gains a field. Large runs build cases and verdicts that way: V8 kept
 * copies made by spreading at about three times the size. (`Exclude` keeps the type from being
 * homomorphic, which would strip undefined from the optional fields.)
 */
export type AllFields<T> = { [K in Exclude<keyof T, never>]-?: T[K] };
