import { describePolicy, SNAPSHOT_TEST_TITLE } from '../../../src/jest';
import { failureOf, recordJest } from '../jest/jest-recorder';

const ORDERS = 'examples/orders/policy.yaml';

describe('describePolicy snapshot option', () => {
  it('adds one snapshot test after the cases, and none without the option', () => {
    const withSnapshot = recordJest();
    describePolicy(ORDERS, {
      globals: withSnapshot.globals,
      protocols: ['stomp'],
      capabilities: ['stomp'],
      snapshot: true,
    });
    const names = withSnapshot.recording.tests.map((t) => t.name);
    expect(names.filter((n) => n === SNAPSHOT_TEST_TITLE)).toHaveLength(1);
    expect(names.at(-1)).toBe('permission matrix matches the snapshot');

    const without = recordJest();
    describePolicy(ORDERS, { globals: without.globals, protocols: ['stomp'], capabilities: ['stomp'] });
    expect(without.recording.tests.map((t) => t.name)).not.toContain(SNAPSHOT_TEST_TITLE);
    expect(names).toHaveLength(without.recording.tests.length + 1);
  });

  it('fails the snapshot test, and records no snapshot, when the run never happened', async () => {
    const { recording, globals } = recordJest();
    const snapshots: unknown[] = [];
    globals.expect = (value) => ({ toMatchSnapshot: () => void snapshots.push(value) });
    describePolicy(ORDERS, { globals, protocols: ['stomp'], capabilities: ['stomp'], snapshot: true });
    const test = recording.tests.find((t) => t.name === SNAPSHOT_TEST_TITLE)!;
    expect(await failureOf(test)).toMatch(/the check run failed before this case was decided/);
    expect(snapshots).toEqual([]);
  });
});
