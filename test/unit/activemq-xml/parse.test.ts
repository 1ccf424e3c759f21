import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBrokerXml, XML_DIAGNOSTIC, type ParsedBrokerXml } from '../../../src/activemq-xml/parse';
import { loadPropertiesFile, PlaceholderResolver } from '../../../src/activemq-xml/placeholders';
import { PolicyError } from '../../../src/core/errors';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'xml');

function parseFixture(name: string): ParsedBrokerXml {
  return parseBrokerXml(readFileSync(join(FIXTURES, name), 'utf8'), name);
}

function parseError(text: string): PolicyError {
  try {
    parseBrokerXml(text, 'broken.xml');
  } catch (err) {
    if (err instanceof PolicyError) return err;
    throw err;
  }
  throw new Error('expected a PolicyError');
}

function codes(parsed: ParsedBrokerXml): string[] {
  return parsed.diagnostics.map((d) => `${d.severity} ${d.code} ${d.location?.line}`);
}

describe('an Amazon MQ configuration', () => {
  const parsed = parseFixture('amazon-mq-configuration.xml');

  it('reads the documented example map with ids and positions', () => {
    const entries = parsed.authorization?.entries ?? [];
    expect(entries.map((e) => e.id)).toEqual([
      'queue://>',
      'topic://>',
      'queue://ORDERS.>',
      'topic://ActiveMQ.Advisory.>',
    ]);
    expect(entries[0]).toEqual({
      id: 'queue://>',
      type: 'queue',
      pattern: '>',
      read: ['admins', 'users', 'activemq-webconsole'],
      write: ['admins', 'activemq-webconsole'],
      admin: ['admins', 'activemq-webconsole'],
      location: { file: 'amazon-mq-configuration.xml', line: 28, column: 13 },
    });
    expect(entries[2]?.write).toEqual(['order-service', 'checkout']);
    expect(parsed.authorization?.tempDestinationEntry).toEqual({
      read: ['tempDestinationAdmins'],
      write: ['tempDestinationAdmins'],
      admin: ['tempDestinationAdmins'],
      location: { file: 'amazon-mq-configuration.xml', line: 34, column: 13 },
    });
    expect(parsed.authorization?.defaultEntry).toBeUndefined();
  });

  it('has no users (Amazon MQ keeps them outside the XML) and no complaints', () => {
    expect(parsed.users).toBeNull();
    expect(parsed.anonymousAccessAllowed).toBe(false);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.brokerName).toBeUndefined();
  });

  it('reads declared destinations but not the policyEntry patterns of destinationPolicy', () => {
    expect(parsed.destinations).toEqual([
      { kind: 'queue', name: 'ORDERS.incoming' },
      { kind: 'topic', name: 'EVENTS.order-created' },
    ]);
  });
});

