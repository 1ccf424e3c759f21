/**
 * The installed package as a consumer meets it: the Node this run was asked to use, the `amq-auth` command,
 * and the types of both entry points under the module resolutions a consumer's tsconfig may choose.
 */
import { spawnSync } from 'node:child_process';

/** Set by the script that runs this project (test/consumer/run.sh) to the `node --version` it put first on PATH. */
const expectedNode = process.env.AMQ_AUTH_CONSUMER_NODE;

(expectedNode ? test : test.skip)(`runs on Node ${expectedNode ?? '(not given)'}`, () => {
  expect(process.version).toBe(expectedNode);
});

test('the amq-auth command runs from node_modules/.bin', () => {
  const lint = spawnSync('node_modules/.bin/amq-auth', ['lint', 'policy/policy.yaml'], { encoding: 'utf8' });
  expect(lint.stderr).toBe('');
  expect(lint.stdout).toMatch(/^0 errors, 0 warnings, \d+ info$/m);
  expect(lint.status).toBe(0);
});

test.each(['tsconfig.json', 'tsconfig.node16.json', 'tsconfig.bundler.json'])(
  'its types compile with %s',
  (config) => {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', config], {
      encoding: 'utf8',
    });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  },
  60_000,
);
