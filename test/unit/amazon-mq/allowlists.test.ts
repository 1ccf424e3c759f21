/**
 * The checked-in allow-lists must be exactly what the extraction derives from Amazon MQ's XSDs. The XSDs
 * live outside the repository (AMAZON_MQ_XSD_DIR, default ../shared/amazon-mq-xsd); without them the
 * staleness check is skipped and says so.
 */
import { existsSync } from 'node:fs';
import { allowListsFromDir, defaultXsdDir } from '../../../scripts/extract-amazon-mq-allowlist';
import { ALLOW_LISTS, allowListFor } from '../../../src/amazon-mq/allowlists';
import { allowListFromXsd } from '../../../src/amazon-mq/xsd-allowlist';

const XSD_DIR = defaultXsdDir();
const haveXsds = existsSync(XSD_DIR);

(haveXsds ? describe : describe.skip)(`allow-lists derived from ${XSD_DIR}`, () => {
  const derived = haveXsds ? allowListsFromDir(XSD_DIR) : [];

  it('bundles one list per XSD', () => {
    expect(ALLOW_LISTS.map((l) => l.version)).toEqual(derived.map((l) => l.version));
  });

  it.each(derived.map((l) => [l.version, l] as const))('%s is up to date', (version, list) => {
    const bundled = ALLOW_LISTS.find((l) => l.version === version);
    expect(bundled).toEqual(list);
  });
});

describe('allow-list content', () => {
  const list = allowListFor('5.18').allowList;

  it('holds the facts Amazon MQ documents for the authorization section', () => {
    expect(Object.keys(list.elements['broker/plugins']?.children ?? {}).sort()).toEqual([
      'authorizationPlugin',
      'discardingDLQBrokerPlugin',
      'forcePersistencyModeBrokerPlugin',
      'redeliveryPlugin',
      'statisticsBrokerPlugin',
      'timeStampingBrokerPlugin',
    ]);
    expect(Object.keys(list.elements.authorizationEntry?.attributes ?? {})).toEqual([
      'admin',
      'queue',
      'read',
      'tempQueue',
      'tempTopic',
      'topic',
      'write',
    ]);
    expect(Object.keys(list.elements.authorizationMap?.children ?? {}).sort()).toEqual([
      'authorizationEntries',
      'defaultEntry',
      'tempDestinationAuthorizationEntry',
    ]);
    expect(list.elements.transportConnector?.attributes.name).toEqual({
      base: 'string',
      enumeration: ['openwire'],
    });
  });

  it('chooses the schema of the engine line, or the nearest older one', () => {
    expect(allowListFor('5.18').allowList.version).toBe('5.18.4');
    expect(allowListFor('5.19.2')).toMatchObject({ exact: true, allowList: { version: '5.19.1' } });
    expect(allowListFor('5.20')).toMatchObject({ exact: false, allowList: { version: '5.19.1' } });
    expect(allowListFor('5.14')).toMatchObject({ exact: false, allowList: { version: '5.15.16' } });
  });

  it('refuses XSD constructs it does not understand instead of misreading them', () => {
    const xsd = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="a"><xs:complexType><xs:all/></xs:complexType></xs:element>
</xs:schema>`;
    expect(() => allowListFromXsd(xsd, 'odd.xsd', '9.9.9')).toThrow(/xs:all/);
  });
});
