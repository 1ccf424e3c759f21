import { join } from 'node:path';
import { diffInputs, diffPolicies, formatDiff, type PermissionChange } from '../../../src/diff';
import { loadPolicyFile, parsePolicyText } from '../../../src/policy';

const ORDERS = join(__dirname, '..', '..', '..', 'examples', 'orders', 'policy.yaml');
const REVISION_2 = join(__dirname, '..', '..', 'fixtures', 'lint', 'orders-revision-2.yaml');

function line(c: PermissionChange): string {
  return `${c.subject} ${c.name} ${c.change} ${c.operation} ${c.destination ?? '-'}`;
}

/** What removing the group billing takes away, for the user billing and for the group itself. */
function billingLosses(subject: 'user' | 'group'): string[] {
  const lost = (op: string, d: string) => `${subject} billing lost ${op} ${d}`;
  return [
    ...['produce', 'consume', 'browse'].map((op) => lost(op, 'queue://BILLING.>')),
    ...['produce', 'consume', 'browse'].map((op) => lost(op, 'queue://BILLING.invoices')),
    ...['consume', 'browse'].map((op) => lost(op, 'queue://Consumer.billing.VirtualTopic.Orders')),
    ...['produce', 'consume', 'browse', 'create'].map((op) => lost(op, 'topic://ActiveMQ.Advisory.>')),
    ...['consume', 'browse'].map((op) => lost(op, 'topic://ORDERS.events.>')),
    ...['consume', 'browse'].map((op) => lost(op, 'topic://ORDERS.events.created')),
  ];
}

describe('diff of two revisions of the orders example', () => {
  const changes = diffInputs(ORDERS, REVISION_2);

  it('shows exactly the widened wildcard and the removed group', () => {
    expect(changes.map(line)).toEqual([
      ...billingLosses('user'),
      'user orders-reader gained consume topic://ORDERS.>',
      'user orders-reader gained browse topic://ORDERS.>',
      'user orders-writer gained produce topic://ORDERS.>',
      ...billingLosses('group'),
      'group order-consumers gained consume topic://ORDERS.>',
      'group order-consumers gained browse topic://ORDERS.>',
      'group order-producers gained produce topic://ORDERS.>',
    ]);
  });

  it('names the entries that decide in each revision', () => {
    const gained = changes.find((c) => line(c) === 'user orders-writer gained produce topic://ORDERS.>');
    expect(gained).toMatchObject({ before: ['topic://>'], after: ['topic://ORDERS.>'] });
    const lost = changes.find((c) => line(c) === 'user billing lost consume topic://ORDERS.events.created');
    expect(lost).toMatchObject({
      before: ['topic://ORDERS.events.>'],
      after: ['topic://>', 'topic://ORDERS.>'],
    });
  });

  it('is empty between a revision and itself', () => {
    expect(diffInputs(ORDERS, ORDERS)).toEqual([]);
  });

  it('is the mirror image when the revisions are swapped', () => {
    const back = diffPolicies(loadPolicyFile(REVISION_2), loadPolicyFile(ORDERS));
    expect(
      back.map((c) => [
        c.subject,
        c.name,
        c.operation,
        c.destination,
        c.change === 'gained' ? 'lost' : 'gained',
      ]),
    ).toEqual(changes.map((c) => [c.subject, c.name, c.operation, c.destination, c.change]));
  });

  it('writes Markdown with a summary line and a table per user and group', () => {
    const md = formatDiff(changes, 'markdown');
    expect(md).toContain('**6 gained, 32 lost**');
    expect(md).toContain('#### user `billing`');
    expect(md).toContain('#### group `order-producers`');
    expect(md).toContain('| ➕ gained | produce | `topic://ORDERS.>` | `topic://>` | `topic://ORDERS.>` |');
    expect(md.match(/^\| Change \|/gm)).toHaveLength(6);
  });

  it('writes text and JSON with the same summary', () => {
    expect(formatDiff(changes, 'text').split('\n').pop()).toBe('6 gained, 32 lost');
    const json = JSON.parse(formatDiff(changes, 'json')) as { summary: unknown; changes: unknown[] };
    expect(json.summary).toEqual({ gained: 6, lost: 32 });
    expect(json.changes).toHaveLength(38);
  });
});

describe('diffPolicies', () => {
  const revision = (users: string, entries: string) =>
    parsePolicyText(
      ['engine: activemq/5.19.8', 'users:', users, 'authorization:', '  entries:', entries].join('\n'),
      'inline.yaml',
    );

  it('reports connect for a user added or removed', () => {
    const entries = "    - {queue: 'A', read: [g]}";
    const before = revision('  - {username: old, groups: [g]}', entries);
    const after = revision('  - {username: new, groups: [g]}', entries);
    expect(diffPolicies(before, after).map(line)).toEqual([
      'user new gained connect -',
      'user new gained request-reply -',
      'user new gained consume queue://A',
      'user new gained browse queue://A',
      'user old lost connect -',
      'user old lost request-reply -',
      'user old lost consume queue://A',
      'user old lost browse queue://A',
    ]);
  });

  it('sees a grant through a new group membership, not just through entries', () => {
    const entries = "    - {queue: 'A', write: [writers], admin: [writers]}";
    const before = revision('  - {username: u, groups: [readers]}', entries);
    const after = revision('  - {username: u, groups: [readers, writers]}', entries);
    expect(diffPolicies(before, after).map(line)).toEqual([
      'user u gained produce queue://A',
      'user u gained create queue://A',
    ]);
  });
});
