import { DOMParser } from '@xmldom/xmldom';
import {
  element,
  escapeXmlAttribute,
  serializeElement,
  XmlValueError,
} from '../../../src/activemq-xml/xml-writer';

describe('escapeXmlAttribute', () => {
  it('escapes the XML specials but keeps > readable', () => {
    expect(escapeXmlAttribute(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c>d&quot;e&apos;f');
  });

  it('keeps tabs and line breaks as character references, which survive attribute normalization', () => {
    const escaped = escapeXmlAttribute('a\tb\nc\rd');
    expect(escaped).toBe('a&#9;b&#10;c&#13;d');
    const doc = new DOMParser().parseFromString(`<x v="${escaped}"/>`, 'text/xml');
    expect(doc.documentElement?.getAttribute('v')).toBe('a\tb\nc\rd');
  });

  it('refuses characters XML 1.0 cannot carry', () => {
    expect(() => escapeXmlAttribute('a\u0001b')).toThrow(XmlValueError);
  });
});

describe('serializeElement', () => {
  it('indents children, leaves out undefined attributes and self-closes empty elements', () => {
    const tree = element(
      'a',
      [
        ['x', '1'],
        ['y', undefined],
      ],
      [element('b', [['z', '<']])],
    );
    expect(serializeElement(tree)).toBe('<a x="1">\n  <b z="&lt;"/>\n</a>');
  });

  it('writes a comment above an element without letting it close early', () => {
    expect(serializeElement({ name: 'a', comment: 'from x--y' })).toBe('<!-- from x- -y -->\n<a/>');
  });
});