describe('a plain activemq.xml with users', () => {
  const parsed = parseFixture('activemq-plain.xml');

  it('reads the broker name, users, trimmed groups and anonymous access', () => {
    expect(parsed.brokerName).toBe('billing-broker');
    expect(parsed.anonymousAccessAllowed).toBe(true);
    expect(parsed.users?.map((u) => [u.username, u.password.reveal(), u.groups, u.location.line])).toEqual([
      ['system', '${activemq.password}', ['admins'], 24],
      ['billing', 's3cr&t<pw"', ['billing', 'readers'], 25],
      ['auditor', 'auditorpw', ['readers'], 26],
    ]);
  });

  it('suffixes duplicate entry ids and leaves out entries with both or neither destination type', () => {
    expect(parsed.authorization?.entries.map((e) => `${e.id}@${e.location?.line}`)).toEqual([
      'queue://>@34',
      'queue://BILLING.>@35',
      'queue://BILLING.>#2@36',
      'topic://ActiveMQ.Advisory.>@37',
    ]);
    expect(parsed.authorization?.defaultEntry?.read).toEqual(['anonymous']);
  });

  it('explains each problem at its position', () => {
    expect(codes(parsed)).toEqual([
      `info ${XML_DIAGNOSTIC.UNKNOWN_ELEMENT} 18`,
      `error ${XML_DIAGNOSTIC.UNRESOLVED_PLACEHOLDER} 24`,
      `warning ${XML_DIAGNOSTIC.TEMP_ATTRIBUTE} 37`,
      `error ${XML_DIAGNOSTIC.ENTRY_BOTH_TYPES} 38`,
      `error ${XML_DIAGNOSTIC.ENTRY_NO_DESTINATION} 39`,
    ]);
    const both = parsed.diagnostics.find((d) => d.code === XML_DIAGNOSTIC.ENTRY_BOTH_TYPES);
    expect(both?.location).toEqual({ file: 'activemq-plain.xml', line: 38, column: 15 });
    expect(both?.hint).toMatch(/split/);
  });

  it('never puts a password into a diagnostic, and names the key of a placeholder it cannot resolve', () => {
    const text = JSON.stringify(parsed.diagnostics);
    expect(text).not.toContain('s3cr');
    const unresolved = parsed.diagnostics.find((d) => d.code === XML_DIAGNOSTIC.UNRESOLVED_PLACEHOLDER);
    expect(unresolved?.message).toBe(
      'password on <authenticationUser> is ${activemq.password}, with no value for ${activemq.password}; the broker would not start',
    );
    expect(unresolved?.location?.line).toBe(24);
  });

  it('reads queues and topics from <destinations>', () => {
    expect(parsed.destinations).toEqual([{ kind: 'queue', name: 'BILLING.invoices' }]);
  });
});

describe('the reference 5.17.2 broker configuration', () => {
  const parsed = parseFixture('reference-5.17.2.xml');

  it('reads all seven users', () => {
    expect(parsed.users?.map((u) => `${u.username}:${u.groups.join('+')}`)).toEqual([
      'admin:admins',
      'producer:producers',
      'consumer:consumers',
      'nobody:nogroup',
      'writer-noadmin:writers',
      'vip:vip',
      'advonly:advreaders',
    ]);
    expect(parsed.users?.find((u) => u.username === 'vip')?.password.reveal()).toBe('vippw');
  });

  it('reads the eight entries, including one whose attributes span two lines', () => {
    const entries = parsed.authorization?.entries ?? [];
    expect(entries.map((e) => e.id)).toEqual([
      'queue://>',
      'topic://>',
      'queue://ORDERS.>',
      'queue://ORDERS.vip',
      'topic://ORDERS.>',
      'topic://EVENTS.*',
      'queue://SCRATCH.>',
      'topic://ActiveMQ.Advisory.>',
    ]);
    expect(entries[3]).toMatchObject({ read: ['vip'], write: [], admin: [] });
    expect(entries[7]).toMatchObject({
      read: ['admins', 'producers', 'consumers', 'writers', 'vip', 'advreaders'],
      write: ['admins', 'producers', 'consumers', 'writers', 'vip'],
      location: { line: 29, column: 11 },
    });
    expect(parsed.authorization?.tempDestinationEntry?.admin).toEqual([
      'admins',
      'producers',
      'consumers',
      'writers',
      'vip',
    ]);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.brokerName).toBe('test-broker');
  });
});

