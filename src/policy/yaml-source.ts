/**
 * A YAML (or JSON) input file parsed with positions kept, so that every problem can be reported at the
 * line and column of the node that causes it.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import { PolicyError } from '../core/errors';
import type { SourceLocation } from '../core/errors';
import { SECRET_MASK } from '../core/secret';
import type { Diagnostic } from '../core/types';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Keys whose values are credentials: never shown, whatever else is wrong with them. */
const SECRET_KEY = /pass|secret|token|credential/i;

const MAX_SHOWN_VALUE_CHARS = 60;

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
  const lineCounter = new LineCounter();
  // prettyErrors is off: the pretty form quotes the source line, which may hold a password.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const secretTexts = collectSecretTexts(doc);
  const secretRanges = collectSecretRanges(doc);

  const syntaxErrors = doc.errors.map((e) => {
    const offset = e.pos[0];
    const inSecret = secretRanges.some(([start, end]) => offset >= start && offset < end);
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
      data = doc.toJS({ maxAliasCount: 1000 });
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

function aliasError(
  doc: Document.Parsed,
  at: (offset: number) => SourceLocation,
  cause: unknown,
): PolicyError {
  let where: SourceLocation | undefined;
  let name = '';
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) === undefined) {
        name = alias.source;
        where = alias.range ? at(alias.range[0]) : undefined;
        return visit.BREAK;
      }
    },
  });
  const message = name
    ? `invalid YAML: alias *${name} has no anchor before it`
    : 'invalid YAML: aliases cannot be resolved';
  return new PolicyError(message, {
    location: where ?? at(0),
    hint: 'define the anchor (&name) before using *name, or write the value out',
    cause,
  });
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
