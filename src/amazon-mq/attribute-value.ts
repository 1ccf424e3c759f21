/** Whether an attribute value satisfies an XSD value rule of Amazon MQ's schema (XML Schema 1.0 lexical forms). */
import type { BuiltinValueType, ValueRule } from './allowlist-types';

const INTEGER = /^[+-]?\d+$/;
const DOUBLE = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|-?INF|NaN)$/;
const LONG_RANGE: readonly [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];
const SHORT_RANGE: readonly [bigint, bigint] = [-32768n, 32767n];

function inRange(text: string, [min, max]: readonly [bigint, bigint]): boolean {
  const n = BigInt(text);
  return n >= min && n <= max;
}

function builtinHolds(type: BuiltinValueType, value: string): boolean {
  switch (type) {
    case 'string':
      return true;
    case 'boolean':
      return ['true', 'false', '1', '0'].includes(value);
    case 'integer':
      return INTEGER.test(value);
    case 'long':
      return INTEGER.test(value) && inRange(value, LONG_RANGE);
    case 'short':
      return INTEGER.test(value) && inRange(value, SHORT_RANGE);
    case 'double':
      return DOUBLE.test(value);
  }
}

/** XSD collapses whitespace around non-string values before checking them. */
export function valueHolds(rule: ValueRule, raw: string): boolean {
  const base = typeof rule === 'string' ? rule : rule.base;
  const value = base === 'string' ? raw : raw.trim();
  if (!builtinHolds(base, value)) return false;
  if (typeof rule === 'string') return true;
  if (rule.enumeration && !rule.enumeration.includes(value)) return false;
  const n = Number(value);
  if (rule.minInclusive !== undefined && !(n >= rule.minInclusive)) return false;
  if (rule.maxInclusive !== undefined && !(n <= rule.maxInclusive)) return false;
  return true;
}

/** A short description for messages, e.g. `boolean` or `one of always, periodic, never`. */
export function describeRule(rule: ValueRule): string {
  if (typeof rule === 'string') return rule;
  if (rule.enumeration) return `one of ${rule.enumeration.join(', ')}`;
  const bounds = [
    rule.minInclusive === undefined ? '' : `>= ${rule.minInclusive}`,
    rule.maxInclusive === undefined ? '' : `<= ${rule.maxInclusive}`,
  ].filter(Boolean);
  return bounds.length ? `${rule.base} ${bounds.join(' and ')}` : rule.base;
}
