/**
 * A deliberately small XML writer: the broker XML is a fixed tree of elements with attributes, so a
 * tree of plain objects and one serializer keep the renderer readable and every value escaped.
 */

/** Attribute pairs in output order; an `undefined` value leaves the attribute out. */
export type XmlAttributes = ReadonlyArray<readonly [name: string, value: string | undefined]>;

export interface XmlElement {
  name: string;
  attributes?: XmlAttributes;
  children?: XmlElement[];
  /** a comment written just above the element */
  comment?: string;
}

const INDENT = '  ';

// XML 1.0 cannot carry these at all, not even as character references (XML 1.0 §2.2, Char production).
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Attribute-value normalization (XML 1.0 §3.3.3) turns literal tabs and line breaks into spaces;
  // character references survive it, so a password with a newline reaches the broker unchanged.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

export class XmlValueError extends Error {}

/** Escapes a value for a double-quoted attribute; throws when XML 1.0 cannot represent it at all. */
export function escapeXmlAttribute(value: string): string {
  if (NOT_XML_CHAR.test(value)) {
    throw new XmlValueError('value contains a control character that XML 1.0 cannot represent');
  }
  // `>` needs no escape in an attribute; leaving it keeps wildcard patterns (`ORDERS.>`) readable in review.
  return value.replace(/[&<"'\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

/** Comments cannot contain `--`; the text is ours (never user data), so breaking the pair is enough. */
function escapeComment(text: string): string {
  return text.replace(/--/g, '- -');
}

export function element(
  name: string,
  attributes: XmlAttributes = [],
  children: XmlElement[] = [],
): XmlElement {
  return { name, attributes, children };
}

function renderAttributes(attributes: XmlAttributes | undefined): string {
  if (!attributes) return '';
  return attributes
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`)
    .join('');
}

/** Serializes one element and its children, indented two spaces per level, one element per line. */
export function serializeElement(node: XmlElement, depth = 0): string {
  const pad = INDENT.repeat(depth);
  const lines: string[] = [];
  if (node.comment !== undefined) lines.push(`${pad}<!-- ${escapeComment(node.comment)} -->`);
  const open = `${pad}<${node.name}${renderAttributes(node.attributes)}`;
  const children = node.children ?? [];
  if (children.length === 0) {
    lines.push(`${open}/>`);
  } else {
    lines.push(`${open}>`);
    for (const child of children) lines.push(serializeElement(child, depth + 1));
    lines.push(`${pad}</${node.name}>`);
  }
  return lines.join('\n');
}
