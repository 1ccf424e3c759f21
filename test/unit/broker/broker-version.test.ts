/** Which release a run starts for an engine, and that every release the harness names by default is pinned. */
import { AMAZON_MQ_PATCH, brokerVersionFor } from '../../../src/broker/distribution/broker-version';
import { pinnedManifest, pinnedVersions } from '../../../src/broker/distribution/manifest';
import { UsageError } from '../../../src/core/errors';
import { parseEngine } from '../../../src/policy/engine';

function engine(text: string) {
  const parsed = parseEngine(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.engine;
}

describe('brokerVersionFor', () => {
  it('runs the fixed patch of an Amazon MQ minor version, and exactly the release an activemq engine names', () => {
    expect(brokerVersionFor(engine('amazon-mq/5.18')).version).toBe('5.18.7');
    expect(brokerVersionFor(engine('amazon-mq/5.19')).version).toBe('5.19.1');
    expect(brokerVersionFor(engine('activemq/5.18.3')).version).toBe('5.18.3');
    expect(brokerVersionFor(engine('amazon-mq/5.18.4')).version).toBe('5.18.4');
  });

  it('lets --broker-version win, and says so', () => {
    const choice = brokerVersionFor(engine('amazon-mq/5.18'), '5.19.1');
    expect(choice).toEqual({
      version: '5.19.1',
      why: 'broker version 5.19.1 (--broker-version; the engine is amazon-mq/5.18)',
    });
  });

  it('refuses an override that is not major.minor.patch, and an Amazon MQ minor it knows no release of', () => {
    expect(() => brokerVersionFor(engine('amazon-mq/5.18'), '5.19')).toThrow(UsageError);
    expect(() => brokerVersionFor(engine('amazon-mq/5.17'))).toThrow(
      /knows no broker release for engine amazon-mq\/5.17/,
    );
  });
});

describe('pinned distributions', () => {
  it('pin every release an engine names by default', () => {
    for (const version of Object.values(AMAZON_MQ_PATCH)) expect(pinnedVersions()).toContain(version);
  });

  it.each(pinnedVersions())(
    '%s: every file has a repository path, a place, a SHA-256 and a size',
    (version) => {
      const manifest = pinnedManifest(version)!;
      expect(manifest.version).toBe(version);
      expect(manifest.files.length).toBeGreaterThan(0);
      for (const file of manifest.files) {
        expect(file.path).toMatch(/^[a-z][\w.-]*(\/[\w.+-]+)+\.(jar|tar\.gz)$/);
        expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(file.size).toBeGreaterThan(0);
      }
      const places = manifest.files.map((f) => f.to);
      expect(new Set(places).size).toBe(places.length);
      if (manifest.source === 'assembled') {
        expect(places).toContain('bin/activemq.jar');
        // the release's broker and client: as module jars, or inside the release's activemq-all (6.2.7)
        const modules = [`lib/activemq-broker-${version}.jar`, `lib/activemq-client-${version}.jar`];
        if (!places.includes(`lib/activemq-all-${version}.jar`))
          expect(places).toEqual(expect.arrayContaining(modules));
        for (const s of manifest.substitutes) expect(s.why.length).toBeGreaterThan(20);
      }
    },
  );
});
