/**
 * What Amazon MQ keeps of a broker configuration, per engine version, as derived from its XSD: for each
 * element the attributes it may carry (with their value rules) and the child elements it may hold.
 * Global elements are keyed by name (`authorizationEntry`); elements declared inline inside another are
 * keyed by a path (`broker/plugins`), because the same local name means different things in different
 * places.
 */

/** XSD built-in types Amazon MQ's schemas use for attribute values. */
export type BuiltinValueType = 'string' | 'boolean' | 'integer' | 'long' | 'short' | 'double';

export interface RestrictedValueType {
  base: BuiltinValueType;
  enumeration?: string[];
  minInclusive?: number;
  maxInclusive?: number;
}

export type ValueRule = BuiltinValueType | RestrictedValueType;

export interface ElementRule {
  attributes: Record<string, ValueRule>;
  /** child local name -> key of its rule in `AllowList.elements` */
  children: Record<string, string>;
  /** `xs:any` in the content model: `##any` admits any element, `##other` any outside the core namespace */
  any?: '##any' | '##other';
}

export interface AllowList {
  /** the engine version the XSD is for, e.g. `5.18.4` */
  version: string;
  /** the XSD file the list was derived from */
  source: string;
  /** names of the global elements (valid roots of a configuration fragment) */
  globals: string[];
  elements: Record<string, ElementRule>;
}
