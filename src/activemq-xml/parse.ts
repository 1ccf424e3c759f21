/**
 * activemq.xml -> users, authorization map and declared destinations, each with its source position.
 * Reads three shapes: Amazon MQ configurations (`<broker>` root), ActiveMQ's own activemq.xml (Spring
 * `<beans>` root with `<broker>` inside) and a bare `<authorizationPlugin>` fragment. Elements are matched
 * by local name, so the ActiveMQ namespace may be default, prefixed or missing.
 */
import type { Element } from '@xmldom/xmldom';
import { PolicyError, type SourceLocation } from '../core/errors';
import { Secret } from '../core/secret';
import type {
  AclWithLocation,
  AuthorizationEntry,
  AuthorizationMap,
  Destination,
  Diagnostic,
} from '../core/types';
import { entryId } from './entry-id';
import { PlaceholderResolver } from './placeholders';

/** simpleAuthenticationPlugin's anonymousUser and anonymousGroup when the XML does not set them. */
export const ANONYMOUS_DEFAULT = 'anonymous';
import {
  attribute,
  attributeNames,
  childElements,
  findElement,
  firstChildElement,
  locationOf,
  parseXmlDocument,
} from './xml-document';

export interface ParsedUser {
  username: string;
  password: Secret;
  groups: string[];
  location: SourceLocation;
}

export interface ParsedBrokerXml {
  authorization: AuthorizationMap | null;
  /** null when the file has no simpleAuthenticationPlugin */
  users: ParsedUser[] | null;
  anonymousAccessAllowed: boolean;
  /** the identity simpleAuthenticationPlugin gives a client without credentials (its defaults: anonymous) */
  anonymousUser: string;
  anonymousGroup: string;
  /** `name` of every transportConnector (Amazon MQ accepts only `openwire`) */
  connectorNames: string[];
  /** a JAAS authentication plugin is configured (Amazon MQ has none) */
  jaas: boolean;
  /** the release an `activemq-core-X.Y.Z.xsd` schemaLocation names, when it names one */
  schemaVersion?: string;
  destinations: Destination[];
  brokerName?: string;
  diagnostics: Diagnostic[];
}

/** Diagnostic codes this parser emits. */
export const XML_DIAGNOSTIC = {
  ENTRY_BOTH_TYPES: 'xml-entry-both-queue-and-topic',
  ENTRY_NO_DESTINATION: 'xml-entry-without-destination',
  ENTRY_EMPTY_PATTERN: 'xml-entry-empty-pattern',
  TEMP_ATTRIBUTE: 'xml-entry-temp-attribute',
  PLACEHOLDER: 'xml-placeholder',
  UNRESOLVED_PLACEHOLDER: 'xml-unresolved-placeholder',
  UNKNOWN_ATTRIBUTE: 'xml-unknown-attribute',
  UNKNOWN_ELEMENT: 'xml-unknown-element',
  JAAS_AUTHENTICATION: 'xml-jaas-authentication',
  UNSUPPORTED_AUTHORIZATION_MAP: 'xml-unsupported-authorization-map',
  MISSING_AUTHORIZATION_MAP: 'xml-missing-authorization-map',
  DUPLICATE_PLUGIN: 'xml-duplicate-plugin',
  INVALID_USER: 'xml-invalid-user',
  INVALID_BOOLEAN: 'xml-invalid-boolean',
  INVALID_DESTINATION: 'xml-invalid-destination',
} as const;

const ENTRY_ATTRIBUTES = new Set(['queue', 'topic', 'read', 'write', 'admin', 'tempQueue', 'tempTopic']);
const ACL_ATTRIBUTES = new Set(['read', 'write', 'admin']);
const JAAS_PLUGINS = new Set([
  'jaasAuthenticationPlugin',
  'jaasCertificateAuthenticationPlugin',
  'jaasDualAuthenticationPlugin',
]);
const PLACEHOLDER = /\$\{[^}]*\}/;

/** Parses a broker XML; throws PolicyError when it is not well-formed or has no broker configuration. */
export function parseBrokerXml(
  text: string,
  file: string,
  resolver: PlaceholderResolver = new PlaceholderResolver([], {}),
): ParsedBrokerXml {
  const root = parseXmlDocument(text, file).documentElement;
  if (!root)
    throw new PolicyError('the file has no root element', { location: { file, line: 1, column: 1 } });
  return new BrokerXmlReader(file, resolver).read(root);
}

/** `activemq-core-5.18.3.xsd` in a schemaLocation names the release the file was written for. */
function schemaVersionOf(root: Element): string | undefined {
  for (const el of [root, findElement(root, 'broker')]) {
    const location = el
      ? (attribute(el, 'xsi:schemaLocation') ?? attribute(el, 'schemaLocation'))
      : undefined;
    const m = location ? /activemq-core-(\d+\.\d+\.\d+)\.xsd/.exec(location) : null;
    if (m) return m[1];
  }
  return undefined;
}

