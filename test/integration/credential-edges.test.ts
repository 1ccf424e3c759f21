/**
 * "Username constraints over TLS": users at the limits of Amazon MQ's rules connect and work on every
 * protocol the broker build has, and credentials that break the rules are refused before any broker starts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../src/check/run-check';
import { PolicyErrors } from '../../src/core/errors';
import { PROTOCOLS } from '../../src/core/types';
import { parsePolicyText } from '../../src/policy';
import { hasJava, testRuntimeKind } from '../support/broker';

const runtime = testRuntimeKind();
const available = runtime === 'testcontainers' || hasJava() || Boolean(process.env.ACTIVEMQ_HOME);
const describeBroker = available ? describe : describe.skip;

/** Every character Amazon MQ allows in a username, padded to exactly 100 characters. */
const LONGEST_USERNAME = ('edge.user_~-' + 'x'.repeat(100)).slice(0, 100);
const SHORTEST_USERNAME = 'ab';
/** Allowed punctuation (printable ASCII without space and `, : =`), including what protocols escape. */
const PUNCTUATION = `!"#$%&'()*+-./;<>?@[\\]^_\`{|}~`;
const SHORTEST_PASSWORD = `Aa1${PUNCTUATION}`.slice(0, 12);
const LONGEST_PASSWORD = `Zz9${PUNCTUATION}`.repeat(10).slice(0, 250);

/** YAML single-quoted scalars double a quote; nothing else is special in them. */
const yamlQuote = (text: string) => `'${text.replace(/'/g, "''")}'`;

function edgePolicy(): string {
  const users = [
    [SHORTEST_USERNAME, LONGEST_PASSWORD],
    [LONGEST_USERNAME, SHORTEST_PASSWORD],
  ];
  return [
    'engine: amazon-mq/5.18',
    'users:',
    ...users.flatMap(([name, password]) => [
      `  - username: ${yamlQuote(name!)}`,
      `    password: ${yamlQuote(password!)}`,
      '    groups: [edge-users]',
    ]),
    'authorization:',
    '  entries:',
    "    - queue: 'EDGE.>'",
    '      read: [edge-users]',
    '      write: [edge-users]',
    '      admin: [edge-users]',
    "    - topic: 'EDGE.>'",
    '      read: [edge-users]',
    '      write: [edge-users]',
    '      admin: [edge-users]',
    "    - topic: 'ActiveMQ.Advisory.>'",
    '      read: [edge-users]',
    '      write: [edge-users]',
    '      admin: [edge-users]',
    '  tempDestinations: {read: [edge-users], write: [edge-users], admin: [edge-users]}',
    'destinations: [queue://EDGE.q, topic://EDGE.t]',
    '',
  ].join('\n');
}

describe('credentials at the edges of the rules', () => {
  it('the edge credentials are valid, one step beyond is refused before any broker starts', () => {
    expect(SHORTEST_PASSWORD).toHaveLength(12);
    expect(LONGEST_PASSWORD).toHaveLength(250);
    expect(LONGEST_USERNAME).toHaveLength(100);
    const policy = parsePolicyText(edgePolicy(), 'edge.yaml');
    expect(policy.users.map((u) => u.username)).toEqual([SHORTEST_USERNAME, LONGEST_USERNAME]);
    const tooLong = edgePolicy().replace(yamlQuote(LONGEST_USERNAME), yamlQuote(`${LONGEST_USERNAME}x`));
    expect(() => parsePolicyText(tooLong, 'edge.yaml')).toThrow(PolicyErrors);
    const comma = edgePolicy().replace(
      yamlQuote(SHORTEST_PASSWORD),
      yamlQuote(`${SHORTEST_PASSWORD.slice(0, 11)},`),
    );
    expect(() => parsePolicyText(comma, 'edge.yaml')).toThrow(PolicyErrors);
  });
});

describeBroker(`credentials at the edges over every protocol (${runtime})`, () => {
  jest.setTimeout(180_000);

  it('connect, produce and consume work for the edge users on every protocol the build has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-edge-'));
    const file = join(dir, 'edge.yaml');
    writeFileSync(file, edgePolicy());
    const result = await runCheck({ input: file, runtime });
    const probed = result.verdicts.filter((v) => v.kind !== 'skipped');
    const edgeCases = probed.filter((v) => v.case.credentials === 'valid');
    const protocols = new Set(edgeCases.map((v) => v.case.protocol));
    // Apache's distribution has every transport, so every protocol carried both edge credentials
    expect([...protocols].sort()).toEqual([...PROTOCOLS].sort());
    for (const user of [SHORTEST_USERNAME, LONGEST_USERNAME]) {
      for (const protocol of protocols) {
        const connect = edgeCases.find(
          (v) => v.case.user === user && v.case.protocol === protocol && v.case.operation === 'connect',
        );
        expect({
          user: user.slice(0, 12),
          protocol,
          kind: connect?.kind,
          outcome: connect?.observation?.outcome,
        }).toEqual({
          user: user.slice(0, 12),
          protocol,
          kind: 'pass',
          outcome: 'granted',
        });
      }
    }
    const notPassing = probed.filter((v) => v.kind !== 'pass').map((v) => `${v.case.id}: ${v.summary}`);
    expect(notPassing).toEqual([]);
  });
});
