import { formatIamReview } from '../../../src/iam/format';
import { IAM_RULES } from '../../../src/iam/findings';
import { fixture, review } from './support';

describe('formats of the review', () => {
  it('text: a line per request, the findings, the narrower policy and the result', async () => {
    const r = await review(['deny-delete-user.json'], { tasks: ['manage-users'] });
    const text = formatIamReview(r, 'text');
    expect(text).toContain(`Amazon MQ API permissions of ${fixture('deny-delete-user.json')}`);
    expect(text).toContain(
      "manage-users (create, change and remove the broker's users): CANNOT COMPLETE, 1 of 5 requests denied",
    );
    expect(text).toMatch(
      /^ {2}DENIED {3}mq:DeleteUser on arn:aws:mq:eu-west-1:111122223333:broker:orders:\S+: explicitly denied by statement 2 "NobodyDeletesUsers"/m,
    );
    expect(text).toMatch(/^ {2}allowed {2}mq:ListUsers on /m);
    expect(text).toMatch(
      /^not given, so standing for any value \(only statements that cover every value grant it\): broker ID, configuration ID$/m,
    );
    expect(text).toContain('[IAM_TASK_BLOCKED]');
    expect(text).toContain('"Sid": "MqBroker"');
    expect(text.split('\n').at(-1)).toBe('result: manage-users cannot complete');
  });

  it('text: the comparison table', async () => {
    const r = await review(['deployer-least-privilege.json'], {
      tasks: ['deploy', 'read-only'],
      compareManaged: true,
    });
    const text = formatIamReview(r, 'text');
    expect(text).toMatch(/^policy +deploy +read-only +Amazon MQ actions +network-interface permissions$/m);
    expect(text).toMatch(/^AmazonMQFullAccess \(v\d+\) +yes +yes +27 of 27 +not limited$/m);
    expect(text).toMatch(/^AmazonMQReadOnlyAccess \(v\d+\) +no +yes +12 of 27 +not granted$/m);
    expect(text.split('\n').at(-1)).toBe('result: every requested task can complete (deploy, read-only)');
  });

  it('json: the whole review', async () => {
    const r = await review(['mq-star.json'], { tasks: ['update-config'] });
    const parsed = JSON.parse(formatIamReview(r, 'json'));
    expect(parsed.tasks).toEqual(['update-config']);
    expect(parsed.outcomes[0].verdicts).toHaveLength(6);
    expect(parsed.findings.map((f: { code: string }) => f.code)).toEqual(['IAM_BROADER_THAN_TASKS']);
    expect(parsed.narrowerPolicy.Version).toBe('2012-10-17');
    expect(parsed.evaluatedWith.simulator).toMatch(/^@cloud-copilot\/iam-simulate \d/);
  });

  it('sarif: one rule per reported code and results at the statement', async () => {
    const r = await review(['create-broker-scoped-to-arn.json'], { tasks: ['deploy'] });
    const log = JSON.parse(formatIamReview(r, 'sarif'));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    const ids = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(ids).toEqual([...new Set(r.findings.map((f) => f.code))].sort());
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'IAM_RESOURCE_LEVEL_UNSUPPORTED');
    expect(rule.shortDescription.text).toBe(IAM_RULES.IAM_RESOURCE_LEVEL_UNSUPPORTED.title);
    const located = run.results.find(
      (x: { ruleId: string }) => x.ruleId === 'IAM_RESOURCE_LEVEL_UNSUPPORTED',
    );
    expect(located.level).toBe('warning');
    expect(located.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: fixture('create-broker-scoped-to-arn.json') },
      region: { startLine: 4, startColumn: 5 },
    });
    expect(run.results.filter((x: { level: string }) => x.level === 'error').length).toBeGreaterThan(0);
  });
});
