/**
 * The Node majors CI tests besides the machine's own. For each release `.ci/node-versions.json` pins in
 * `extra`: Node's own binary from the npm registry (the package `node-<platform>-<arch>`, which holds
 * `bin/node` and no npm, so the machine's npm runs on it), a clean `npm ci` under it in a scratch copy of
 * the working tree, the suites of MATRIX_SUITES under it, and the consumer project (test/consumer)
 * installing the tarball `npm pack` made in that copy and running `describePolicy` against a real broker.
 *
 * `.ci/run` calls it after the main test run. Alone: `npx tsx scripts/node-matrix.ts [major ...]`
 * (default every pinned release). Writes `reports/node-<major>/` (Jest's JSON of both runs) and
 * `reports/node-matrix.json` (counts and seconds per step), prints one line per major and ends with
 * `node matrix: N passed, N failed`; exits 1 on any failure. AMQ_AUTH_KEEP_MATRIX=1 keeps the scratch folder.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { defaultXsdDir } from './extract-amazon-mq-allowlist';

/**
 * What runs on every extra major besides the consumer project (describePolicy from the packed package on
 * the local runtime): unit, property and CLI tests, and a check through the Testcontainers runtime
 * (Testcontainers 11 builds or pulls the image, starts the broker container, maps its ports, removes it).
 * The other real-broker suites run once, on the main major (`.ci/run`'s `npm test`): they take about 8 of
 * its minutes, and twice more would break CI's 20.
 */
export const MATRIX_SUITES = [
  'test/unit/',
  'test/e2e/',
  'test/integration/check-testcontainers.test.ts',
] as const;

export const NODE_VERSIONS_FILE = '.ci/node-versions.json';

export interface NodeVersions {
  /** the major of the machine's own Node, which runs the whole suite in `.ci/run` */
  main: number;
  /** exact releases of the registry's Node binary packages */
  extra: string[];
}

export function readNodeVersions(root: string): NodeVersions {
  const raw = JSON.parse(readFileSync(join(root, NODE_VERSIONS_FILE), 'utf8')) as Partial<NodeVersions>;
  if (typeof raw.main !== 'number' || !Array.isArray(raw.extra)) {
    throw new Error(`${NODE_VERSIONS_FILE}: expected { "main": <major>, "extra": ["<x.y.z>", ...] }`);
  }
  for (const v of raw.extra) {
    if (typeof v !== 'string' || !/^\d+\.\d+\.\d+$/.test(v)) {
      throw new Error(`${NODE_VERSIONS_FILE}: ${JSON.stringify(v)} is not an exact release such as 24.22.3`);
    }
  }
  return { main: raw.main, extra: raw.extra };
}

export const majorOf = (version: string): number => Number(version.replace(/^v/, '').split('.')[0]);

/** Every major CI tests, the main one first. */
export function testedMajors(versions: NodeVersions): number[] {
  return [versions.main, ...versions.extra.map(majorOf)];
}

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
  numRuntimeErrorTestSuites: number;
}

/**
 * Counts from Jest's `--json` output, as `.ci/run` reads its own: a suite that failed to run and a run in
 * which no test ran count as failures.
 */
export function jestCounts(json: JestJson): Counts {
  return {
    passed: json.numPassedTests,
    failed: json.numFailedTests + json.numRuntimeErrorTestSuites + (json.numTotalTests === 0 ? 1 : 0),
    skipped: json.numPendingTests + json.numTodoTests,
  };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}

const NONE: Counts = { passed: 0, failed: 0, skipped: 0 };

interface StepRecord {
  name: string;
  seconds: number;
  ok: boolean;
  /** for a Jest step: what its JSON says */
  counts?: Counts;
  detail?: string;
}

interface MajorRecord {
  major: number;
  version: string;
  steps: StepRecord[];
  counts: Counts;
  seconds: number;
}

function say(line: string): void {
  process.stdout.write(`node-matrix: ${line}\n`);
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): number {
  const child = spawnSync(command, args, { ...options, stdio: 'inherit' });
  if (child.error) {
    say(`${command} could not start: ${child.error.message}`);
    return 1;
  }
  return child.status ?? 1;
}