describe('malformed XML', () => {
  it('points at the mismatched end tag', () => {
    const error = parseError('<broker>\n  <plugins>\n    <authorizationPlugin>\n  </plugins>\n</broker>\n');
    expect(error.location).toEqual({ file: 'broken.xml', line: 4, column: 3 });
    expect(error.message).toMatch(/not well-formed XML: .*mismatch/);
    expect(error.hint).toBeDefined();
    expect(error.describe()).toMatch(/^broken\.xml:4:3: not well-formed XML/);
  });

  it('refuses an unquoted attribute value, which ActiveMQ would refuse too', () => {
    const error = parseError(
      '<broker>\n  <destinations>\n    <queue physicalName=A/>\n  </destinations>\n</broker>',
    );
    expect(error.location).toMatchObject({ line: 3, column: 5 });
  });

  it('refuses an unescaped < in an attribute', () => {
    const error = parseError('<broker>\n\n  <plugins><authorizationPlugin x="a<b"/></plugins></broker>');
    expect(error.location?.line).toBe(3);
  });

  it('reports an empty file at line 1', () => {
    expect(parseError('').location).toEqual({ file: 'broken.xml', line: 1, column: 1 });
  });

  it('reports an unclosed element', () => {
    expect(parseError('<broker>\n  <plugins>\n').message).toMatch(/unclosed/);
  });

  it('refuses a file that is XML but no broker configuration', () => {
    const error = parseError('<?xml version="1.0"?>\n<project><name>x</name></project>');
    expect(error.message).toMatch(/no <broker> element/);
    expect(error.location).toMatchObject({ line: 2, column: 1 });
  });
});

