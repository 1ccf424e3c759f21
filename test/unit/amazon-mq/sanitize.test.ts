import { sanitizeForAmazonMq } from '../../../src/amazon-mq';

const CORE = 'http://activemq.apache.org/schema/core';

function broker(inner: string, attrs = ''): string {
  return `<broker xmlns="${CORE}"${attrs}>\n${inner}\n</broker>`;
}

describe('sanitizeForAmazonMq', () => {
  it('keeps an allowed configuration unchanged', () => {
    const xml = broker(
      '  <plugins>\n    <authorizationPlugin>\n      <map>\n        <authorizationMap>\n          <authorizationEntries>\n            <authorizationEntry queue="&gt;" read="admins" write="admins" admin="admins"/>\n          </authorizationEntries>\n        </authorizationMap>\n      </map>\n    </authorizationPlugin>\n  </plugins>',
    );
    const result = sanitizeForAmazonMq(xml, '5.18');
    expect(result.warnings).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.xml).toBe(`${xml}\n`);
  });

  it('removes authentication plugins, saying users come from the API', () => {
    const result = sanitizeForAmazonMq(
      broker(
        '  <plugins>\n    <simpleAuthenticationPlugin><users><authenticationUser username="a" password="hunter2hunter2" groups="g"/></users></simpleAuthenticationPlugin>\n  </plugins>',
      ),
      '5.18',
    );
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: 'DISALLOWED_ELEMENT_REMOVED',
        element: 'broker/plugins/simpleAuthenticationPlugin',
        location: { file: 'configuration.xml', line: 3, column: 5 },
      }),
    ]);
    expect(result.warnings[0]?.message).toMatch(/API/);
    expect(result.xml).not.toContain('simpleAuthenticationPlugin');
    expect(result.xml).not.toContain('hunter2');
  });

  it('removes disallowed attributes, invalid values and placeholders, and keeps the rest', () => {
    const result = sanitizeForAmazonMq(
      broker(
        '',
        ' brokerName="x" schedulePeriodForDestinationPurge="soon" persistent="${p}" useVirtualTopics="true"',
      ),
      '5.18',
    );
    expect(result.warnings.map((w) => [w.code, w.attribute])).toEqual([
      ['DISALLOWED_ATTRIBUTE_REMOVED', 'brokerName'],
      ['INVALID_ATTRIBUTE_VALUE_REMOVED', 'schedulePeriodForDestinationPurge'],
      ['PLACEHOLDER_VALUE_REMOVED', 'persistent'],
    ]);
    expect(result.xml).toContain('useVirtualTopics="true"');
    expect(result.xml).not.toMatch(/brokerName|schedulePeriod|persistent/);
  });

  it('checks enumerations and ranges of the engine version', () => {
    const kaha = (attrs: string) =>
      broker(`  <persistenceAdapter>\n    <kahaDB ${attrs}/>\n  </persistenceAdapter>`);
    expect(
      sanitizeForAmazonMq(kaha('journalDiskSyncStrategy="periodic" checkpointInterval="5000"'), '5.18')
        .warnings,
    ).toEqual([]);
    const bad = sanitizeForAmazonMq(
      kaha('journalDiskSyncStrategy="sometimes" checkpointInterval="1"'),
      '5.18',
    );
    expect(bad.warnings.map((w) => w.attribute)).toEqual(['journalDiskSyncStrategy', 'checkpointInterval']);
    expect(bad.warnings[0]?.message).toContain('one of always, periodic, never');
  });

  it('differs between engine versions', () => {
    const xml = broker('', ' maxUncommittedCount="10"');
    const on = (v: string) => sanitizeForAmazonMq(xml, v).warnings.map((w) => w.attribute);
    expect(on('5.19')).toEqual([]);
    expect(on('5.18')).toEqual(['maxUncommittedCount']);
  });

  it('rejects a transport connector that is not openwire', () => {
    const result = sanitizeForAmazonMq(
      broker('  <transportConnectors>\n    <transportConnector name="mqtt"/>\n  </transportConnectors>'),
      '5.18',
    );
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'TRANSPORT_CONNECTOR_REJECTED', attribute: 'name' }),
    ]);
    expect(result.errors[0]?.message).toContain('name="mqtt"');
  });

  it('never prints the value of a password attribute', () => {
    const result = sanitizeForAmazonMq(
      broker(
        '  <networkConnectors>\n    <networkConnector password="s3cret-value"/>\n  </networkConnectors>',
      ),
      '5.18',
    );
    expect(JSON.stringify(result.warnings)).not.toContain('s3cret-value');
  });

  it('takes the broker out of a Spring <beans> wrapper', () => {
    const result = sanitizeForAmazonMq(
      `<beans xmlns="http://www.springframework.org/schema/beans">\n${broker('')}\n</beans>`,
      '5.18',
    );
    expect(result.warnings.map((w) => w.code)).toEqual(['BROKER_NOT_ROOT']);
    expect(result.xml.startsWith('<broker')).toBe(true);
  });
});
