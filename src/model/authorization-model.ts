/**
 * (user, destination, operation) -> Decision, with the entries that decided and the caveats that
 * depend on broker version or on what happened before. Pure: the broker is the truth, this is the
 * oracle the harness compares it with.
 */
import { UsageError } from '../core/errors';
import { formatDestination } from '../core/destination';
import { flatString } from '../core/flat-string';
import type {
  AuthorizationMap,
  Decision,
  Destination,
  Engine,
  Operation,
  Permission,
  Protocol,
} from '../core/types';
import {
  compileAuthorizationMap,
  grants,
  TEMP_ENTRY_ID,
  type AclLookup,
  type CompiledAuthorizationMap,
} from './acl';
import {
  advisoryTopicsFor,
  isAdvisoryCreationByUser,
  REQUEST_REPLY_DESTINATION,
  requestReplyAdvisories,
  TEMP_DESTINATION_ADVISORIES,
} from './advisory';
import { virtualTopicOf } from './virtual-topic';

export { advisoryTopicsFor, isAdvisoryCreationByUser } from './advisory';

/** The identity `simpleAuthenticationPlugin` gives a client that sends no credentials, when allowed. */
export const ANONYMOUS_USER = 'anonymous';
export const ANONYMOUS_GROUP = 'anonymous';

export const OPERATION_PERMISSION: Record<Exclude<Operation, 'connect'>, Permission> = {
  produce: 'write',
  consume: 'read',
  browse: 'read',
  create: 'admin',
  // the first permission a request/reply exchange needs; it needs read and write as well (explainRequestReply)
  'request-reply': 'admin',
  // AuthorizationBroker.addConsumer checks the read ACL of the subscribed destination, here the wildcard
  // itself; DefaultAuthorizationMap looks a wildcard up without expanding it (findWildcardMatches(key, false))
  'wildcard-consume': 'read',
  // AuthorizationBroker.addConsumer checks read on the topic when the durable subscription is made and again
  // when it is resumed (a new ConsumerInfo with the same subscriptionName); it has no removeSubscription
  'durable-subscribe': 'read',
  // the first permission a virtual topic's round trip needs; read on the consumer queue too (explainVirtualTopic)
  'virtual-topic': 'write',
};

/**
 * Operations on a named destination (request-reply uses a temporary queue of its own, whatever is named);
 * durable-subscribe and virtual-topic need what consume, and produce plus consume, need on their destinations.
 */
const DESTINATION_OPERATIONS = (Object.keys(OPERATION_PERMISSION) as Exclude<Operation, 'connect'>[]).filter(
  (op) =>
    op !== 'request-reply' &&
    op !== 'wildcard-consume' &&
    op !== 'durable-subscribe' &&
    op !== 'virtual-topic',
);

/** What a request/reply exchange does with its temporary queue, in the order the broker checks it. */
const REQUEST_REPLY_STEPS: ReadonlyArray<{ permission: Permission; step: string; verb: string }> = [
  { permission: 'admin', step: 'create the temporary queue', verb: 'create' },
  { permission: 'read', step: 'receive from it', verb: 'read from' },
  { permission: 'write', step: 'send to it', verb: 'write to' },
];

export interface ModelUser {
  username: string;
  groups: string[];
}

export interface AuthorizationModelInput {
  /** null: no authorizationPlugin, every authenticated user may do everything */
  map: AuthorizationMap | null;
  users: ModelUser[];
  engine: Engine;
  /**
   * The exact release a run starts (e.g. 5.18.7): version rules follow it rather than the engine's
   * `major.minor`, since a patch can change them (apache/activemq#2071 in 5.19.8).
   */
  brokerVersion?: string;
  anonymousAccessAllowed?: boolean;
  /** the group a client without credentials holds (simpleAuthenticationPlugin anonymousGroup) */
  anonymousGroup?: string;
}

