import { join } from 'node:path';
import { lintInput } from '../../../src/lint';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

describe.each(['orders', 'multi-tenant'])('lint of examples/%s', (name) => {
  it('has no errors and no warnings', () => {
    const result = lintInput(join(EXAMPLES, name, 'policy.yaml'));
    const serious = result.findings.filter((f) => f.severity !== 'info');
    expect(serious).toEqual([]);
    expect(result.counts.error + result.counts.warning).toBe(0);
  });
});
