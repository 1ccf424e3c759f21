/** A local image is known by what it was built from, so a harness that pins other jars builds anew. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPLETE_MARKER, type Distribution } from '../../../src/broker/distribution/ensure-distribution';
import { imageContentKey } from '../../../src/broker/testcontainers/local-image';

function distribution(marker: string): Distribution {
  const home = mkdtempSync(join(tmpdir(), 'amq-auth-image-key-'));
  writeFileSync(join(home, COMPLETE_MARKER), marker);
  return {
    version: '5.19.1',
    home,
    source: 'assembled',
    pinned: true,
    substitutes: [],
    javaMajor: 11,
    cached: true,
  };
}

describe('imageContentKey', () => {
  it('is the same for the same distribution content, wherever it lies', async () => {
    const a = await imageContentKey(distribution('{"fingerprint":"one"}'));
    expect(await imageContentKey(distribution('{"fingerprint":"one"}'))).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with the distribution (another jar pinned)', async () => {
    const a = await imageContentKey(distribution('{"fingerprint":"one"}'));
    expect(await imageContentKey(distribution('{"fingerprint":"two"}'))).not.toBe(a);
  });
});