export interface ExplainContext {
  /**
   * Whether the advisory topics the operation fires exist already (created earlier by a privileged
   * client). Default true: the harness warms them up with an admin before probing.
   */
  advisoryTopicsExist?: boolean;
  /**
   * Advisory topics that exist even when `advisoryTopicsExist` is false: those the broker creates itself
   * at start (the destination advisories of the kinds its configuration declares).
   */
  startupAdvisoryTopics?: readonly string[];
  /** The wire protocol, when known: STOMP and MQTT sends fire no producer advisory. */
  protocol?: Protocol;
  /**
   * How the client connects. `default` (the default): as the protocol's usual client does; a JMS
   * connection watches the temporary-destination advisories (`watchTopicAdvisories=true`). `minimal`: a
   * client configured to need nothing beyond authentication (`watchTopicAdvisories=false`).
   */
  client?: ClientProfile;
  /**
   * wildcard-consume: the concrete destination whose messages the subscription is to receive. The broker
   * accepts the subscription on the wildcard's read ACL, then leaves out every matching destination the
   * user may not read (AbstractRegion.addConsumer), so both decide whether those messages arrive.
   */
  receiveFrom?: Destination;
}

export type ClientProfile = 'default' | 'minimal';

type DestinationOperation = Exclude<Operation, 'connect'>;

interface AdvisoryCheck {
  topic: Destination;
  adminGroups: string[];
  userHasAdmin: boolean;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '(none)' : items.join(', ');
}

/** How a destination's ACL for one permission came about, as the reasons say it. */
function aclSentence(
  permission: Permission,
  target: string,
  matchedEntries: readonly string[],
  aclGroups: readonly string[],
): string {
  return matchedEntries.length === 0
    ? `no entry matches ${target}, so its ${permission} ACL is empty`
    : `the ${permission} ACL of ${target} from ${list(matchedEntries)} is {${list(aclGroups)}}`;
}

/** The rules of an exact release, as an `activemq/X.Y.Z` engine. */
export function releaseEngine(version: string): Engine {
  return {
    flavour: 'activemq',
    version,
    versionParts: version.split('.').map(Number),
    id: `activemq/${version}`,
  };
}

function fixedIn(engine: Engine): string {
  return `${engine.id} creates advisory topics under the client's identity (fixed upstream in 5.19.8 and 6.2.7, apache/activemq#2071)`;
}

/** ACL lookups kept per model: far more than the names a plan comes back to (entries, advisory topics). */
const LOOKUP_CACHE_SIZE = 4096;

export class AuthorizationModel {
  readonly engine: Engine;
  /** the engine whose version rules apply: the release a run starts, else the policy's engine */
  readonly rulesEngine: Engine;
  readonly anonymousAccessAllowed: boolean;
  readonly anonymousGroup: string;
  private readonly map: CompiledAuthorizationMap | null;
  private readonly groupsByUser = new Map<string, string[]>();
  private readonly lookups = new Map<string, AclLookup>();
  private readonly lists = new Map<string, string[]>();

  constructor(input: AuthorizationModelInput) {
    this.engine = input.engine;
    this.rulesEngine = input.brokerVersion ? releaseEngine(input.brokerVersion) : input.engine;
    this.anonymousAccessAllowed = input.anonymousAccessAllowed ?? false;
    this.anonymousGroup = input.anonymousGroup ?? ANONYMOUS_GROUP;
    this.map = input.map ? compileAuthorizationMap(input.map) : null;
    for (const user of input.users) this.groupsByUser.set(user.username, [...new Set(user.groups)]);
  }

  /** Whether the broker authenticates this user (a configured user, or `anonymous` when allowed). */
  knowsUser(user: string): boolean {
    return this.groupsByUser.has(user) || this.isAnonymous(user);
  }

  /** The groups the broker sees for the user; empty for a user it does not know. */
  userGroups(user: string): string[] {
    const groups = this.groupsByUser.get(user);
    if (groups) return [...groups];
    return this.isAnonymous(user) ? [this.anonymousGroup] : [];
  }

  /** The destination operations (produce, consume, browse, create) the user may perform on `destination`. */
  allowedOperations(user: string, destination: Destination, context?: ExplainContext): Operation[] {
    return DESTINATION_OPERATIONS.filter((op) => this.explain(user, destination, op, context).allowed);
  }

