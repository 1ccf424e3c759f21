/** The CI recipe for the deploy role: a valid workflow that reviews the role, fails on findings, uploads SARIF. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { TASK_NAMES } from '../../../src/iam/tasks';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, { paths?: string[] } | null>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; env: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(readFileSync('examples/ci/iam-review.yml', 'utf8')) as Workflow;
const job = workflow.jobs.review!;
const stepUsing = (action: string) => job.steps.find((s) => s.uses?.startsWith(`${action}@`));
const runs = job.steps.filter((s) => s.run?.includes('amq-auth iam'));

describe('examples/ci/iam-review.yml', () => {
  it('runs on changes of the role policies, on an ubuntu runner with Node 24', () => {
    expect(workflow.on.pull_request?.paths).toContain('iam/**');
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(stepUsing('actions/setup-node')?.with?.['node-version']).toBe(24);
  });

  it('names only tasks the command knows', () => {
    const tasks = job.env.TASKS!.split(',');
    expect(tasks.filter((t) => !(TASK_NAMES as readonly string[]).includes(t))).toEqual([]);
  });

  it('fails the job on warnings too, in a step that always runs', () => {
    const [review] = runs;
    expect(review?.run).toMatch(
      /^npx amq-auth iam \$POLICIES --boundary "\$BOUNDARY" --tasks "\$TASKS" \$TARGET --fail-on warning$/,
    );
    expect(review?.if).toBeUndefined();
  });

  it('writes SARIF even after a failed review, accepting exit 1 but not invalid input', () => {
    const sarif = runs[1];
    expect(sarif?.if).toContain('!cancelled()');
    expect(sarif?.run).toContain('--format sarif');
    expect(sarif?.run).toMatch(/> amq-auth-iam\.sarif \|\| \[ \$\? -eq 1 \]$/);
  });

  it('uploads the SARIF file to code scanning with the permission it needs', () => {
    const upload = stepUsing('github/codeql-action/upload-sarif');
    expect(upload?.if).toContain('!cancelled()');
    expect(upload?.with?.sarif_file).toBe('amq-auth-iam.sarif');
    expect(workflow.permissions['security-events']).toBe('write');
  });
});
