/**
 * The broker XML reader on broken and strange XML: well-formed or not, with or without a broker, the
 * answer is a parsed configuration or a located PolicyError.
 */
import fc from 'fast-check';
import { parseBrokerXml } from '../../../src/activemq-xml/parse';
import {
  expectLocatedDiagnostics,
  expectTypedOutcome,
  FUZZ_SEED,
  mutated,
  syntaxSoup,
  XML_SEEDS,
} from './fuzz-support';

const FILE = 'fuzz/activemq.xml';
const XML_ALPHABET = '<>/="\' &;!?-[]\n';

const ELEMENT_NAMES = [
  'beans',
  'broker',
  'plugins',
  'authorizationPlugin',
  'simpleAuthenticationPlugin',
  'jaasAuthenticationPlugin',
  'map',
  'authorizationMap',
  'cachedLDAPAuthorizationMap',
  'authorizationEntries',
  'authorizationEntry',
  'defaultEntry',
  'tempDestinationAuthorizationEntry',
  'users',
  'authenticationUser',
  'destinations',
  'queue',
  'topic',
  'tempQueue',
  'amq:broker',
  'x:authorizationEntry',
];
const ATTRIBUTE_NAMES = [
  'queue',
  'topic',
  'read',
  'write',
  'admin',
  'tempQueue',
  'tempTopic',
  'username',
  'password',
  'groups',
  'physicalName',
  'brokerName',
  'anonymousAccessAllowed',
  'xmlns',
  'xmlns:amq',
  'unknown',
];
const ATTRIBUTE_VALUES = [
  '',
  ' ',
  '>',
  'ORDERS.>',
  'a,,b, ,c',
  '${activemq.password}',
  'true',
  'yes',
  'maybe',
  'http://activemq.apache.org/schema/core',
  '&amp;&lt;&gt;&quot;&#65;&#x1F600;',
  '&#0;',
  '&undefined;',
  '\u0000',
  'é€𝄞',
];

interface XmlNode {
  name: string;
  attributes: Array<[string, string]>;
  children: XmlNode[];
  text: string;
}

const attributeValue = fc.oneof(fc.constantFrom(...ATTRIBUTE_VALUES), fc.string({ maxLength: 12 }));

/** Deep enough for broker > plugins > authorizationPlugin > map > authorizationMap > entries > entry. */
const MAX_TREE_DEPTH = 8;

const { node: xmlNode } = fc.letrec<{ node: XmlNode }>((tie) => ({
  node: fc.record({
    name: fc.constantFrom(...ELEMENT_NAMES),
    attributes: fc.array(fc.tuple(fc.constantFrom(...ATTRIBUTE_NAMES), attributeValue), { maxLength: 4 }),
    children: fc.oneof(
      { maxDepth: MAX_TREE_DEPTH, depthIdentifier: 'xml' },
      fc.constant<XmlNode[]>([]),
      fc.array(tie('node') as fc.Arbitrary<XmlNode>, { maxLength: 3, depthIdentifier: 'xml' }),
    ),
    text: fc.oneof(fc.constant(''), fc.constantFrom('<!-- c -->', '<![CDATA[x]]>', '&amp;', 'text')),
  }),
}));

/** Mostly escaped; now and then raw, since a stray `<`, `&` or quote is a common way to break a file. */
const escapedValue = fc
  .tuple(attributeValue, fc.integer({ min: 0, max: 19 }))
  .map(([v, dice]) =>
    dice === 0 ? v : v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'),
  );

function render(node: XmlNode): string {
  const attributes = node.attributes.map(([k, v]) => ` ${k}="${v}"`).join('');
  const inner = node.text + node.children.map(render).join('');
  return inner ? `<${node.name}${attributes}>${inner}</${node.name}>` : `<${node.name}${attributes}/>`;
}

const attributes = (names: readonly string[]): fc.Arbitrary<Array<[string, string]>> =>
  names.length === 0
    ? fc.constant([])
    : fc.uniqueArray(fc.tuple(fc.constantFrom(...names), escapedValue), {
        maxLength: 5,
        selector: ([name]) => name,
      });

const leaf = (name: fc.Arbitrary<string>, attributeNames: readonly string[]): fc.Arbitrary<XmlNode> =>
  fc.record({
    name,
    attributes: attributes(attributeNames),
    children: fc.constant([]),
    text: fc.constant(''),
  });

const wrap = (name: string, children: fc.Arbitrary<XmlNode[]>): fc.Arbitrary<XmlNode> =>
  children.map((c) => ({ name, attributes: [], children: c, text: '' }));

/**
 * The chain the reader walks (broker, plugins, authorizationPlugin, map, authorizationMap, entries), with
 * random entries and users at the ends, so that most inputs get past the structure to the values.
 */