  /** The effective ACL lookup for a destination; null when there is no authorization map. */
  lookup(destination: Destination): AclLookup | null {
    if (!this.map) return null;
    const key = formatDestination(destination);
    let found = this.lookups.get(key);
    if (found) {
      // most recently used last, so the names a plan keeps coming back to stay
      this.lookups.delete(key);
    } else {
      found = this.map.lookup(destination);
      // A plan looks up a fresh name (and its advisory topics) for every create case, a few times each and
      // never again: kept, they were most of an exhaustive 250-user plan's memory (about 250 MB).
      if (this.lookups.size >= LOOKUP_CACHE_SIZE) this.lookups.delete(this.lookups.keys().next().value!);
    }
    this.lookups.set(key, found);
    return found;
  }

  explain(
    user: string,
    destination: Destination | undefined,
    operation: Operation,
    context?: ExplainContext,
  ): Decision {
    return this.compact(this.decide(user, destination, operation, context));
  }

  /**
   * A plan holds a decision per case (300,000 on a 250-user map with --exhaustive), and most name the same
   * few groups and entries: those lists are shared (frozen, so no caller can change another's), and the
   * reason, built from many pieces, is kept as one flat string. Together that is two thirds of a large
   * plan's memory.
   */
  private compact(decision: Decision): Decision {
    return {
      ...decision,
      userGroups: this.sharedList(decision.userGroups),
      aclGroups: this.sharedList(decision.aclGroups),
      matchedEntries: this.sharedList(decision.matchedEntries),
      decidingEntries: this.sharedList(decision.decidingEntries),
      caveats: this.sharedList(decision.caveats),
      reason: flatString(decision.reason),
    };
  }

  private sharedList(list: string[]): string[] {
    const key = list.join('\u0000');
    let shared = this.lists.get(key);
    if (!shared) {
      shared = Object.freeze(list.map(flatString)) as string[];
      this.lists.set(key, shared);
    }
    return shared;
  }

  private decide(
    user: string,
    destination: Destination | undefined,
    operation: Operation,
    context?: ExplainContext,
  ): Decision {
    const groups = this.userGroups(user);
    const base = { user, operation, destination, userGroups: groups };
    if (!this.knowsUser(user)) {
      const anonymousNote =
        user === ANONYMOUS_USER && !this.anonymousAccessAllowed
          ? ' and anonymousAccessAllowed is not set'
          : '';
      return {
        ...base,
        allowed: false,
        permission: operation === 'connect' ? undefined : OPERATION_PERMISSION[operation],
        aclGroups: [],
        matchedEntries: [],
        decidingEntries: [],
        reason: `${user} is not a user of this broker${anonymousNote}, so authentication fails (\`User name [${user}] or password is invalid.\`).`,
        caveats: [],
      };
    }
    if (operation === 'connect') return this.explainConnect(user, groups, destination, context);
    if (operation === 'request-reply') return this.explainRequestReply(user, groups, context);
    if (!destination) {
      throw new UsageError(
        `operation ${operation} for user ${user} needs a destination`,
        'give the expectation an `on:` destination such as queue://ORDERS.new; only `connect` has none',
      );
    }
    if (operation === 'virtual-topic') return this.explainVirtualTopic(user, groups, destination, context);
    const decision = this.explainDestination(user, groups, destination, operation, context);
    if (operation === 'wildcard-consume' && decision.allowed && context?.receiveFrom) {
      return this.withheldFromWildcard(decision, groups, context.receiveFrom);
    }
    if (operation !== 'durable-subscribe' || destination.kind !== 'topic') return decision;
    return {
      ...decision,
      reason: `${decision.reason} The broker checks read when the durable subscription is made and when it is resumed; removing it is not checked (AuthorizationBroker has no removeSubscription), and the default MQTT subscription strategy makes it a durable topic subscription too.`,
    };
  }

