/**
 * The Node versions the project claims are the ones CI tests: `.ci/node-versions.json` (the main run's major
 * and the pinned releases scripts/node-matrix.ts runs), package.json's engines, the README's supported
 * versions and the CI recipe users copy all say the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  jestCounts,
  majorOf,
  MATRIX_SUITES,
  readNodeVersions,
  testedMajors,
} from '../../../scripts/node-matrix';

const versions = readNodeVersions('.');
const majors = testedMajors(versions);
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const readme = readFileSync('README.md', 'utf8');

function readmeSection(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('.ci/node-versions.json', () => {
  it('pins exact releases of majors other than the main one, Node 24 among the tested majors', () => {
    for (const v of versions.extra) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
    expect(new Set(majors).size).toBe(majors.length);
    expect(majors).toContain(24);
    expect(majors).toEqual([...majors].sort((a, b) => a - b));
  });

  it('matches engines: the oldest tested major is the floor', () => {
    expect(manifest.engines.node).toBe(`>=${Math.min(...majors)}`);
  });
});

describe('README, Supported Node versions', () => {
  const section = readmeSection('Supported Node versions');

  it('names exactly the majors CI tests', () => {
    const claim = /CI tests Node ((?:\d+)(?:(?:, | and )\d+)*)\b/.exec(section);
    expect(claim).not.toBeNull();
    expect(claim![1]!.split(/, | and /).map(Number)).toEqual(majors);
  });

  it('names the pinned releases and the suites every major runs', () => {
    for (const v of versions.extra) expect(section).toContain(v);
    for (const suite of MATRIX_SUITES) expect(section).toContain(suite.replace(/\/$/, ''));
  });

  it('gives the Testcontainers major the package depends on', () => {
    const major = /^\^(\d+)\./.exec(manifest.dependencies.testcontainers!)![1];
    expect(section).toContain(`Testcontainers ${major}`);
    expect(readmeSection('Development')).toContain(`| \`testcontainers\` (${major}.x) |`);
  });
});

describe('the CI recipes in examples/ci', () => {
  const recipes = readdirSync('examples/ci').filter((f) => f.endsWith('.yml'));

  it.each(recipes)('%s sets up the newest Node major CI tests', (file) => {
    const workflow = parse(readFileSync(`examples/ci/${file}`, 'utf8')) as {
      jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
    };
    const setups = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.filter((s) => s.uses?.startsWith('actions/setup-node@')),
    );
    expect(setups.length).toBeGreaterThan(0);
    for (const setup of setups) expect(setup.with?.['node-version']).toBe(Math.max(...majors));
  });
});

describe('test/consumer/project', () => {
  it('uses the test tools at the ranges the project itself is tested with', () => {
    const consumer = JSON.parse(readFileSync('test/consumer/project/package.json', 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    for (const [name, range] of Object.entries(consumer.devDependencies)) {
      expect(`${name}@${range}`).toBe(`${name}@${manifest.devDependencies[name]}`);
    }
  });
});

describe('jestCounts', () => {
  const run = { numPendingTests: 1, numTodoTests: 1, numRuntimeErrorTestSuites: 0 };

  it('counts passed, failed and skipped tests', () => {
    expect(jestCounts({ ...run, numPassedTests: 5, numFailedTests: 2, numTotalTests: 9 })).toEqual({
      passed: 5,
      failed: 2,
      skipped: 2,
    });
  });

  it('counts a suite that failed to run, and a run in which no test ran, as failures', () => {
    expect(
      jestCounts({
        ...run,
        numPassedTests: 3,
        numFailedTests: 0,
        numTotalTests: 5,
        numRuntimeErrorTestSuites: 2,
      }).failed,
    ).toBe(2);
    expect(
      jestCounts({
        ...run,
        numPendingTests: 0,
        numTodoTests: 0,
        numPassedTests: 0,
        numFailedTests: 0,
        numTotalTests: 0,
      }).failed,
    ).toBe(1);
  });

  it('reads majors from versions with or without a v', () => {
    expect(majorOf('v24.22.3')).toBe(24);
    expect(majorOf('22.23.5')).toBe(22);
  });
});
