/**
 * Reading XML with positions: a strict parse that turns any well-formedness problem into a PolicyError
 * at the right line and column, and small helpers that navigate by local name so a file works with or
 * without the ActiveMQ namespace and with any prefix.
 */
import { DOMParser, normalizeLineEndings, type Document, type Element, type Node } from '@xmldom/xmldom';
import { PolicyError, type SourceLocation } from '../core/errors';
import { SECRET_MASK } from '../core/secret';
import { MAX_INPUT_BYTES } from '../policy/read-input';

const ELEMENT_NODE = 1;

interface Position {
  line: number;
  column: number;
}

/** Parses `text`; throws PolicyError with file, line and column on anything that is not well-formed XML. */
export function parseXmlDocument(text: string, file: string): Document {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_INPUT_BYTES) {
    throw new PolicyError(`the XML has ${bytes} bytes; the harness reads at most ${MAX_INPUT_BYTES}`, {
      location: { file, line: 1, column: 1 },
      hint: 'check that this is the intended file; a broker configuration is normally far smaller',
    });
  }
  let problem: { message: string; position: Position } | undefined;
  const parser = new DOMParser({
    locator: true,
    // xmldom recovers from some faults (e.g. unquoted attribute values) with a warning; ActiveMQ's XML
    // parser would refuse the file, so every level stops the parse here.
    onError: (_level, message, context: unknown) => {
      problem ??= { message, position: positionOf(context) };
      throw new Error(message);
    },
  });
  try {
    const doc = parser.parseFromString(text, 'text/xml');
    if (!doc.documentElement) throw new Error('missing root element');
    return doc;
  } catch (err) {
    const raw = problem?.message ?? (err instanceof Error ? err.message : String(err));
    const position = refinePosition(text, raw, problem?.position ?? { line: 1, column: 1 });
    const message = withoutAttributeValues(raw, text);
    throw new PolicyError(`not well-formed XML: ${message}`, {
      location: { file, ...position },
      hint: 'fix the XML at this position; the broker would refuse to start with this file as well',
      // The parser's own error repeats the raw message, values and all.
      ...(message === raw ? { cause: err } : {}),
    });
  }
}

/** Attributes whose values are credentials, as in `<authenticationUser password="...">`. */
const CREDENTIAL_ATTRIBUTE =
  /[\w:.-]*(?:pass|secret|token|credential)[\w:.-]*\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/** Shorter values are left alone: masking every "ab" would garble the message, and no real password is that short. */
const MIN_MASKED_CHARS = 4;

/**
 * xmldom quotes an unquoted attribute value in its message (`attribute "s3cret" missed quot`), and the
 * value may be a password: such messages are reworded, and any credential attribute value, or piece of
 * one, still in the message is masked.
 */
function withoutAttributeValues(message: string, text: string): string {
  let safe = message
    .replace(/^attribute ".*" missed quot\(.\)!!.*$/s, 'an attribute value is not in quotes')
    .replace(/^attribute ".*" missed value!!.*$/s, 'an attribute has no value; write name="value"');
  const secrets = [...text.matchAll(CREDENTIAL_ATTRIBUTE)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? '')
    .filter((v) => v.length >= MIN_MASKED_CHARS)
    .sort((a, b) => b.length - a.length);
  for (const secret of secrets) safe = safe.split(secret).join(SECRET_MASK);
  // A piece of a value can be quoted too, e.g. `entity not found:&abc;` for password="x&abc;y".
  return safe.replace(/[^\s"'!():]{4,}/g, (word) =>
    secrets.some((v) => v.includes(word)) ? SECRET_MASK : word,
  );
}

function positionOf(context: unknown): Position {
  const locator = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)
    ?.locator;
  const line = locator?.lineNumber;
  const column = locator?.columnNumber;
  return {
    // xmldom reports line 0 (and no column) for problems found before any element, e.g. an empty file.
    line: typeof line === 'number' && line >= 1 ? line : 1,
    column: typeof column === 'number' && column >= 1 ? column : 1,
  };
}

/**
 * For a mismatched end tag xmldom points at the last start tag it read, not at the offending end tag;
 * the end tag is the place a user must edit, so look for it from the reported position onwards.
 */
function refinePosition(text: string, message: string, reported: Position): Position {
  const mismatch = /^Opening and ending tag mismatch: "[^"]*" != "([^"]*)"/.exec(message);
  if (!mismatch) return reported;
  const normalized = normalizeLineEndings(text);
  const from = offsetOf(normalized, reported);
  const at = normalized.indexOf(`</${mismatch[1]}`, from);
  return at < 0 ? reported : positionAt(normalized, at);
}

function offsetOf(text: string, position: Position): number {
  let offset = 0;
  for (let line = 1; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + position.column - 1;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

export function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === ELEMENT_NODE;
}

/** Element children, optionally only those with the given local name (namespace and prefix ignored). */
export function childElements(parent: Element, localName?: string): Element[] {
  const result: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (isElement(child) && (localName === undefined || child.localName === localName)) result.push(child);
  }
  return result;
}

export function firstChildElement(parent: Element, localName: string): Element | undefined {
  return childElements(parent, localName)[0];
}

/**
 * Depth-first, document order; the element itself counts. Iterative: a file nested tens of thousands of
 * elements deep is well-formed XML, and recursion would exhaust the call stack on it.
 */
export function findElement(root: Element, localName: string): Element | undefined {
  const pending: Element[] = [root];
  while (pending.length > 0) {
    const el = pending.pop() as Element;
    if (el.localName === localName) return el;
    const children = childElements(el);
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i] as Element);
  }
  return undefined;
}

export function locationOf(node: Node, file: string): SourceLocation {
  return { file, line: node.lineNumber ?? 1, column: node.columnNumber ?? 1 };
}

/** Attribute names of an element, without namespace declarations. */
export function attributeNames(el: Element): string[] {
  const names: string[] = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const attr = el.attributes.item(i);
    if (attr && attr.name !== 'xmlns' && !attr.name.startsWith('xmlns:')) names.push(attr.name);
  }
  return names;
}

/** The attribute's value, or undefined when it is absent (xmldom returns null for a missing one). */
export function attribute(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}
