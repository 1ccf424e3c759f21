/**
 * Amazon MQ XSD -> AllowList. Handles exactly the XSD constructs Amazon MQ's schemas use: global
 * `xs:element`s with inline `xs:complexType`, nested `xs:choice`/`xs:sequence`, `xs:element ref=`,
 * inline local elements, `xs:any`, `xs:attribute` typed by a built-in, by a named `xs:simpleType` or by
 * an inline one (`xs:restriction` with enumerations or inclusive bounds). Anything else is an error, so
 * a new construct in a future schema cannot be silently misread.
 */
import type { Element } from '@xmldom/xmldom';
import { PolicyError } from '../core/errors';
import { attribute, childElements, locationOf, parseXmlDocument } from '../activemq-xml/xml-document';
import type {
  AllowList,
  BuiltinValueType,
  ElementRule,
  RestrictedValueType,
  ValueRule,
} from './allowlist-types';

const BUILTINS: ReadonlySet<string> = new Set(['string', 'boolean', 'integer', 'long', 'short', 'double']);
/** Constraints that say nothing about which elements or attributes are allowed. */
const IGNORED_IN_ELEMENT = new Set(['key', 'unique', 'annotation']);

function localPart(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

class XsdReader {
  private readonly simpleTypes = new Map<string, ValueRule>();
  private readonly elements: Record<string, ElementRule> = {};

  constructor(private readonly file: string) {}

  read(schema: Element, version: string): AllowList {
    const globals = childElements(schema, 'element');
    for (const st of childElements(schema, 'simpleType')) {
      const name = this.required(st, 'name');
      this.simpleTypes.set(name, this.restriction(st));
    }
    for (const el of globals) this.defineElement(this.required(el, 'name'), el);
    return {
      version,
      source: this.file,
      globals: globals.map((g) => this.required(g, 'name')).sort(),
      elements: sortedRecord(this.elements),
    };
  }

  private defineElement(key: string, el: Element): void {
    const rule: ElementRule = { attributes: {}, children: {} };
    this.elements[key] = rule;
    for (const child of childElements(el)) {
      if (child.localName === 'complexType') this.readComplexType(key, child, rule);
      else if (!IGNORED_IN_ELEMENT.has(child.localName ?? '')) this.unexpected(child);
    }
    rule.attributes = sortedRecord(rule.attributes);
    rule.children = sortedRecord(rule.children);
  }

  private readComplexType(key: string, type: Element, rule: ElementRule): void {
    for (const part of childElements(type)) {
      switch (part.localName) {
        case 'attribute':
          rule.attributes[this.required(part, 'name')] = this.attributeType(part);
          break;
        case 'choice':
        case 'sequence':
          this.readParticles(key, part, rule);
          break;
        default:
          this.unexpected(part);
      }
    }
  }

  private readParticles(key: string, group: Element, rule: ElementRule): void {
    for (const particle of childElements(group)) {
      switch (particle.localName) {
        case 'choice':
        case 'sequence':
          this.readParticles(key, particle, rule);
          break;
        case 'any':
          rule.any = attribute(particle, 'namespace') === '##other' ? '##other' : '##any';
          break;
        case 'element': {
          const ref = attribute(particle, 'ref');
          if (ref !== undefined) {
            rule.children[localPart(ref)] = localPart(ref);
          } else {
            const name = this.required(particle, 'name');
            const childKey = `${key}/${name}`;
            rule.children[name] = childKey;
            this.defineElement(childKey, particle);
          }
          break;
        }
        default:
          this.unexpected(particle);
      }
    }
  }

  private attributeType(attr: Element): ValueRule {
    const type = attribute(attr, 'type');
    if (type !== undefined) return this.namedType(type, attr);
    const inline = childElements(attr, 'simpleType')[0];
    if (!inline) return 'string';
    return this.restriction(inline);
  }

  private namedType(qname: string, at: Element): ValueRule {
    const name = localPart(qname);
    if (qname.startsWith('xs:') && BUILTINS.has(name)) return name as BuiltinValueType;
    const named = this.simpleTypes.get(name);
    if (!named) this.fail(at, `unknown type ${qname}`);
    return named;
  }

  private restriction(simpleType: Element): RestrictedValueType {
    const restriction = childElements(simpleType, 'restriction')[0];
    if (!restriction) this.fail(simpleType, 'simpleType without restriction');
    const base = this.namedType(this.required(restriction, 'base'), restriction);
    if (typeof base !== 'string') this.fail(restriction, 'restriction of a restricted type');
    const result: RestrictedValueType = { base };
    for (const facet of childElements(restriction)) {
      const value = this.required(facet, 'value');
      switch (facet.localName) {
        case 'enumeration':
          (result.enumeration ??= []).push(value);
          break;
        case 'minInclusive':
          result.minInclusive = Number(value);
          break;
        case 'maxInclusive':
          result.maxInclusive = Number(value);
          break;
        default:
          this.unexpected(facet);
      }
    }
    return result;
  }

  private required(el: Element, name: string): string {
    const value = attribute(el, name);
    if (value === undefined) this.fail(el, `<${el.tagName}> without ${name}`);
    return value;
  }

  private unexpected(el: Element): never {
    this.fail(el, `XSD construct <${el.tagName}> is not supported by the allow-list extraction`);
  }

  private fail(el: Element, message: string): never {
    throw new PolicyError(message, {
      location: locationOf(el, this.file),
      hint: 'extend src/amazon-mq/xsd-allowlist.ts for this construct before regenerating the allow-lists',
    });
  }
}

/** Derives the allow-list of one engine version from the text of Amazon MQ's XSD for it. */
export function allowListFromXsd(xsdText: string, file: string, version: string): AllowList {
  const schema = parseXmlDocument(xsdText, file).documentElement;
  if (!schema || schema.localName !== 'schema') {
    throw new PolicyError('not an XML Schema: the root element is not <xs:schema>', {
      location: { file, line: 1, column: 1 },
    });
  }
  return new XsdReader(file).read(schema, version);
}

/** `amazon-mq-active-mq-5.18.4.xsd` -> `5.18.4`; null for other file names. */
export function xsdVersion(fileName: string): string | null {
  const match = /^amazon-mq-active-mq-(\d+\.\d+\.\d+)\.xsd$/.exec(fileName);
  return match ? (match[1] ?? null) : null;
}