const brokerSkeleton: fc.Arbitrary<XmlNode> = (() => {
  const aclNames = ['read', 'write', 'admin', 'tempQueue', 'tempTopic', 'unknown'];
  const namedEntry = fc
    .tuple(fc.constantFrom('queue', 'topic'), escapedValue, attributes(aclNames))
    .map(([kind, pattern, rest]): XmlNode => ({
      name: 'authorizationEntry',
      attributes: [[kind, pattern], ...rest],
      children: [],
      text: '',
    }));
  const entry = fc.oneof(
    { weight: 4, arbitrary: namedEntry },
    { weight: 1, arbitrary: leaf(fc.constantFrom('authorizationEntry', 'tempQueue'), ATTRIBUTE_NAMES) },
  );
  const acl = leaf(
    fc.constantFrom('authorizationEntry', 'tempDestinationAuthorizationEntry'),
    ATTRIBUTE_NAMES,
  );
  const otherMapChildren = fc.array(
    fc.oneof(
      wrap('authorizationEntries', fc.array(entry, { maxLength: 3 })),
      wrap('defaultEntry', fc.array(acl, { maxLength: 2 })),
      wrap('tempDestinationAuthorizationEntry', fc.array(acl, { maxLength: 2 })),
      leaf(fc.constant('unknownChild'), []),
    ),
    { maxLength: 3 },
  );
  const mapChildren = fc
    .tuple(wrap('authorizationEntries', fc.array(entry, { minLength: 1, maxLength: 6 })), otherMapChildren)
    .map(([entries, others]) => [entries, ...others]);
  const authorization = wrap(
    'authorizationPlugin',
    wrap(
      'map',
      wrap('authorizationMap', mapChildren).map((m) => [m]),
    ).map((m) => [m]),
  );
  const users = wrap(
    'users',
    fc.array(leaf(fc.constant('authenticationUser'), ['username', 'password', 'groups', 'unknown']), {
      maxLength: 4,
    }),
  );
  const authentication = fc
    .tuple(attributes(['anonymousAccessAllowed']), fc.array(users, { maxLength: 2 }))
    .map(([attrs, children]): XmlNode => ({
      name: 'simpleAuthenticationPlugin',
      attributes: attrs,
      children,
      text: '',
    }));
  const destinations = wrap(
    'destinations',
    fc.array(leaf(fc.constantFrom('queue', 'topic', 'tempQueue'), ['physicalName']), { maxLength: 3 }),
  );
  const plugins = fc
    .tuple(authorization, fc.option(authentication), fc.array(xmlNode, { maxLength: 1 }))
    .map(([authz, authn, other]): XmlNode => {
      const children = [authz, ...(authn ? [authn] : []), ...other];
      return { name: 'plugins', attributes: [], children, text: '' };
    });
  return fc
    .tuple(attributes(['brokerName']), plugins, fc.option(destinations))
    .map(([attrs, p, d]): XmlNode => ({
      name: 'broker',
      attributes: attrs,
      children: d ? [p, d] : [p],
      text: '',
    }));
})();

const prolog = fc.constantFrom(
  '',
  '<?xml version="1.0" encoding="UTF-8"?>\n',
  '<?xml version="1.1"?>',
  '<!DOCTYPE broker>',
  '<!DOCTYPE broker [<!ENTITY pw "secret">]>',
  '<!DOCTYPE broker SYSTEM "file:///etc/passwd">',
  '\ufeff',
);

/** How far the inputs of one property got: a fuzzer that only ever meets syntax errors tests little. */
const reached = { parsed: 0, withEntries: 0, withUsers: 0 };

function load(text: string): void {
  const { result } = expectTypedOutcome(() => parseBrokerXml(text, FILE), [FILE]);
  if (result) {
    reached.parsed++;
    if (result.authorization?.entries.length) reached.withEntries++;
    if (result.users?.length) reached.withUsers++;
    expectLocatedDiagnostics(result.diagnostics);
    for (const e of result.authorization?.entries ?? []) expect(e.location?.line).toBeGreaterThanOrEqual(1);
  }
}

beforeEach(() => Object.assign(reached, { parsed: 0, withEntries: 0, withUsers: 0 }));

describe('broker XML parser under fuzzing', () => {
  it('reads every unmodified seed', () => {
    for (const seed of XML_SEEDS) expect(() => parseBrokerXml(seed, FILE)).not.toThrow();
  });

  it('survives arbitrary strings and XML syntax soup', () => {
    const input = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      syntaxSoup(XML_ALPHABET),
    );
    fc.assert(fc.property(input, load), { numRuns: 400, seed: FUZZ_SEED });
  });

  it('survives edited fixture configurations', () => {
    fc.assert(fc.property(mutated(XML_SEEDS), load), { numRuns: 400, seed: FUZZ_SEED });
    expect(reached.withEntries).toBeGreaterThan(20);
  });

  it('survives random element trees of ActiveMQ names, attributes and values', () => {
    const doc = fc.tuple(prolog, xmlNode).map(([head, root]) => head + render(root));
    fc.assert(fc.property(doc, load), { numRuns: 300, seed: FUZZ_SEED });
    expect(reached.parsed).toBeGreaterThan(20);
  });

  it('survives broker configurations with random entries, users and values', () => {
    const doc = brokerSkeleton.map(render);
    fc.assert(fc.property(doc, load), { numRuns: 400, seed: FUZZ_SEED });
    expect(reached.withEntries).toBeGreaterThan(150);
    expect(reached.withUsers).toBeGreaterThan(50);
  });
});