  /**
   * A virtual topic's round trip as one consumer group does it: a consumer on the group's queue
   * `queue://Consumer.<group>.VirtualTopic.<Name>` (read on the queue), a send to `topic://VirtualTopic.<Name>`
   * (write on the topic), the broker's copy into the queue (VirtualTopicInterceptor, unchecked). The queue is
   * taken to exist, as the run's broker XML declares it; a consumer that makes it on first subscribe needs
   * admin on it as well (`create`).
   */
  private explainVirtualTopic(
    user: string,
    groups: string[],
    queue: Destination,
    context: ExplainContext | undefined,
  ): Decision {
    const base = { user, operation: 'virtual-topic' as const, destination: queue, userGroups: groups };
    const vt = virtualTopicOf(queue);
    if (!vt) {
      return {
        ...base,
        allowed: false,
        permission: 'read',
        aclGroups: [],
        matchedEntries: [],
        decidingEntries: [],
        reason: `${formatDestination(queue)} is not a virtual topic's consumer queue (queue://Consumer.<group>.VirtualTopic.<Name>), so no send to a virtual topic reaches it.`,
        caveats: [],
      };
    }
    const topic = formatDestination(vt.topic);
    const send = this.explainDestination(user, groups, vt.topic, 'produce', context);
    const receive = this.explainDestination(user, groups, queue, 'consume', context);
    const failing = !receive.allowed ? receive : !send.allowed ? send : undefined;
    const forwarding = `the broker copies what is sent to ${topic} into ${formatDestination(queue)} without an authorization check (VirtualTopicInterceptor)`;
    const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
    return {
      ...base,
      allowed: failing === undefined,
      permission: failing?.permission ?? 'write',
      aclGroups: [...(failing ?? send).aclGroups],
      matchedEntries: union(send.matchedEntries, receive.matchedEntries),
      decidingEntries: failing ? [] : union(send.decidingEntries, receive.decidingEntries),
      reason: failing
        ? `${user} cannot use the virtual topic ${topic} as consumer group ${vt.group}: it needs write on ${topic} and read on ${formatDestination(queue)}, and ${failing.reason}`
        : `${user} may send to ${topic} and receive on ${formatDestination(queue)} as consumer group ${vt.group}: ${send.reason} ${receive.reason} In between, ${forwarding}.`,
      caveats: union(send.caveats, receive.caveats),
    };
  }

  /** A subscription the wildcard's ACL admits still receives nothing from a matched name the user may not read. */
  private withheldFromWildcard(decision: Decision, groups: string[], receiveFrom: Destination): Decision {
    const lookup = this.lookup(receiveFrom);
    if (!lookup?.acl || grants(lookup.acl.read, groups)) return decision;
    const target = formatDestination(receiveFrom);
    const wildcard = decision.destination ? formatDestination(decision.destination) : 'the wildcard';
    const acl = aclSentence('read', target, lookup.matchedEntries, lookup.acl.read);
    return {
      ...decision,
      allowed: false,
      aclGroups: [...lookup.acl.read],
      matchedEntries: [...lookup.matchedEntries],
      decidingEntries: [],
      reason: `${decision.user} may subscribe to ${wildcard} (${decision.reason.replace(/\.$/, '')}), but the broker leaves ${target} out of the subscription: ${acl}. It says so only at DEBUG (\`Subscription denied for … to destination ${target}: User ${decision.user} is not authorized to read from: ${target}\`), and no message sent to ${target} reaches the subscriber.`,
    };
  }

  private isAnonymous(user: string): boolean {
    return this.anonymousAccessAllowed && user === ANONYMOUS_USER && !this.groupsByUser.has(user);
  }

