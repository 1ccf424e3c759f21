/**
 * What Amazon MQ would keep of a broker configuration: everything its XSD for the engine version does not
 * allow is removed with a warning, `${...}` values are removed (Amazon MQ does not resolve Spring
 * placeholders), and a transport connector named anything but `openwire` makes it reject the revision.
 * The warning codes are Amazon MQ's own (BROKER-FACTS.md, "Amazon MQ for ActiveMQ").
 */
import { XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import type { SourceLocation } from '../core/errors';
import { ACTIVEMQ_CORE_NAMESPACE } from '../activemq-xml/namespaces';
import {
  attributeNames,
  childElements,
  findElement,
  locationOf,
  parseXmlDocument,
} from '../activemq-xml/xml-document';
import type { AllowList, ElementRule } from './allowlist-types';
import { allowListFor } from './allowlists';
import { describeRule, valueHolds } from './attribute-value';

export const SANITIZE_WARNING = {
  DISALLOWED_ELEMENT_REMOVED: 'DISALLOWED_ELEMENT_REMOVED',
  DISALLOWED_ATTRIBUTE_REMOVED: 'DISALLOWED_ATTRIBUTE_REMOVED',
  INVALID_ATTRIBUTE_VALUE_REMOVED: 'INVALID_ATTRIBUTE_VALUE_REMOVED',
  PLACEHOLDER_VALUE_REMOVED: 'PLACEHOLDER_VALUE_REMOVED',
  BROKER_NOT_ROOT: 'BROKER_NOT_ROOT',
} as const;
export type SanitizeWarningCode = (typeof SANITIZE_WARNING)[keyof typeof SANITIZE_WARNING];

export const SANITIZE_ERROR = {
  TRANSPORT_CONNECTOR_REJECTED: 'TRANSPORT_CONNECTOR_REJECTED',
  NOT_A_BROKER_CONFIGURATION: 'NOT_A_BROKER_CONFIGURATION',
} as const;
export type SanitizeErrorCode = (typeof SANITIZE_ERROR)[keyof typeof SANITIZE_ERROR];

export interface SanitizeIssue<C extends string> {
  code: C;
  message: string;
  location: SourceLocation;
  /** path of local names from the configuration root, e.g. `broker/plugins/simpleAuthenticationPlugin` */
  element: string;
  attribute?: string;
}
export type SanitizeWarning = SanitizeIssue<SanitizeWarningCode>;
export type SanitizeError = SanitizeIssue<SanitizeErrorCode>;

export interface SanitizeResult {
  /** the configuration as Amazon MQ would keep it; meaningless when `errors` is not empty */
  xml: string;
  warnings: SanitizeWarning[];
  /** reasons Amazon MQ would refuse the revision outright */
  errors: SanitizeError[];
  /** the XSD version the check used, and whether it is of the engine's own `major.minor` line */
  schemaVersion: string;
  exactSchema: boolean;
}

/** Amazon MQ returns at most this many warnings per revision; the harness reports all of them. */
export const AMAZON_MQ_MAX_RETURNED_WARNINGS = 20;

const AUTHENTICATION_PLUGINS = new Set([
  'simpleAuthenticationPlugin',
  'jaasAuthenticationPlugin',
  'jaasCertificateAuthenticationPlugin',
  'jaasDualAuthenticationPlugin',
]);
const PLACEHOLDER = /\$\{[^}]*\}/;
const ONLY_CONNECTOR_NAME = 'openwire';
const TEXT_NODE = 3;

function isSensitive(attributeName: string): boolean {
  return /password/i.test(attributeName);
}

/** Removes the element and the indentation before it, so the output stays readable. */
function removeElement(el: Element): void {
  const before: Node | null = el.previousSibling;
  if (before && before.nodeType === TEXT_NODE && (before.nodeValue ?? '').trim() === '') {
    before.parentNode?.removeChild(before);
  }
  el.parentNode?.removeChild(el);
}

class Sanitizer {
  readonly warnings: SanitizeWarning[] = [];
  readonly errors: SanitizeError[] = [];

  constructor(
    private readonly allowList: AllowList,
    private readonly file: string,
  ) {}

  /** Returns the element Amazon MQ's configuration consists of, or null when there is none. */
  configurationRoot(doc: Document): { root: Element; key: string } | null {
    const top = doc.documentElement;
    if (!top) return null;
    if (top.localName === 'broker') return { root: top, key: 'broker' };
    const broker = findElement(top, 'broker');
    if (broker) {
      this.warn(SANITIZE_WARNING.BROKER_NOT_ROOT, broker, 'broker', {
        message: `Amazon MQ's configuration is the <broker> element itself; the <${top.tagName}> around it is not part of it`,
      });
      return { root: broker, key: 'broker' };
    }
    // A fragment such as <authorizationPlugin> is checked as the global element it is.
    if (top.localName && this.allowList.globals.includes(top.localName))
      return { root: top, key: top.localName };
    this.errors.push({
      code: SANITIZE_ERROR.NOT_A_BROKER_CONFIGURATION,
      message: `no <broker> element: the root element is <${top.tagName}>`,
      location: locationOf(top, this.file),
      element: top.localName ?? top.tagName,
    });
    return null;
  }

