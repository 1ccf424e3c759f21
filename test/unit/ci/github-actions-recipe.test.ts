/** The CI recipe users copy: a valid workflow that checks with Testcontainers and keeps both reports. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { REPORT_FILE } from '../../../src/report/write-reports';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(readFileSync('examples/ci/github-actions.yml', 'utf8')) as Workflow;
const job = workflow.jobs.check!;
const stepUsing = (action: string) => job.steps.find((s) => s.uses?.startsWith(`${action}@`));

describe('examples/ci/github-actions.yml', () => {
  it('runs on an ubuntu runner with Node 24', () => {
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(stepUsing('actions/checkout')).toBeDefined();
    expect(stepUsing('actions/setup-node')?.with?.['node-version']).toBe(24);
  });

  it('checks the policy with the testcontainers runtime, writing reports to reports/', () => {
    const check = job.steps.find((s) => s.run?.includes('amq-auth check'));
    expect(check?.run).toMatch(/npx amq-auth check "\$POLICY" --runtime testcontainers --report-dir reports/);
    expect(check?.if).toBeUndefined();
  });

  it('uploads the HTML and JUnit reports even when the check failed', () => {
    const upload = stepUsing('actions/upload-artifact');
    expect(upload?.if).toContain('!cancelled()');
    const paths = String(upload?.with?.path).split('\n').filter(Boolean);
    expect(paths).toEqual([`reports/${REPORT_FILE.html}`, `reports/${REPORT_FILE.junit}`]);
  });

  it('publishes the JUnit verdicts after a failed check too', () => {
    const publish = stepUsing('mikepenz/action-junit-report');
    expect(publish?.if).toContain('!cancelled()');
    expect(publish?.with?.report_paths).toBe(`reports/${REPORT_FILE.junit}`);
  });
});
