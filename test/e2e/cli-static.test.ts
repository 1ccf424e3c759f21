import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';

const root = join(__dirname, '../..');
const orders = join(root, 'examples/orders/policy.yaml');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('amq-auth explain', () => {
  it('names the entries that decide', async () => {
    const r = await run(
      'explain',
      orders,
      '--user',
      'orders-writer',
      '--destination',
      'queue://ORDERS.new',
      '--operation',
      'produce',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('ALLOWED');
    expect(r.out).toMatch(/deciding entries: queue:\/\/ORDERS\.>/);
  });

  it('answers in JSON', async () => {
    const r = await run(
      'explain',
      orders,
      '--user',
      'billing',
      '--destination',
      'queue://ORDERS.new',
      '--operation',
      'consume',
      '--format',
      'json',
    );
    const decision = JSON.parse(r.out);
    expect(decision.allowed).toBe(false);
    expect(decision.aclGroups).toEqual(expect.arrayContaining(['admins', 'order-consumers']));
  });

  it('reads an Amazon MQ broker XML with a separate users file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-'));
    const xml = join(dir, 'broker.xml');
    writeFileSync(
      xml,
      `<broker xmlns="http://activemq.apache.org/schema/core">
  <plugins>
    <authorizationPlugin><map><authorizationMap><authorizationEntries>
      <authorizationEntry queue="&gt;" read="admins,users" write="admins" admin="admins"/>
    </authorizationEntries></authorizationMap></map></authorizationPlugin>
  </plugins>
</broker>
`,
    );
    const users = join(dir, 'users.yaml');
    writeFileSync(users, 'users:\n  - username: app-user\n    groups: [users]\n');
    const r = await run(
      'explain',
      xml,
      '--users',
      users,
      '--user',
      'app-user',
      '--destination',
      'queue://X',
      '--operation',
      'consume',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('ALLOWED');
    expect(r.out).toContain('queue://>');
  });

  it('exits 2 with file, line and column for an invalid policy, without the password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'engine: amazon-mq/5.18\nusers:\n  - username: a\n    password: "Sup3rSecret=Value"\n    groups: [g1]\n',
    );
    const r = await run('explain', bad, '--user', 'a', '--operation', 'connect');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:3:`);
    expect(r.err).not.toContain('Sup3rSecret');
  });

  it('exits 2 on a usage error', async () => {
    const r = await run('explain', orders, '--user', 'billing', '--operation', 'produce');
    expect(r.code).toBe(2);
    expect(r.err).toContain('needs --destination');
  });

  it('says which names a wildcard subscription the broker admits still receives nothing from', async () => {
    const composites = join(root, 'test/fixtures/regressions/composites.yaml');
    const args = ['explain', composites, '--user', 'only-a', '--operation', 'wildcard-consume'];
    const admitted = await run(...args, '--destination', 'queue://*.orders');
    expect(admitted.code).toBe(0);
    expect(admitted.out).toMatch(/^only-a wildcard-consume queue:\/\/\*\.orders: ALLOWED/);
    const withheld = await run(
      ...args,
      '--destination',
      'queue://*.orders',
      '--receive-from',
      'queue://EU.orders',
    );
    expect(withheld.code).toBe(0);
    expect(withheld.out).toMatch(/: DENIED\n.*leaves queue:\/\/EU\.orders out of the subscription/);
    expect(withheld.out).toContain('matched entries:  queue://>, queue://*.orders');
    const readable = await run(
      ...args,
      '--destination',
      'queue://*.orders',
      '--receive-from',
      'queue://A.orders',
    );
    expect(readable.out).toMatch(/: ALLOWED/);
    const misplaced = await run(
      'explain',
      composites,
      '--user',
      'only-a',
      '--operation',
      'consume',
      '--destination',
      'queue://A.orders',
      '--receive-from',
      'queue://A.orders',
    );
    expect(misplaced.code).toBe(2);
    expect(misplaced.err).toContain('--receive-from applies to --operation wildcard-consume');
  });
});

describe('amq-auth generate', () => {
  it('writes the broker XML without real passwords unless asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-'));
    const file = join(dir, 'activemq.xml');
    const r = await run('generate', orders, '-o', file);
    expect(r.code).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<authorizationPlugin>');
    expect(xml).toContain('password="${AMQ_PASSWORD_ORDERS_WRITER}"');
  });

  it.each([
    ['examples/orders/policy.yaml', 'broker-config/orders.activemq.xml'],
    ['examples/multi-tenant/policy.yaml', 'broker-config/multi-tenant.activemq.xml'],
  ])(
    'checked-in XML of %s is up to date (npm run examples:generate refreshes it)',
    async (policy, xmlPath) => {
      const r = await run('generate', join(root, policy));
      expect(r.code).toBe(0);
      expect(r.out + '\n').toBe(readFileSync(join(root, xmlPath), 'utf8'));
    },
  );
});

describe('amq-auth lint, diff and generate --amazon-mq', () => {
  it('lints the examples clean and exits 1 on an error finding', async () => {
    const clean = await run('lint', orders, '--format', 'json');
    expect(clean.code).toBe(0);
    const findings = JSON.parse(clean.out);
    expect(JSON.stringify(findings)).not.toMatch(/"severity":\s*"(error|warning)"/);

    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-'));
    const xml = join(dir, 'amazon-mq.xml');
    writeFileSync(
      xml,
      '<broker xmlns="http://activemq.apache.org/schema/core">\n  <transportConnectors>\n    <transportConnector name="stomp" uri="stomp+ssl://0.0.0.0:61614"/>\n  </transportConnectors>\n</broker>\n',
    );
    const users = join(dir, 'users.yaml');
    writeFileSync(users, 'users:\n  - username: app-user\n    groups: [users]\n');
    // A stomp connector alone makes the XML a self-hosted broker's; --engine judges it for Amazon MQ.
    const selfHosted = await run('lint', xml, '--users', users);
    expect(selfHosted.code).toBe(0);
    expect(selfHosted.out).toContain('judged as activemq/5.18.7');
    const bad = await run('lint', xml, '--users', users, '--engine', 'amazon-mq/5.18');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('TRANSPORT_CONNECTOR_REJECTED');
    expect(bad.out).toMatch(/amazon-mq\.xml:3:/);
  });

  it('diffs two revisions in markdown', async () => {
    const r = await run(
      'diff',
      orders,
      join(root, 'test/fixtures/lint/orders-revision-2.yaml'),
      '--format',
      'markdown',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('6 gained, 32 lost');
  });

  it('writes Amazon MQ configuration and users without passwords', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-'));
    const r = await run('generate', '--amazon-mq', orders, '-o', dir);
    expect(r.code).toBe(0);
    const users = JSON.parse(readFileSync(join(dir, 'users.json'), 'utf8'));
    expect(users.map((u: { Username: string }) => u.Username)).toContain('orders-writer');
    expect(JSON.stringify(users)).not.toContain('Password');
    expect(readFileSync(join(dir, 'configuration.xml'), 'utf8')).toContain('authorizationPlugin');
  });
});

describe('amq-auth explain as each protocol default client connects', () => {
  const map = 'test/fixtures/real-world/amazon-mq-console-map.yaml';
  /** `explain` of order-publisher's connect over `protocol`, with more options. */
  const connect = (protocol: string, ...more: string[]) =>
    run(
      'explain',
      map,
      '--user',
      'order-publisher',
      '--operation',
      'connect',
      '--protocol',
      protocol,
      ...more,
    );

  it('refuses a default JMS connection without read on the temp-destination advisories, naming the entries', async () => {
    const r = await connect('openwire', '--format', 'json');
    expect(r.code).toBe(0);
    const decision = JSON.parse(r.out);
    expect(decision).toMatchObject({ allowed: false, permission: 'read', aclGroups: ['admins'] });
    expect(decision.matchedEntries).toEqual(['topic://>', 'topic://ActiveMQ.Advisory.>']);
    const minimal = await connect('openwire', '--client', 'minimal', '--format', 'json');
    expect(JSON.parse(minimal.out).allowed).toBe(true);
  });

  it('says a connect is refused on a cold broker before 5.19.8, and not with the fix', async () => {
    const cold = await connect('stomp', '--cold');
    expect(cold.out).toMatch(
      /DENIED[\s\S]*not authorized to create: topic:\/\/ActiveMQ\.Advisory\.Connection/,
    );
    const fixed = await connect('stomp', '--cold', '--broker-version', '5.19.8');
    expect(fixed.out).toMatch(/^order-publisher connect: ALLOWED/);
  });
});
