/**
 * A YAML (or JSON) input file parsed with positions kept, so that every problem can be reported at the
 * line and column of the node that causes it.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import { PolicyError } from '../core/errors';
import type { SourceLocation } from '../core/errors';
import { SECRET_MASK } from '../core/secret';
import type { Diagnostic } from '../core/types';
import { inputTooLargeError, MAX_INPUT_BYTES } from './read-input';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Keys whose values are credentials: never shown, whatever else is wrong with them. */
const SECRET_KEY = /pass|secret|token|credential/i;

const MAX_SHOWN_VALUE_CHARS = 60;

/**
 * A policy nests about five levels deep. Far deeper nesting is never a policy, and the recursive steps after
 * parsing (conversion to plain data, schema checks) would exhaust the call stack on it.
 */
export const MAX_NESTING_DEPTH = 64;

/** Values an alias may expand to in total; bounds "billion laughs" documents built from nested aliases. */
export const MAX_ALIAS_EXPANSIONS = 1000;

export interface YamlSource {
  readonly file: string;
  /** the plain data; undefined when the text is not valid YAML */
  readonly data: unknown;
  /** syntax errors; when present, `data` is undefined */
  readonly syntaxErrors: PolicyError[];
  readonly warnings: Diagnostic[];
  /** where the node at `path` starts (its key for `part: 'key'`); the nearest existing ancestor otherwise */
  locate(path: Path, part?: 'key' | 'value'): SourceLocation;
  /** a short display of the value at `path`, masked when it is (or may be) a credential */
  show(path: Path): string | undefined;
  /** every string written under a credential-like key, to scrub from messages as a last safeguard */
  readonly secretTexts: string[];
}

export function isSecretPath(path: Path): boolean {
  return path.some((seg) => typeof seg === 'string' && SECRET_KEY.test(seg));
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_INPUT_BYTES) return unreadable(file, inputTooLargeError(file, bytes, 'the file'));
  const lineCounter = new LineCounter();
  // prettyErrors is off: the pretty form quotes the source line, which may hold a password. logLevel
  // 'error' keeps the library from printing process warnings (e.g. for a `? [a]: b` key) on the console;
  // such keys reach the schema as text and are reported there.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const tooDeep = firstNodeDeeperThan(doc, MAX_NESTING_DEPTH);
  if (tooDeep) return unreadable(file, nestingError(tooDeep.range ? at(tooDeep.range[0]) : at(0)));
  const secretTexts = collectSecretTexts(doc);
  const secretRanges = collectSecretRanges(doc);

  const syntaxErrors = doc.errors.map((e) => {
    const offset = e.pos[0];
    const inSecret = secretRanges.some(([start, end]) => offset >= start && offset < end);
    // The parser itself recurses per level and reports running out of stack as a syntax error.
    if (/call stack/i.test(e.message)) return nestingError(at(offset));
    const message = inSecret ? `invalid YAML in a password value (${e.code})` : `invalid YAML: ${e.message}`;
    return new PolicyError(message, { location: at(offset), hint: syntaxHint(e.code) });
  });
  const warnings: Diagnostic[] = doc.warnings.map((w) => ({
    severity: 'warning',
    code: `yaml-${w.code.toLowerCase().replace(/_/g, '-')}`,
    message: w.message,
    location: at(w.pos[0]),
  }));

  let data: unknown;
  if (syntaxErrors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
    } catch (cause) {
      syntaxErrors.push(aliasError(doc, at, cause));
    }
  }

  const nodeAt = (path: Path, part: 'key' | 'value'): Node | undefined => {
    let node: unknown = doc.contents;
    let found: Node | undefined = doc.contents ?? undefined;
    for (let i = 0; i < path.length; i++) {
      if (isAlias(node)) node = node.resolve(doc);
      const seg = path[i];
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (pair && part === 'key' && i === path.length - 1) return pair.key as Node;
        next = pair?.value ?? (pair ? pair.key : undefined);
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
      }
      if (next === undefined || next === null) return found;
      node = next;
      if (hasRange(next)) found = next;
    }
    return found;
  };

  return {
    file,
    data,
    syntaxErrors,
    warnings,
    secretTexts,
    locate(path, part = 'value') {
      const node = nodeAt(path, part);
      return node?.range ? at(node.range[0]) : { file, line: 1, column: 1 };
    },
    show(path) {
      if (isSecretPath(path)) return SECRET_MASK;
      const node = nodeAt(path, 'value');
      if (isAlias(node)) return `*${node.source}`;
      if (isMap(node)) return 'a mapping';
      if (isSeq(node)) return 'a list';
      if (isScalar(node)) {
        const shown = node.value === null ? 'null' : String(node.value);
        return shown.length > MAX_SHOWN_VALUE_CHARS ? `${shown.slice(0, MAX_SHOWN_VALUE_CHARS)}...` : shown;
      }
      return undefined;
    },
  };
}