/** Document order, so a reader can work through the file from the top. */
function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0)
  );
}

class BrokerXmlReader {
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly resolver: PlaceholderResolver,
  ) {}

  read(root: Element): ParsedBrokerXml {
    const broker = findElement(root, 'broker');
    const plugins = broker ? this.pluginsOf(broker) : this.pluginsOfFragment(root);
    const authentication = this.single(plugins, 'simpleAuthenticationPlugin');
    const authorization = this.single(plugins, 'authorizationPlugin');
    let jaas = false;
    for (const plugin of plugins) {
      if (JAAS_PLUGINS.has(plugin.localName ?? '')) {
        jaas = true;
        this.diagnose(plugin, 'warning', XML_DIAGNOSTIC.JAAS_AUTHENTICATION, {
          message: `${plugin.localName} takes users and groups from JAAS login modules, not from this file`,
          hint: 'list the users and their groups in the policy file or a users file',
        });
      }
    }
    const brokerName = broker ? this.value(broker, 'brokerName') : undefined;
    return {
      authorization: authorization ? this.readAuthorizationPlugin(authorization) : null,
      users: authentication ? this.readUsers(authentication) : null,
      anonymousAccessAllowed: authentication ? this.readAnonymousAccess(authentication) : false,
      anonymousUser: (authentication && this.value(authentication, 'anonymousUser')) || ANONYMOUS_DEFAULT,
      anonymousGroup: (authentication && this.value(authentication, 'anonymousGroup')) || ANONYMOUS_DEFAULT,
      connectorNames: broker ? this.connectorNames(broker) : [],
      jaas,
      ...(schemaVersionOf(root) ? { schemaVersion: schemaVersionOf(root) } : {}),
      destinations: broker ? this.readDestinations(broker) : [],
      ...(brokerName === undefined ? {} : { brokerName }),
      diagnostics: this.diagnostics.sort(byPosition),
    };
  }

  private connectorNames(broker: Element): string[] {
    return childElements(broker, 'transportConnectors').flatMap((list) =>
      childElements(list, 'transportConnector').map((c) => this.value(c, 'name') ?? '(unnamed)'),
    );
  }

  private pluginsOf(broker: Element): Element[] {
    return childElements(broker, 'plugins').flatMap((plugins) => childElements(plugins));
  }

  /** A file holding only `<plugins>` or `<authorizationPlugin>`, e.g. the output of `generate`. */
  private pluginsOfFragment(root: Element): Element[] {
    if (root.localName === 'plugins') return childElements(root);
    if (root.localName === 'authorizationPlugin' || root.localName === 'simpleAuthenticationPlugin')
      return [root];
    throw new PolicyError(`no <broker> element: the root element is <${root.tagName}>`, {
      location: locationOf(root, this.file),
      hint: 'give an activemq.xml (Spring <beans> with <broker>), an Amazon MQ configuration (<broker> root) or an <authorizationPlugin> element',
    });
  }

  private single(plugins: Element[], localName: string): Element | undefined {
    const found = plugins.filter((p) => p.localName === localName);
    for (const extra of found.slice(1)) {
      this.diagnose(extra, 'warning', XML_DIAGNOSTIC.DUPLICATE_PLUGIN, {
        message: `a second <${localName}> is ignored; only the first one is read`,
        hint: 'keep one plugin of each kind',
      });
    }
    return found[0];
  }

  private readAuthorizationPlugin(plugin: Element): AuthorizationMap | null {
    const holder = firstChildElement(plugin, 'map');
    const map = holder ? childElements(holder)[0] : undefined;
    if (!map) {
      this.diagnose(plugin, 'error', XML_DIAGNOSTIC.MISSING_AUTHORIZATION_MAP, {
        message: '<authorizationPlugin> has no <map><authorizationMap>',
        hint: 'put the entries in <authorizationPlugin><map><authorizationMap>',
      });
      return null;
    }
    if (map.localName !== 'authorizationMap') {
      this.diagnose(map, 'error', XML_DIAGNOSTIC.UNSUPPORTED_AUTHORIZATION_MAP, {
        message: `<${map.localName}> is not supported; only <authorizationMap> can be checked`,
        hint: 'write the rules as an <authorizationMap> with <authorizationEntries>',
      });
      return null;
    }
    return this.readAuthorizationMap(map);
  }

  private readAuthorizationMap(map: Element): AuthorizationMap {
    const result: AuthorizationMap = { entries: [] };
    const ids = new Set<string>();
    for (const child of childElements(map)) {
      switch (child.localName) {
        case 'authorizationEntries':
          for (const entryElement of childElements(child)) {
            const entry = this.readEntry(entryElement, ids);
            if (entry) {
              ids.add(entry.id);
              result.entries.push(entry);
            }
          }
          break;
        case 'defaultEntry': {
          const acl = this.readWrappedAcl(child);
          if (acl) result.defaultEntry = acl;
          break;
        }
        case 'tempDestinationAuthorizationEntry': {
          const acl = this.readWrappedAcl(child);
          if (acl) result.tempDestinationEntry = acl;
          break;
        }
        default:
          this.unknownElement(child, 'authorizationMap');
      }
    }
    return result;
  }

  private readEntry(el: Element, ids: ReadonlySet<string>): AuthorizationEntry | null {
    if (el.localName !== 'authorizationEntry') {
      this.unknownElement(el, 'authorizationEntries');
      return null;
    }
    this.checkAttributes(el, ENTRY_ATTRIBUTES);
    const hasTempAttribute = this.warnTempAttributes(el);
    const queue = this.value(el, 'queue');
    const topic = this.value(el, 'topic');
    if (queue !== undefined && topic !== undefined) {
      this.diagnose(el, 'error', XML_DIAGNOSTIC.ENTRY_BOTH_TYPES, {
        message: 'authorizationEntry has both queue and topic; it is left out',
        hint: 'split it into one entry with queue="..." and one with topic="..."',
      });
      return null;
    }
    if (queue === undefined && topic === undefined) {
      // An entry naming only a temporary destination already got its warning; it is no queue/topic rule.
      if (!hasTempAttribute) {
        this.diagnose(el, 'error', XML_DIAGNOSTIC.ENTRY_NO_DESTINATION, {
          message: 'authorizationEntry has neither queue nor topic; it is left out',
          hint: 'add queue="PATTERN" or topic="PATTERN"',
        });
      }
      return null;
    }
    const type = queue !== undefined ? 'queue' : 'topic';
    const pattern = (queue ?? topic) as string;
    if (pattern.length === 0) {
      this.diagnose(el, 'error', XML_DIAGNOSTIC.ENTRY_EMPTY_PATTERN, {
        message: `authorizationEntry has an empty ${type} pattern; it is left out`,
        hint: 'give a destination name or wildcard, e.g. ORDERS.> or >',
      });
      return null;
    }
    return { id: entryId(type, pattern, ids), type, pattern, ...this.readAcl(el) };
  }

  /** `<defaultEntry>` and `<tempDestinationAuthorizationEntry>` each wrap one entry element. */
  private readWrappedAcl(wrapper: Element): AclWithLocation | null {
    const [inner, ...rest] = childElements(wrapper);
    for (const extra of rest) this.unknownElement(extra, wrapper.localName ?? 'entry');
    if (!inner) return null;
    this.checkAttributes(inner, ACL_ATTRIBUTES);
    return this.readAcl(inner);
  }

  private readAcl(el: Element): AclWithLocation {
    return {
      read: this.groups(el, 'read'),
      write: this.groups(el, 'write'),
      admin: this.groups(el, 'admin'),
      location: locationOf(el, this.file),
    };
  }

  private warnTempAttributes(el: Element): boolean {
    const present = ['tempQueue', 'tempTopic'].filter((name) => el.hasAttribute(name));
    if (present.length > 0) {
      this.diagnose(el, 'warning', XML_DIAGNOSTIC.TEMP_ATTRIBUTE, {
        message: `${present.join(' and ')} on an authorizationEntry does not govern temporary destinations`,
        hint: 'only <tempDestinationAuthorizationEntry> controls temporary queues and topics; move the groups there',
      });
    }
    return present.length > 0;
  }

  private readUsers(plugin: Element): ParsedUser[] {
    const users: ParsedUser[] = [];
    for (const list of childElements(plugin, 'users')) {
      for (const el of childElements(list)) {
        if (el.localName !== 'authenticationUser') {
          this.unknownElement(el, 'users');
          continue;
        }
        const user = this.readUser(el);
        if (user) users.push(user);
      }
    }
    return users;
  }

  private readUser(el: Element): ParsedUser | null {
    this.checkAttributes(el, new Set(['username', 'password', 'groups']));
    const username = this.value(el, 'username');
    const password = this.secretValue(el, 'password');
    if (!username) {
      this.diagnose(el, 'error', XML_DIAGNOSTIC.INVALID_USER, {
        message: 'authenticationUser without a username is left out',
        hint: 'add username="..."',
      });
      return null;
    }
    if (password === undefined) {
      this.diagnose(el, 'error', XML_DIAGNOSTIC.INVALID_USER, {
        message: `user ${username} has no password and is left out`,
        hint: 'add password="..."',
      });
      return null;
    }
    return {
      username,
      password: new Secret(password),
      groups: this.groups(el, 'groups'),
      location: locationOf(el, this.file),
    };
  }

  /** Spring's boolean conversion accepts true/false, on/off, yes/no and 1/0, in any case. */
  private readAnonymousAccess(plugin: Element): boolean {
    const raw = this.value(plugin, 'anonymousAccessAllowed');
    if (raw === undefined) return false;
    const normalized = raw.trim().toLowerCase();
    if (['true', 'on', 'yes', '1'].includes(normalized)) return true;
    if (['false', 'off', 'no', '0'].includes(normalized)) return false;
    if (!PLACEHOLDER.test(raw)) {
      this.diagnose(plugin, 'error', XML_DIAGNOSTIC.INVALID_BOOLEAN, {
        message: `anonymousAccessAllowed="${raw}" is not a boolean; read as false`,
        hint: 'write anonymousAccessAllowed="true" or "false"',
      });
    }
    return false;
  }

  private readDestinations(broker: Element): Destination[] {
    const destinations: Destination[] = [];
    for (const list of childElements(broker, 'destinations')) {
      for (const el of childElements(list)) {
        const kind = el.localName;
        if (kind !== 'queue' && kind !== 'topic') {
          this.diagnose(el, 'info', XML_DIAGNOSTIC.UNKNOWN_ELEMENT, {
            message: `<${el.localName}> in <destinations> is ignored; only queues and topics are pre-created`,
          });
          continue;
        }
        const name = this.value(el, 'physicalName');
        if (!name) {
          this.diagnose(el, 'error', XML_DIAGNOSTIC.INVALID_DESTINATION, {
            message: `<${kind}> in <destinations> has no physicalName; it is left out`,
            hint: `write <${kind} physicalName="NAME"/>`,
          });
          continue;
        }
        destinations.push({ kind, name });
      }
    }
    return destinations;
  }

  /** ActiveMQ splits group lists on commas and trims each name; empty names never match a user. */
  private groups(el: Element, name: string): string[] {
    const raw = this.value(el, name);
    if (raw === undefined) return [];
    return raw
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g.length > 0);
  }

  /** An attribute value, with a warning when it is a `${...}` placeholder (never for passwords). */
  /**
   * An attribute with its `${...}` placeholders resolved as the broker's Spring context would (the
   * --properties files, then the environment, then `${name:default}`). One it cannot resolve is an error
   * naming the key, since the broker would not start; the text is kept as written.
   */
  private value(el: Element, name: string): string | undefined {
    return this.resolvedAttribute(el, name, false);
  }

  /** Like value(), for a password: the resolved secret never appears in a message, only where it came from. */
  private secretValue(el: Element, name: string): string | undefined {
    return this.resolvedAttribute(el, name, true);
  }

  private resolvedAttribute(el: Element, name: string, secret: boolean): string | undefined {
    const raw = attribute(el, name);
    if (raw === undefined || !PlaceholderResolver.holdsPlaceholder(raw)) return raw;
    const resolved = this.resolver.resolve(raw);
    const what = secret ? `${name} on <${el.localName}>` : `${name}="${raw}" on <${el.localName}>`;
    if (resolved.unresolved.length > 0) {
      const keys = resolved.unresolved.map((k) => `\${${k}}`).join(', ');
      this.diagnose(el, 'error', XML_DIAGNOSTIC.UNRESOLVED_PLACEHOLDER, {
        message: secret
          ? `${what} is ${raw}, with no value for ${keys}; the broker would not start`
          : `${what}: no value for ${keys}; the broker would not start, and the text is read literally`,
        hint: `pass the properties file the broker loads (e.g. --properties conf/credentials.properties), set the environment variable${secret ? '' : ', or write ${name:default}'}`,
      });
      return raw;
    }
    this.diagnose(el, 'info', XML_DIAGNOSTIC.PLACEHOLDER, {
      message: `${what} resolved from ${[...new Set(resolved.sources)].join(', ') || 'its default'}`,
    });
    return resolved.value;
  }

  private checkAttributes(el: Element, known: ReadonlySet<string>): void {
    for (const name of attributeNames(el)) {
      if (!known.has(name)) {
        this.diagnose(el, 'warning', XML_DIAGNOSTIC.UNKNOWN_ATTRIBUTE, {
          message: `attribute ${name} on <${el.localName}> is not understood by the harness and is ignored`,
          hint: `the harness reads only ${[...known].join(', ')} here`,
        });
      }
    }
  }

  private unknownElement(el: Element, parent: string): void {
    this.diagnose(el, 'warning', XML_DIAGNOSTIC.UNKNOWN_ELEMENT, {
      message: `<${el.localName}> inside <${parent}> is not understood by the harness and is ignored`,
    });
  }

  private diagnose(
    el: Element,
    severity: Diagnostic['severity'],
    code: string,
    text: { message: string; hint?: string },
  ): void {
    this.diagnostics.push({ severity, code, ...text, location: locationOf(el, this.file) });
  }
}