  /**
   * Connecting as the protocol's default client does: authentication, then what that client does at
   * start. A default JMS connection subscribes to the temporary-destination advisories and needs read on
   * them (the deciding entries are those granting it); engines before 5.19.8 also create the connection
   * advisory topic under the client's identity when it does not exist yet.
   */
  private explainConnect(
    user: string,
    groups: string[],
    destination: Destination | undefined,
    context: ExplainContext | undefined,
  ): Decision {
    const who = this.isAnonymous(user) ? `${user} (anonymous access, group ${this.anonymousGroup})` : user;
    const base = { user, operation: 'connect' as const, destination, userGroups: groups };
    const watch = this.watchesTempAdvisories(context) ? this.lookup(TEMP_DESTINATION_ADVISORIES) : null;
    if (watch?.acl) {
      const readers = watch.acl.read;
      const deciding = watch.contributions.filter((c) => grants(c.acl.read, groups)).map((c) => c.id);
      if (!grants(readers, groups)) {
        const target = formatDestination(TEMP_DESTINATION_ADVISORIES);
        const matched = aclSentence('read', target, watch.matchedEntries, readers);
        return {
          ...base,
          allowed: false,
          permission: 'read',
          aclGroups: [...readers],
          matchedEntries: [...watch.matchedEntries],
          decidingEntries: [],
          reason: `${who} authenticates, but a default JMS connection (watchTopicAdvisories=true) subscribes to ${target} when it starts and needs read on it, and ${matched} (\`User ${user} is not authorized to read from: ${TEMP_DESTINATION_ADVISORIES.name}\`). A client with watchTopicAdvisories=false needs no such read.`,
          caveats: [],
        };
      }
      return this.connectAfterAdvisories(who, base, context, {
        permission: 'read',
        aclGroups: [...readers],
        matchedEntries: [...watch.matchedEntries],
        decidingEntries: deciding,
        note: ` A default JMS connection reads ${formatDestination(TEMP_DESTINATION_ADVISORIES)}, granted through ${list(deciding)}.`,
      });
    }
    return this.connectAfterAdvisories(who, base, context, {
      aclGroups: [],
      matchedEntries: [],
      decidingEntries: [],
      note: ' Connecting needs no destination permission.',
    });
  }

  private connectAfterAdvisories(
    who: string,
    base: Pick<Decision, 'user' | 'operation' | 'destination' | 'userGroups'>,
    context: ExplainContext | undefined,
    found: Pick<Decision, 'permission' | 'aclGroups' | 'matchedEntries' | 'decidingEntries'> & {
      note: string;
    },
  ): Decision {
    const advisory = this.advisoryChecks(base.userGroups, undefined, 'connect', context);
    const blocked = this.advisoryBlocks(advisory, context);
    const { note, ...rest } = found;
    return {
      ...base,
      ...rest,
      allowed: !blocked,
      ...(blocked ? { decidingEntries: [] } : {}),
      reason: blocked
        ? `${who} authenticates, but ${this.advisoryRefusal(base.user, advisory)}.`
        : `${who} authenticates.${note}`,
      caveats: this.advisoryCaveats(base.user, advisory),
    };
  }

  /** A default OpenWire (JMS) client watches the temporary-destination advisories; only with a map is it checked. */
  private watchesTempAdvisories(context: ExplainContext | undefined): boolean {
    return (
      Boolean(this.map) && context?.protocol === 'openwire' && (context.client ?? 'default') === 'default'
    );
  }