describe('other shapes and rules', () => {
  const wrap = (plugins: string): string =>
    `<broker xmlns="http://activemq.apache.org/schema/core">\n  <plugins>\n${plugins}\n  </plugins>\n</broker>`;

  it('matches elements by local name whatever the prefix', () => {
    const parsed = parseBrokerXml(
      '<amq:broker xmlns:amq="http://activemq.apache.org/schema/core" brokerName="p"><amq:plugins>' +
        '<amq:authorizationPlugin><amq:map><amq:authorizationMap><amq:authorizationEntries>' +
        '<amq:authorizationEntry topic="T.>" write="w"/>' +
        '</amq:authorizationEntries></amq:authorizationMap></amq:map></amq:authorizationPlugin>' +
        '</amq:plugins></amq:broker>',
      'prefixed.xml',
    );
    expect(parsed.authorization?.entries.map((e) => [e.id, e.write])).toEqual([['topic://T.>', ['w']]]);
  });

  it('keeps a ${...} pattern it cannot resolve literally, as an error naming the key', () => {
    const parsed = parseBrokerXml(
      wrap(
        '<authorizationPlugin><map><authorizationMap><authorizationEntries>\n' +
          '<authorizationEntry queue="${app.prefix}.>" read="${readers}"/>\n' +
          '</authorizationEntries></authorizationMap></map></authorizationPlugin>',
      ),
      'p.xml',
    );
    expect(parsed.authorization?.entries[0]).toMatchObject({
      pattern: '${app.prefix}.>',
      read: ['${readers}'],
    });
    expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([
      [XML_DIAGNOSTIC.UNRESOLVED_PLACEHOLDER, 'error', 4],
      [XML_DIAGNOSTIC.UNRESOLVED_PLACEHOLDER, 'error', 4],
    ]);
    expect(parsed.diagnostics[0]?.message).toContain('no value for ${app.prefix}');
  });

  it('resolves placeholders from properties files, then the environment, then their default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-props-'));
    const props = join(dir, 'credentials.properties');
    writeFileSync(props, '# broker credentials\napp.prefix = ORDERS\nadmin.password=from-file-pw\n');
    const resolver = new PlaceholderResolver([loadPropertiesFile(props)], { READERS: 'readers' });
    const parsed = parseBrokerXml(
      wrap(
        '<simpleAuthenticationPlugin><users>\n' +
          '<authenticationUser username="${admin.user:admin}" password="${admin.password}" groups="admins"/>\n' +
          '</users></simpleAuthenticationPlugin>\n' +
          '<authorizationPlugin><map><authorizationMap><authorizationEntries>\n' +
          '<authorizationEntry queue="${app.prefix}.>" read="${READERS}"/>\n' +
          '</authorizationEntries></authorizationMap></map></authorizationPlugin>',
      ),
      'p.xml',
      resolver,
    );
    expect(parsed.users?.map((u) => [u.username, u.password.reveal()])).toEqual([['admin', 'from-file-pw']]);
    expect(parsed.authorization?.entries[0]).toMatchObject({ pattern: 'ORDERS.>', read: ['readers'] });
    const messages = parsed.diagnostics.map((d) => `${d.severity} ${d.message}`);
    expect(messages).toContain(`info password on <authenticationUser> resolved from ${props}:3`);
    expect(messages).toContain('info read="${READERS}" on <authorizationEntry> resolved from environment');
    expect(messages.join('\n')).not.toContain('from-file-pw');
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns about an entry that names only tempQueue, and leaves it out', () => {
    const parsed = parseBrokerXml(
      wrap(
        '<authorizationPlugin><map><authorizationMap><authorizationEntries>' +
          '<authorizationEntry tempQueue="true" read="apps"/>' +
          '</authorizationEntries></authorizationMap></map></authorizationPlugin>',
      ),
      'p.xml',
    );
    expect(parsed.authorization?.entries).toEqual([]);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual([XML_DIAGNOSTIC.TEMP_ATTRIBUTE]);
    expect(parsed.diagnostics[0]?.hint).toMatch(/tempDestinationAuthorizationEntry/);
  });

  it('says that JAAS users come from elsewhere', () => {
    const parsed = parseBrokerXml(wrap('<jaasAuthenticationPlugin configuration="activemq"/>'), 'j.xml');
    expect(parsed.users).toBeNull();
    expect(parsed.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: XML_DIAGNOSTIC.JAAS_AUTHENTICATION,
        location: { file: 'j.xml', line: 3, column: 1 },
        hint: expect.stringMatching(/users file/),
      }),
    ]);
  });

  it('flags an authorization map the harness cannot model as an error', () => {
    const parsed = parseBrokerXml(
      wrap(
        '<authorizationPlugin><map><cachedLDAPAuthorizationMap connectionURL="ldap://x"/></map></authorizationPlugin>',
      ),
      'l.xml',
    );
    expect(parsed.authorization).toBeNull();
    expect(parsed.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['error', XML_DIAGNOSTIC.UNSUPPORTED_AUTHORIZATION_MAP],
    ]);
  });

  it('warns about attributes it does not understand, such as groupClass', () => {
    const parsed = parseBrokerXml(
      wrap(
        '<authorizationPlugin><map><authorizationMap><authorizationEntries>' +
          '<authorizationEntry queue=">" read="a" groupClass="org.example.Role"/>' +
          '</authorizationEntries></authorizationMap></map></authorizationPlugin>',
      ),
      'g.xml',
    );
    expect(parsed.diagnostics.map((d) => d.code)).toEqual([XML_DIAGNOSTIC.UNKNOWN_ATTRIBUTE]);
    expect(parsed.diagnostics[0]?.message).toMatch(/groupClass/);
  });

  it('reads Spring boolean spellings of anonymousAccessAllowed and rejects others', () => {
    const anon = (value: string) =>
      parseBrokerXml(wrap(`<simpleAuthenticationPlugin anonymousAccessAllowed="${value}"/>`), 'a.xml');
    expect(anon('TRUE').anonymousAccessAllowed).toBe(true);
    expect(anon('yes').anonymousAccessAllowed).toBe(true);
    expect(anon('off').anonymousAccessAllowed).toBe(false);
    const bad = anon('maybe');
    expect(bad.anonymousAccessAllowed).toBe(false);
    expect(bad.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['error', XML_DIAGNOSTIC.INVALID_BOOLEAN],
    ]);
    expect(anon('${anon}').diagnostics.map((d) => d.code)).toEqual([XML_DIAGNOSTIC.UNRESOLVED_PLACEHOLDER]);
  });

  it('gives users an empty list, not null, when the plugin lists none', () => {
    expect(parseBrokerXml(wrap('<simpleAuthenticationPlugin/>'), 'u.xml').users).toEqual([]);
  });
});
