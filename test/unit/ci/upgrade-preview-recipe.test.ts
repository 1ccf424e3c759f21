/** The upgrade-preview recipe: it runs the preview only when the engine changes, on both engines, and posts it. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface Step {
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
}

const workflow = parse(readFileSync('examples/ci/upgrade-preview.yml', 'utf8')) as {
  on: { pull_request: { paths: string[] } };
  jobs: { preview: { steps: Step[] } };
};
const steps = workflow.jobs.preview.steps;

describe('examples/ci/upgrade-preview.yml', () => {
  it('reads the engine of the base branch and of the pull request', () => {
    const engines = steps.find((s) => s.id === 'engines');
    expect(engines?.run).toContain('git show "origin/${{ github.base_ref }}:policy/policy.yaml"');
    expect(engines?.run).toMatch(/from=\$from[\s\S]*to=\$to/);
  });

  it('runs the preview between them only when they differ, writing the Markdown it posts', () => {
    const preview = steps.find((s) => s.run?.includes('amq-auth upgrade-preview'));
    expect(preview?.if).toBe('steps.engines.outputs.from != steps.engines.outputs.to');
    expect(preview?.run).toContain(
      '--from "${{ steps.engines.outputs.from }}" --to "${{ steps.engines.outputs.to }}"',
    );
    expect(preview?.run).toContain('--report-dir reports');
    const comment = steps.find((s) => s.run?.includes('gh pr comment'));
    expect(comment?.run).toContain('reports/upgrade-preview.md');
    expect(steps.some((s) => s.uses?.startsWith('actions/setup-java@'))).toBe(true);
  });
});