  private explainDestination(
    user: string,
    groups: string[],
    destination: Destination,
    operation: DestinationOperation,
    context: ExplainContext | undefined,
  ): Decision {
    const permission = OPERATION_PERMISSION[operation];
    const target = formatDestination(destination);
    const base = { user, operation, destination, permission, userGroups: groups };
    const lookup = this.lookup(destination);
    if (!lookup) {
      return {
        ...base,
        allowed: true,
        aclGroups: [],
        matchedEntries: [],
        decidingEntries: [],
        reason: `There is no authorization map, so every authenticated user may ${operation} ${target}.`,
        caveats: [],
      };
    }
    const advisory = this.advisoryChecks(groups, destination, operation, context);
    const caveats = this.advisoryCaveats(user, advisory);
    if (!lookup.acl) {
      const blocked = this.advisoryBlocks(advisory, context);
      return {
        ...base,
        allowed: !blocked,
        aclGroups: [],
        matchedEntries: [],
        decidingEntries: [],
        reason: blocked
          ? `No tempDestinationAuthorizationEntry, so ${target} itself is unchecked, but ${this.advisoryRefusal(user, advisory)}.`
          : `No tempDestinationAuthorizationEntry, so the broker does not check temporary destinations: any authenticated user may ${operation} ${target}.`,
        caveats,
      };
    }

    const aclGroups = lookup.acl[permission];
    const granted = grants(aclGroups, groups);
    const deciding = granted
      ? lookup.contributions.filter((c) => grants(c.acl[permission], groups)).map((c) => c.id)
      : [];
    const blocked = granted && this.advisoryBlocks(advisory, context);
    const needs = `${operation} needs ${permission}`;
    const matched = aclSentence(permission, target, lookup.matchedEntries, aclGroups);
    let reason: string;
    if (!granted) {
      reason = `${user} (groups ${list(groups)}) may not ${operation} ${target}: ${needs}, and ${matched}.`;
    } else if (blocked) {
      reason = `${user} holds ${permission} on ${target} through ${list(deciding)}, but ${this.advisoryRefusal(user, advisory)}.`;
    } else {
      reason = `${user} may ${operation} ${target}: ${needs}, granted through ${list(deciding)} (${matched}).`;
    }
    return {
      ...base,
      allowed: granted && !blocked,
      aclGroups: [...aclGroups],
      matchedEntries: [...lookup.matchedEntries],
      decidingEntries: blocked ? [] : deciding,
      reason,
      // a denial does not depend on advisories, so the caveat would only mislead
      caveats: granted ? caveats : [],
    };
  }

  /**
   * Request/reply over a temporary queue: create it, receive from it, send to it. Only
   * `tempDestinationAuthorizationEntry` governs temporary destinations (without it the broker checks
   * nothing); it must grant admin, read and write. Engines before 5.19.8 also create advisory topics as
   * the client: `ActiveMQ.Advisory.TempQueue` while nobody made a temporary queue yet, and always the
   * consumer advisory (and, for a producer bound to the queue, the producer advisory) of the new
   * temporary queue, whose name nobody used before.
   */
  private explainRequestReply(user: string, groups: string[], context: ExplainContext | undefined): Decision {
    const destination = REQUEST_REPLY_DESTINATION;
    const base = { user, operation: 'request-reply' as const, destination, userGroups: groups };
    const lookup = this.lookup(destination);
    if (!lookup) {
      return {
        ...base,
        allowed: true,
        permission: 'admin',
        aclGroups: [],
        matchedEntries: [],
        decidingEntries: [],
        reason: `There is no authorization map, so every authenticated user may create, read and write temporary queues.`,
        caveats: [],
      };
    }
    const missing = lookup.acl
      ? REQUEST_REPLY_STEPS.filter((s) => !grants(lookup.acl![s.permission], groups))
      : [];
    const first = missing[0];
    const permission = first?.permission ?? 'admin';
    const aclGroups = lookup.acl ? [...lookup.acl[permission]] : [];
    if (first) {
      const acl = lookup.acl!;
      const lists = REQUEST_REPLY_STEPS.map((s) => `${s.permission} {${list(acl[s.permission])}}`).join(', ');
      return {
        ...base,
        allowed: false,
        permission,
        aclGroups,
        matchedEntries: [...lookup.matchedEntries],
        decidingEntries: [],
        reason: `${user} (groups ${list(groups)}) may not request/reply over a temporary queue: it needs admin (${REQUEST_REPLY_STEPS[0]!.step}), read (${REQUEST_REPLY_STEPS[1]!.step}) and write (${REQUEST_REPLY_STEPS[2]!.step}) from tempDestinationAuthorizationEntry, which grants ${lists}; ${user} lacks ${missing.map((s) => s.permission).join(', ')} (\`User ${user} is not authorized to ${first.verb}: temp-queue://ID:...\`).`,
        caveats: [],
      };
    }
    const granted = lookup.acl
      ? `admin, read and write on temporary destinations, granted through ${TEMP_ENTRY_ID}`
      : 'no tempDestinationAuthorizationEntry, so the broker does not check temporary destinations at all';
    const checks = this.requestReplyAdvisoryChecks(groups, context);
    const exist = context?.advisoryTopicsExist ?? true;
    const blocking = checks.filter((c) => !c.userHasAdmin && (c.fresh || !exist));
    const caveats = this.advisoryCaveats(
      user,
      checks.filter((c) => !c.fresh),
    );
    if (blocking.length > 0) {
      const topics = blocking.map((c) => formatDestination(c.topic));
      return {
        ...base,
        allowed: false,
        permission: 'admin',
        aclGroups: blocking[0]!.adminGroups,
        matchedEntries: [...lookup.matchedEntries],
        decidingEntries: [],
        reason: `${user} has ${granted}, but ${fixedIn(this.rulesEngine)}, and ${list(topics)} (named after the new temporary queue${blocking.some((c) => !c.fresh) ? ', or not made yet' : ''}) does not exist, so ${user} needs admin on it to create it (\`User ${user} is not authorized to create: ${topics[0] ?? ''}\`); grant admin on topic://ActiveMQ.Advisory.> or run 5.19.8 or later.`,
        caveats,
      };
    }
    return {
      ...base,
      allowed: true,
      permission,
      aclGroups,
      matchedEntries: [...lookup.matchedEntries],
      decidingEntries: lookup.acl ? [TEMP_ENTRY_ID] : [],
      reason: `${user} may create a temporary queue, receive from it and send to it: ${granted}.`,
      caveats,
    };
  }

