/**
 * Reading XML with positions: a strict parse that turns any well-formedness problem into a PolicyError
 * at the right line and column, and small helpers that navigate by local name so a file works with or
 * without the ActiveMQ namespace and with any prefix.
 */
import { DOMParser, normalizeLineEndings, type Document, type Element, type Node } from '@xmldom/xmldom';
import { PolicyError, type SourceLocation } from '../core/errors';

const ELEMENT_NODE = 1;

interface Position {
  line: number;
  column: number;
}

/** Parses `text`; throws PolicyError with file, line and column on anything that is not well-formed XML. */
export function parseXmlDocument(text: string, file: string): Document {
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
    const message = problem?.message ?? (err instanceof Error ? err.message : String(err));
    const position = refinePosition(text, message, problem?.position ?? { line: 1, column: 1 });
    throw new PolicyError(`not well-formed XML: ${message}`, {
      location: { file, ...position },
      hint: 'fix the XML at this position; the broker would refuse to start with this file as well',
      cause: err,
    });
  }
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

/** Depth-first, document order; the element itself counts. */
export function findElement(root: Element, localName: string): Element | undefined {
  if (root.localName === localName) return root;
  for (const child of childElements(root)) {
    const found = findElement(child, localName);
    if (found) return found;
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