function hasRange(node: unknown): node is Node {
  return typeof node === 'object' && node !== null && 'range' in node && Array.isArray(node.range);
}

function collectSecretTexts(doc: Document.Parsed): string[] {
  const texts = new Set<string>();
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && SECRET_KEY.test(String(pair.key.value))) {
        visit(pair.value as Node, {
          Scalar(__, s) {
            if (s.value !== null && s.value !== undefined) texts.add(String(s.value));
            if (typeof s.source === 'string') texts.add(s.source);
          },
        });
        if (isScalar(pair.value) && pair.value.value !== null) texts.add(String(pair.value.value));
      }
    },
  });
  return [...texts];
}

function collectSecretRanges(doc: Document.Parsed): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  visit(doc, {
    Pair(_, pair) {
      const range = hasRange(pair.value) ? pair.value.range : undefined;
      if (isScalar(pair.key) && SECRET_KEY.test(String(pair.key.value)) && range)
        ranges.push([range[0], range[2]]);
    },
  });
  return ranges;
}

/**
 * Why `toJS` failed: an alias without an anchor before it, or too many alias expansions. Found in one pass
 * over the document (anchors seen so far), since resolving each alias on its own rescans the whole document
 * and takes quadratic time on a file full of aliases.
 */
function aliasError(
  doc: Document.Parsed,
  at: (offset: number) => SourceLocation,
  cause: unknown,
): PolicyError {
  const anchors = new Set<string>();
  let unresolved: { name: string; where?: SourceLocation } | undefined;
  let firstAlias: SourceLocation | undefined;
  visit(doc, (_, node) => {
    if (isAlias(node)) {
      const where = node.range ? at(node.range[0]) : undefined;
      firstAlias ??= where;
      if (!anchors.has(node.source)) {
        unresolved = { name: node.source, where };
        return visit.BREAK;
      }
    } else if (hasRange(node) && typeof node.anchor === 'string') {
      anchors.add(node.anchor);
    }
    return undefined;
  });
  if (unresolved) {
    return new PolicyError(`invalid YAML: alias *${unresolved.name} has no anchor before it`, {
      location: unresolved.where ?? at(0),
      hint: 'define the anchor (&name) before using *name, or write the value out',
      cause,
    });
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (/alias count/i.test(reason)) {
    return new PolicyError(`invalid YAML: aliases expand to more than ${MAX_ALIAS_EXPANSIONS} values`, {
      location: firstAlias ?? at(0),
      hint: 'write the values out instead of nesting aliases (*name) inside anchored values',
      cause,
    });
  }
  return new PolicyError(`invalid YAML: ${reason}`, {
    location: firstAlias ?? at(0),
    hint: 'check the anchors (&name), aliases (*name) and merge keys (<<) here',
    cause,
  });
}

function nestingError(location: SourceLocation): PolicyError {
  return new PolicyError(`the file nests more than ${MAX_NESTING_DEPTH} levels deep`, {
    location,
    hint: 'a policy nests only a few levels (users, a user, its groups); check for unclosed [ or { brackets',
  });
}

/** A source that holds only `error`: the text was not parsed, so no value of it can be shown. */
function unreadable(file: string, error: PolicyError): YamlSource {
  return {
    file,
    data: undefined,
    syntaxErrors: [error],
    warnings: [],
    secretTexts: [],
    locate: () => ({ file, line: 1, column: 1 }),
    show: () => undefined,
  };
}

/** Iterative, so that it is safe on exactly the documents it exists to reject. */
function firstNodeDeeperThan(doc: Document.Parsed, limit: number): Node | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (isMap(node) || isSeq(node)) {
      if (depth > limit) return node;
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
        } else {
          stack.push({ node: item, depth: depth + 1 });
        }
      }
    }
  }
  return undefined;
}

function syntaxHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once per mapping; remove or merge the repeated one';
    case 'MULTIPLE_DOCS':
      return 'a policy is one YAML document; remove the extra `---` separator';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'check indentation and closing brackets; quote values that contain `: ` or start with a special character';
    case 'BAD_DQ_ESCAPE':
      return 'inside double quotes write a backslash as \\\\, or use single quotes';
    default:
      return 'fix the YAML syntax at this position (JSON is accepted too)';
  }
}
