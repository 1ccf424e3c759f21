/**
 * The model against ActiveMQ 5.17.2's own DefaultAuthorizationMap: fixtures/activemq-5.17.2-lookups.jsonl
 * holds generated maps (wildcards anywhere, default entries, composite and wildcard lookups) with the
 * ACLs the real class returned; fixtures/record-activemq-lookups.ts regenerates it.
 */
import type { AuthorizationMap } from '../../../src/core/types';
import { lookupAcl } from '../../../src/model/acl';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECORD_FILE, type RecordedCase } from './fixtures/record-activemq-lookups';

const cases = readFileSync(join(__dirname, 'fixtures', RECORD_FILE), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as RecordedCase);

describe('ACL lookups agree with ActiveMQ 5.17.2 DefaultAuthorizationMap', () => {
  it('has a meaningful record', () => {
    const lookups = cases.flatMap((c) => c.lookups);
    expect(lookups.length).toBeGreaterThan(1000);
    expect(lookups.filter((l) => l.read.length + l.write.length + l.admin.length > 0).length).toBeGreaterThan(
      300,
    );
  });

  it.each(cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    const map: AuthorizationMap = {
      entries: c.entries.map((e, n) => ({ ...e, id: `e${n}` })),
      defaultEntry: c.defaultEntry,
    };
    for (const l of c.lookups) {
      const acl = lookupAcl(map, { kind: l.kind, name: l.name }).acl;
      expect({ lookup: `${l.kind}://${l.name}`, acl }).toEqual({
        lookup: `${l.kind}://${l.name}`,
        acl: { read: l.read, write: l.write, admin: l.admin },
      });
    }
  });
});