  visit(el: Element, key: string, path: string): void {
    const rule = this.allowList.elements[key];
    if (!rule) throw new Error(`allow-list ${this.allowList.version} has no rule ${key}`);
    this.checkAttributes(el, rule, path);
    for (const child of childElements(el)) {
      const name = child.localName ?? child.tagName;
      const childPath = `${path}/${name}`;
      const childKey = rule.children[name];
      const inCore = child.namespaceURI === null || child.namespaceURI === ACTIVEMQ_CORE_NAMESPACE;
      if (childKey && inCore) {
        this.visit(child, childKey, childPath);
      } else if (rule.any === '##any' || (rule.any === '##other' && !inCore)) {
        continue;
      } else {
        this.warn(SANITIZE_WARNING.DISALLOWED_ELEMENT_REMOVED, child, childPath, {
          message: AUTHENTICATION_PLUGINS.has(name)
            ? `<${name}> is removed: Amazon MQ takes users and groups from its API, not from the configuration`
            : `<${name}> is not allowed inside <${el.localName}> by Amazon MQ ${this.allowList.version} and is removed`,
        });
        removeElement(child);
      }
    }
  }

  private checkAttributes(el: Element, rule: ElementRule, path: string): void {
    for (const name of attributeNames(el)) {
      const value = el.getAttribute(name) ?? '';
      const shown = isSensitive(name) ? '' : `="${value}"`;
      const valueRule = rule.attributes[name];
      if (el.localName === 'transportConnector' && name === 'name' && value !== ONLY_CONNECTOR_NAME) {
        this.errors.push({
          code: SANITIZE_ERROR.TRANSPORT_CONNECTOR_REJECTED,
          message: `transportConnector name="${value}" is rejected: Amazon MQ accepts only name="${ONLY_CONNECTOR_NAME}" and manages the other connectors itself`,
          location: locationOf(el, this.file),
          element: path,
          attribute: name,
        });
        continue;
      }
      if (valueRule === undefined) {
        this.warn(SANITIZE_WARNING.DISALLOWED_ATTRIBUTE_REMOVED, el, path, {
          message: `attribute ${name}${shown} is not allowed on <${el.localName}> by Amazon MQ ${this.allowList.version} and is removed`,
          attribute: name,
        });
      } else if (PLACEHOLDER.test(value)) {
        this.warn(SANITIZE_WARNING.PLACEHOLDER_VALUE_REMOVED, el, path, {
          message: `attribute ${name}${shown} on <${el.localName}> is a \${...} placeholder, which Amazon MQ does not resolve; it is removed`,
          attribute: name,
        });
      } else if (!valueHolds(valueRule, value)) {
        this.warn(SANITIZE_WARNING.INVALID_ATTRIBUTE_VALUE_REMOVED, el, path, {
          message: `attribute ${name}${shown} on <${el.localName}> is not ${describeRule(valueRule)} and is removed`,
          attribute: name,
        });
      } else {
        continue;
      }
      el.removeAttribute(name);
    }
  }

  private warn(
    code: SanitizeWarningCode,
    el: Element,
    path: string,
    detail: { message: string; attribute?: string },
  ): void {
    this.warnings.push({ code, location: locationOf(el, this.file), element: path, ...detail });
  }
}

/**
 * The configuration as Amazon MQ would keep it for `engineVersion` (`5.18`, `5.18.4`, ...), with a
 * warning per removal. Throws PolicyError when the text is not well-formed XML.
 */
export function sanitizeForAmazonMq(
  xmlText: string,
  engineVersion: string,
  file = 'configuration.xml',
): SanitizeResult {
  const { allowList, exact } = allowListFor(engineVersion);
  const doc = parseXmlDocument(xmlText, file);
  const sanitizer = new Sanitizer(allowList, file);
  const found = sanitizer.configurationRoot(doc);
  let xml = '';
  if (found) {
    sanitizer.visit(found.root, found.key, found.root.localName ?? found.key);
    xml = `${new XMLSerializer().serializeToString(found.root)}\n`;
  }
  const byPosition = (a: { location: SourceLocation }, b: { location: SourceLocation }) =>
    a.location.line - b.location.line || a.location.column - b.location.column;
  return {
    xml,
    warnings: sanitizer.warnings.sort(byPosition),
    errors: sanitizer.errors.sort(byPosition),
    schemaVersion: allowList.version,
    exactSchema: exact,
  };
}