function output(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  const child = spawnSync(command, args, {
    ...options,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${child.status}`);
  return child.stdout;
}

/** The npm that runs this script, as a file any node can run (the registry's Node packages ship none). */
function npmCli(): string {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, 'npm');
    if (!folder || !existsSync(candidate)) continue;
    const cli = join(dirname(realpathSync(candidate)), 'npm-cli.js');
    if (existsSync(cli)) return cli;
  }
  throw new Error('no npm-cli.js found behind the npm on PATH');
}

/** Unpacks `bin/node` of the registry's package for this platform, and npm/npx launchers that run on it. */
function installNode(version: string, work: string, env: NodeJS.ProcessEnv): string {
  const pkg = `node-${process.platform}-${process.arch}@${version}`;
  const tarball = output('npm', ['pack', pkg, '--silent', '--pack-destination', work], { cwd: work, env })
    .trim()
    .split('\n')
    .pop()!;
  const prefix = join(work, `node-${version}`);
  mkdirSync(prefix, { recursive: true });
  const tar = spawnSync(
    'tar',
    ['-xzf', join(work, tarball), '-C', prefix, '--strip-components=1', 'package/bin/node'],
    {
      stdio: 'inherit',
    },
  );
  if (tar.status !== 0) throw new Error(`could not unpack bin/node from ${tarball}`);
  rmSync(join(work, tarball));
  const bin = join(prefix, 'bin');
  const cli = npmCli();
  for (const [name, file] of [
    ['npm', cli],
    ['npx', join(dirname(cli), 'npx-cli.js')],
  ] as const) {
    writeFileSync(join(bin, name), `#!/bin/sh\nexec "${join(bin, 'node')}" "${file}" "$@"\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

/** The working tree as git sees it (tracked and untracked files, ignored ones left out), without .git. */
function copyWorkingTree(root: string, target: string): void {
  const files = output('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
    .split('\0')
    .filter((f) => f && existsSync(join(root, f)));
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(root, file), join(target, file), { verbatimSymlinks: true });
  }
}

function readCounts(file: string): Counts | undefined {
  if (!existsSync(file)) return undefined;
  return jestCounts(JSON.parse(readFileSync(file, 'utf8')) as JestJson);
}

function runMajor(root: string, work: string, version: string): MajorRecord {
  const major = majorOf(version);
  const started = performance.now();
  const out = join(root, 'reports', `node-${major}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const record: MajorRecord = { major, version, steps: [], counts: NONE, seconds: 0 };

  const step = (name: string, body: () => Omit<StepRecord, 'name' | 'seconds'>): boolean => {
    say(`node ${major}: ${name}`);
    const t0 = performance.now();
    let result: Omit<StepRecord, 'name' | 'seconds'>;
    try {
      result = body();
    } catch (error) {
      result = { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    record.steps.push({ name, seconds, ...result });
    // a step without a Jest report of its own counts as one failure
    record.counts = addCounts(record.counts, result.counts ?? (result.ok ? NONE : { ...NONE, failed: 1 }));
    if (!result.ok) say(`node ${major}: ${name} failed${result.detail ? `: ${result.detail}` : ''}`);
    else if (result.detail) say(`node ${major}: ${name}: ${result.detail}`);
    return result.ok;
  };

  // npm (and `npx tsx`, which may run this script) hands its children npm_* variables, the outer npm's
  // config and node path among them; the runs under this major start without them.
  const clean: NodeJS.ProcessEnv = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'),
    ),
    // the scratch copy sits elsewhere: inputs found next to the working tree are named where they are
    AMAZON_MQ_XSD_DIR: defaultXsdDir(),
  };
  let env: NodeJS.ProcessEnv = clean;
  const repo = join(work, `repo-${major}`);
  let packed = '';
  const jestStep = (status: number, report: string, what: string) => {
    const counts = readCounts(report);
    if (!counts) return { ok: false, detail: `${what} wrote no ${report}` };
    // Jest failing with every test passed (e.g. a snapshot it refused) is still a failure
    const ok = status === 0 && counts.failed === 0;
    return { ok, counts: ok || counts.failed > 0 ? counts : { ...counts, failed: 1 } };
  };

  const ready =
    step('fetch', () => {
      const bin = installNode(version, work, env);
      env = { ...clean, PATH: `${bin}${delimiter}${clean.PATH ?? ''}` };
      const node = output('node', ['--version'], { cwd: work, env }).trim();
      // `npm version` reports the versions of the node that runs npm itself
      const npm = JSON.parse(output('npm', ['version', '--json'], { cwd: work, env })) as Record<
        string,
        string
      >;
      if (node !== `v${version}` || npm.node !== version) {
        return { ok: false, detail: `PATH gives node ${node}, npm ${npm.npm} runs on node ${npm.node}` };
      }
      return {
        ok: true,
        detail: `node-${process.platform}-${process.arch}@${version}, npm ${npm.npm} on it`,
      };
    }) &&
    step('copy', () => {
      copyWorkingTree(root, repo);
      const missing = MATRIX_SUITES.filter((suite) => !existsSync(join(repo, suite)));
      return missing.length ? { ok: false, detail: `no ${missing.join(', ')} to run` } : { ok: true };
    }) &&
    step('npm ci', () => ({ ok: run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repo, env }) === 0 }));
  if (ready) {
    const report = join(out, 'jest-results.json');
    step('jest', () => {
      const args = ['--no-install', 'jest', '--ci', '--json', `--outputFile=${report}`, ...MATRIX_SUITES];
      return jestStep(run('npx', args, { cwd: repo, env }), report, 'jest');
    });
    const consumerReady = step('pack', () => {
      // npm ci's `prepare` built dist/ under this Node already
      const json = output('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
        cwd: repo,
        env,
      });
      packed = join(work, (JSON.parse(json) as Array<{ filename: string }>)[0]!.filename);
      return { ok: existsSync(packed), detail: packed };
    });
    if (consumerReady) {
      const consumerReport = join(out, 'consumer-results.json');
      step('consumer', () => {
        const status = run('bash', ['test/consumer/run.sh', '--json', consumerReport, packed], {
          cwd: repo,
          env: { ...env, AMQ_AUTH_CONSUMER_NODE: `v${version}` },
        });
        return jestStep(status, consumerReport, 'the consumer project');
      });
    }
  }
  record.seconds = Math.round((performance.now() - started) / 100) / 10;
  return record;
}

function main(): void {
  const root = join(__dirname, '..');
  const versions = readNodeVersions(root);
  const wanted = process.argv.slice(2).map(Number);
  const releases = wanted.length ? versions.extra.filter((v) => wanted.includes(majorOf(v))) : versions.extra;
  if (releases.length === 0) throw new Error(`no release of ${wanted.join(', ')} in ${NODE_VERSIONS_FILE}`);

  mkdirSync(join(root, 'reports'), { recursive: true });
  rmSync(join(root, 'reports', 'node-matrix.json'), { force: true });
  const work = mkdtempSync(join(tmpdir(), 'amq-auth-node-matrix-'));
  const started = performance.now();
  const majors: MajorRecord[] = [];
  try {
    for (const version of releases) majors.push(runMajor(root, work, version));
  } finally {
    if (process.env.AMQ_AUTH_KEEP_MATRIX) say(`kept ${work}`);
    else spawnSync('rm', ['-rf', work], { stdio: 'inherit' });
  }

  const total = majors.reduce((sum, m) => addCounts(sum, m.counts), NONE);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  writeFileSync(
    join(root, 'reports', 'node-matrix.json'),
    `${JSON.stringify({ main: versions.main, majors, ...total, seconds }, null, 2)}\n`,
  );
  for (const m of majors) {
    const steps = m.steps.map((s) => `${s.name} ${s.seconds} s${s.ok ? '' : ' FAILED'}`);
    say(
      `node ${m.version}: ${m.counts.passed} passed, ${m.counts.failed} failed, ${m.counts.skipped} skipped`,
    );
    say(`node ${m.version}: ${m.seconds} s (${steps.join(', ')})`);
  }
  say(`done in ${seconds} s`);
  process.stdout.write(`node matrix: ${total.passed} passed, ${total.failed} failed\n`);
  if (total.failed > 0) process.exitCode = 1;
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`node-matrix: ${error instanceof Error ? error.message : String(error)}\n`);
    process.stdout.write('node matrix: 0 passed, 1 failed\n');
    process.exitCode = 1;
  }
}