  private requestReplyAdvisoryChecks(
    groups: string[],
    context: ExplainContext | undefined,
  ): Array<AdvisoryCheck & { fresh: boolean }> {
    if (!this.map || !isAdvisoryCreationByUser(this.rulesEngine)) return [];
    const { existing, fresh } = requestReplyAdvisories(context?.protocol);
    const check = (topic: Destination, isFresh: boolean) => {
      const adminGroups = this.lookup(topic)?.acl?.admin ?? [];
      return { topic, adminGroups, userHasAdmin: grants(adminGroups, groups), fresh: isFresh };
    };
    return [...existing.map((t) => check(t, false)), ...fresh.map((t) => check(t, true))];
  }

  /** Admin checks on the advisory topics, only where the engine creates them as the user. */
  private advisoryChecks(
    groups: string[],
    destination: Destination | undefined,
    operation: Operation,
    context: ExplainContext | undefined,
  ): AdvisoryCheck[] {
    if (!this.map || !isAdvisoryCreationByUser(this.rulesEngine)) return [];
    return advisoryTopicsFor(destination, operation, context?.protocol).map((topic) => {
      const adminGroups = this.lookup(topic)?.acl?.admin ?? [];
      return { topic, adminGroups, userHasAdmin: grants(adminGroups, groups) };
    });
  }

  private advisoryBlocks(checks: AdvisoryCheck[], context: ExplainContext | undefined): boolean {
    const exist = context?.advisoryTopicsExist ?? true;
    const atStartup = new Set(context?.startupAdvisoryTopics ?? []);
    return !exist && checks.some((c) => !c.userHasAdmin && !atStartup.has(c.topic.name));
  }

  private advisoryRefusal(user: string, checks: AdvisoryCheck[]): string {
    const missing = checks.filter((c) => !c.userHasAdmin).map((c) => formatDestination(c.topic));
    return `${fixedIn(this.rulesEngine)}, ${list(missing)} does not exist yet and ${user} has no admin on it (\`User ${user} is not authorized to create: ${missing[0] ?? ''}\`)`;
  }

  private advisoryCaveats(user: string, checks: AdvisoryCheck[]): string[] {
    return checks
      .filter((c) => !c.userHasAdmin)
      .map((c) => {
        const topic = formatDestination(c.topic);
        return `${fixedIn(this.rulesEngine)}: ${user} has no admin on ${topic} (admin ACL {${list(c.adminGroups)}}), so this is refused while ${topic} does not exist; it succeeds once a privileged client has caused it to exist.`;
      });
  }
}
