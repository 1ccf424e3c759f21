import { join } from 'node:path';
import { generateForAmazonMq, sanitizeForAmazonMq, secretReference } from '../../../src/amazon-mq';
import { parseBrokerXml } from '../../../src/activemq-xml/parse';
import { loadPolicyFile, parsePolicyText } from '../../../src/policy';
import { parse as parseYaml } from 'yaml';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

describe.each(['orders', 'multi-tenant'])('generateForAmazonMq for examples/%s', (name) => {
  const policy = loadPolicyFile(join(EXAMPLES, name, 'policy.yaml'));
  const out = generateForAmazonMq(policy, { withPasswords: false });

  it('writes a configuration Amazon MQ keeps exactly as it is', () => {
    const result = sanitizeForAmazonMq(out.configurationXml, policy.engine.version);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(out.configurationXml).toMatch(
      /^<\?xml [^>]*\?>\n<broker xmlns="http:\/\/activemq.apache.org\/schema\/core">/,
    );
  });

  it('carries the same authorization map and destinations, and no users', () => {
    const parsed = parseBrokerXml(out.configurationXml, 'amazon-mq.xml');
    expect(parsed.users).toBeNull();
    expect(parsed.destinations).toEqual(policy.destinations);
    const strip = (m: typeof parsed.authorization) =>
      m && {
        entries: m.entries.map(({ location: _l, ...e }) => e),
        temp: m.tempDestinationEntry && { ...m.tempDestinationEntry, location: undefined },
      };
    expect(strip(parsed.authorization)).toEqual(strip(policy.authorization));
  });

  it('lists users for the API without passwords unless asked', () => {
    const users = JSON.parse(out.usersJson) as Record<string, unknown>[];
    expect(users.map((u) => u.Username)).toEqual(policy.users.map((u) => u.username));
    for (const u of users) {
      expect(Object.keys(u).sort()).toEqual(['ConsoleAccess', 'Groups', 'Username']);
    }
    for (const u of policy.users) {
      const secret = u.password.reveal();
      expect(out.usersJson).not.toContain(secret);
      expect(out.cloudFormationUsers).not.toContain(secret);
      expect(out.configurationXml).not.toContain(secret);
    }
  });

  it('gives CloudFormation a Secrets Manager reference per user when passwords are not written', () => {
    const cfn = parseYaml(out.cloudFormationUsers) as { Users: { Username: string; Password: string }[] };
    expect(cfn.Users.map((u) => u.Password)).toEqual(policy.users.map((u) => secretReference(u.username)));
  });
});

describe('generateForAmazonMq users', () => {
  const policy = parsePolicyText(
    [
      'engine: amazon-mq/5.18',
      'users:',
      "  - {username: ops, password: 'Correct-Horse-9', groups: [admins, activemq-webconsole]}",
      "  - {username: app, password: 'Battery-Staple-7', groups: [apps]}",
      'authorization:',
      '  entries:',
      "    - {queue: '>', read: [admins], write: [admins], admin: [admins]}",
    ].join('\n'),
    'inline.yaml',
  );

  it('writes passwords only when asked', () => {
    const out = generateForAmazonMq(policy, { withPasswords: true });
    const users = JSON.parse(out.usersJson) as { Username: string; Password?: string }[];
    expect(users.map((u) => u.Password)).toEqual(['Correct-Horse-9', 'Battery-Staple-7']);
    expect(out.cloudFormationUsers).toContain('Correct-Horse-9');
    expect(generateForAmazonMq(policy).usersJson).not.toContain('Correct-Horse-9');
  });

  it('turns the console group into ConsoleAccess', () => {
    const users = JSON.parse(generateForAmazonMq(policy).usersJson) as {
      Groups: string[];
      ConsoleAccess: boolean;
    }[];
    expect(users).toEqual([
      { Username: 'ops', Groups: ['admins'], ConsoleAccess: true },
      { Username: 'app', Groups: ['apps'], ConsoleAccess: false },
    ]);
  });

  it('refuses a policy that is not for Amazon MQ', () => {
    const local = {
      ...policy,
      engine: { ...policy.engine, flavour: 'activemq' as const, id: 'activemq/5.17.2' },
    };
    expect(() => generateForAmazonMq(local)).toThrow(/not Amazon MQ/);
  });
});
