/**
 * Random documents shaped like a policy or users file: the right keys most of the time, with values of
 * any type, so the fuzzer reaches the schema, credential and cross-reference checks instead of stopping
 * at the first syntax error.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { OPERATIONS, PROTOCOLS } from '../../../src/core/types';

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '>',
  '*',
  'queue://',
  'topic://ORDERS.>',
  'temp-queue://x',
  'queue://a,b',
  'amazon-mq/5.18',
  'amazon-mq/99.99',
  'activemq/5.17.2',
  'activemq/',
  '${PASSWORD}',
  '${}',
  '${1BAD}',
  '${NOT_SET_ANYWHERE}',
  'a,b',
  ' padded ',
  'activemq-webconsole',
  'anonymous',
  'unknown',
  'Sh0rt',
  'Valid-Passw0rd-1',
  'pass:word=with,forbidden',
  '\u0000\u0001',
  'é€𝄞',
  'x'.repeat(300),
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: oddStrings },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1.5, [], {}) },
);

/** Mostly the expected type, sometimes anything. */
function usually<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: anyValue });
}

function someOf<T>(arb: fc.Arbitrary<T>, maxLength = 4): fc.Arbitrary<unknown> {
  return usually(fc.array(arb, { maxLength }));
}

/** A record of the given keys, each present or not, plus now and then a misspelt or unknown key. */
function looseRecord(model: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const known = fc.record(model, { requiredKeys: [] });
  const extra = fc.dictionary(
    fc.constantFrom('usernmae', 'group', 'pasword', 'entry', 'reads', 'Can', '$schema', 'x'),
    anyValue,
    { maxKeys: 2 },
  );
  return usually(fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k })));
}

const groupName = fc.oneof(
  fc.constantFrom('admins', 'users', 'writers', '*', 'activemq-webconsole'),
  oddStrings,
);

const user = looseRecord({
  username: usually(fc.oneof(fc.constantFrom('app-writer', 'app-reader', 'admin'), oddStrings)),
  password: usually(oddStrings),
  groups: someOf(groupName, 25),
});

const acl = looseRecord({ read: someOf(groupName), write: someOf(groupName), admin: someOf(groupName) });

const entry = looseRecord({
  queue: usually(oddStrings),
  topic: usually(oddStrings),
  read: someOf(groupName),
  write: someOf(groupName),
  admin: someOf(groupName),
});

const operations = someOf(fc.oneof(fc.constantFrom(...OPERATIONS), oddStrings));

const expectation = looseRecord({
  user: usually(fc.oneof(fc.constantFrom('app-writer', 'anonymous', 'unknown'), oddStrings)),
  can: operations,
  cannot: operations,
  on: usually(oddStrings),
  protocols: someOf(fc.oneof(fc.constantFrom(...PROTOCOLS), oddStrings)),
});

export const policyShaped: fc.Arbitrary<unknown> = looseRecord({
  engine: usually(oddStrings),
  anonymousAccess: usually(fc.boolean()),
  users: someOf(user, 6),
  authorization: looseRecord({
    entries: someOf(entry, 5),
    tempDestinations: acl,
    default: acl,
  }),
  destinations: someOf(oddStrings),
  expectations: someOf(expectation, 5),
});

export const usersShaped: fc.Arbitrary<unknown> = looseRecord({ users: someOf(user, 8) });

/** The same document as block YAML, flow YAML or JSON. */
export function written(doc: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.tuple(doc, fc.constantFrom('block', 'flow', 'json')).map(([value, style]) => {
    if (style === 'json') return JSON.stringify(value) ?? 'null';
    return stringify(value, style === 'flow' ? { collectionStyle: 'flow' } : undefined);
  });
}
