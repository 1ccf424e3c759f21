/** Turns zod issues into PolicyErrors located in the source file, with a hint each. */
import type { z } from 'zod';
import { PolicyError } from '../core/errors';
import { OPERATIONS, PROTOCOLS } from '../core/types';
import { closestMatch } from './did-you-mean';
import { parseEngine } from './engine';
import type { Path, YamlSource } from './yaml-source';

type Issue = z.core.$ZodIssue;

interface SchemaDef {
  type?: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
}

function defOf(schema: unknown): SchemaDef {
  const def = (schema as { def?: SchemaDef } | undefined)?.def;
  return def ?? {};
}

/** The keys an object schema accepts at `path`, to suggest the one a misspelt key meant. */
export function knownKeysAt(schema: unknown, path: Path): string[] {
  let current: unknown = schema;
  const unwrap = (): void => {
    for (;;) {
      const def = defOf(current);
      if (def.innerType !== undefined) current = def.innerType;
      else if (def.type === 'pipe' && def.in !== undefined) current = def.in;
      else return;
    }
  };
  unwrap();
  for (const seg of path) {
    const def = defOf(current);
    if (def.type === 'object' && typeof seg === 'string' && def.shape) current = def.shape[seg];
    else if (def.type === 'array' && typeof seg === 'number') current = def.element;
    else return [];
    unwrap();
  }
  const def = defOf(current);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function describeJsType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function valueAt(data: unknown, path: Path): unknown {
  let node: unknown = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

function lastKey(path: Path): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'string') return seg;
  }
  return undefined;
}

function pathText(path: Path): string {
  return path.reduce<string>(
    (text, seg) => (typeof seg === 'number' ? `${text}[${seg}]` : text ? `${text}.${seg}` : seg),
    '',
  );
}

function hintFor(path: Path, issue: Issue, value: unknown): string {
  const key = lastKey(path);
  if (issue.code === 'invalid_type') {
    if (key === 'password' && (typeof value === 'number' || typeof value === 'boolean')) {
      return 'quote the password so YAML reads it as text, or reference an environment variable: ${NAME}';
    }
    if (key === 'password' && value === null)
      return 'remove the password key to have one generated for the run';
    if (issue.expected === 'array') return `write a list, e.g. ${key ?? 'key'}: [a, b]`;
    if (issue.expected === 'string') return 'quote the value so YAML reads it as text';
    if (issue.expected === 'object') return 'write key: value pairs here (see schema/policy.schema.json)';
    return `expected ${issue.expected}`;
  }
  switch (key) {
    case 'can':
    case 'cannot':
      return `operations: ${OPERATIONS.join(', ')}`;
    case 'protocols':
      return `protocols: ${PROTOCOLS.join(', ')}; leave the key out for every protocol`;
    case 'on':
      return 'e.g. on: queue://ORDERS.new';
    case 'destinations':
      return 'e.g. destinations: [queue://ORDERS.new, topic://EVENTS.price]';
    case 'queue':
    case 'topic':
      return 'e.g. queue: "ORDERS.>" (quote patterns that start with > or *)';
    case 'read':
    case 'write':
    case 'admin':
      return 'list one group per item: [readers, admins]';
    case 'username':
      return 'every user needs a username';
    default:
      return 'see schema/policy.schema.json for the file format';
  }
}

/** One PolicyError per problem; an unknown-keys issue yields one error per key, located at that key. */
export function issuesToErrors(issues: readonly Issue[], source: YamlSource, schema: unknown): PolicyError[] {
  const errors: PolicyError[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((seg): seg is string | number => typeof seg !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path).filter((k) => k !== '$schema');
      for (const key of issue.keys) {
        const suggestion = closestMatch(key, known);
        const where = pathText(path);
        errors.push(
          new PolicyError(`unknown key "${key}"${where ? ` in ${where}` : ''}`, {
            location: source.locate([...path, key], 'key'),
            value: key,
            hint: suggestion ? `did you mean "${suggestion}"?` : `allowed keys here: ${known.join(', ')}`,
          }),
        );
      }
      continue;
    }
    const value = valueAt(source.data, path);
    const where = pathText(path) || 'the file';
    let message: string;
    let hint = hintFor(path, issue, value);
    if (issue.code === 'invalid_type' && path.length === 0 && (value === null || value === undefined)) {
      errors.push(
        new PolicyError('the file is empty', {
          location: source.locate([]),
          hint: 'start with the engine, e.g. engine: amazon-mq/5.18, then users: and expectations:',
        }),
      );
      continue;
    }
    if (issue.code === 'invalid_type') {
      message =
        value === undefined
          ? `${where} is required`
          : `${where} must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}, not ${describeJsType(value)}`;
      if (value === undefined && path.length > 0) {
        errors.push(new PolicyError(message, { location: source.locate(path.slice(0, -1)), hint }));
        continue;
      }
    } else if (path.length === 1 && path[0] === 'engine' && typeof value === 'string') {
      const parsed = parseEngine(value);
      message = parsed.ok ? issue.message : parsed.message;
      if (!parsed.ok) hint = parsed.hint;
    } else {
      message = `${where}: ${issue.message}`;
    }
    errors.push(new PolicyError(message, { location: source.locate(path), value: source.show(path), hint }));
  }
  return errors;
}
