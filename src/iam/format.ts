/**
 * The review as text for a terminal (verdict per request, findings, narrower policy, comparison), JSON
 * for scripts, or SARIF 2.1.0 (the findings) for code-scanning tools, in the shapes `lint` uses.
 */
import type { Finding, RuleDescription, Severity } from '../lint/finding';
import { formatFindings, SARIF_SCHEMA, SARIF_VERSION, TOOL_NAME } from '../lint/format';
import { IAM_RULES } from './findings';
import type { IamReview } from './review';

export type IamFormat = 'text' | 'json' | 'sarif';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

const ASSUMED_NAMES: Record<IamReview['target']['assumed'][number], string> = {
  account: 'account',
  region: 'region',
  brokerName: 'broker name',
  brokerId: 'broker ID',
  configurationId: 'configuration ID',
};

function targetLines(review: IamReview): string[] {
  const t = review.target;
  const assumed = t.assumed.map((key) => ASSUMED_NAMES[key]);
  return [
    `account ${t.account}, region ${t.region} (partition ${t.partition}); broker ${t.brokerName}, ID ${t.brokerId}; configuration ${t.configurationId}`,
    ...(assumed.length
      ? [
          `not given, so standing for any value (only statements that cover every value grant it): ${assumed.join(', ')}`,
        ]
      : []),
    `request context: aws:RequestedRegion=${t.region}, aws:SecureTransport=true; on EC2 requests ec2:Region=${t.region}; on the network-interface permissions ec2:AuthorizedService=mq.amazonaws.com`,
    `evaluated by ${review.evaluatedWith.simulator} with the service reference of ${review.evaluatedWith.serviceReference}`,
  ];
}

function taskLines(review: IamReview): string[] {
  const lines: string[] = [];
  for (const o of review.outcomes) {
    const denied = o.verdicts.filter((v) => !v.allowed).length;
    const state = o.canComplete
      ? `can complete, ${o.verdicts.length} requests allowed`
      : `CANNOT COMPLETE, ${denied} of ${o.verdicts.length} requests denied`;
    lines.push(`${o.task} (${o.summary}): ${state}`);
    for (const v of o.verdicts) {
      lines.push(`  ${v.allowed ? 'allowed' : 'DENIED '}  ${v.action} on ${v.resource}: ${v.detail}`);
    }
  }
  return lines;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

function comparisonLines(review: IamReview): string[] {
  const c = review.comparison;
  if (!c) return [];
  const header = ['policy', ...review.tasks, 'Amazon MQ actions', 'network-interface permissions'];
  const rows = c.rows.map((r) => [
    r.versionId ? `${r.policy} (${r.versionId})` : r.policy,
    ...review.tasks.map((t) => (r.tasks[t] ? 'yes' : 'no')),
    `${r.mqActionsAllowed.length} of ${c.mqActionCount}`,
    r.interfacePermissions,
  ]);
  return [
    `compared with the AWS managed policies (documents from ${c.source}), each alone${review.boundary ? ' under the same permission boundary' : ''}:`,
    ...table([header, ...rows]),
  ];
}

function formatText(review: IamReview): string {
  const boundary = review.boundary ? ` (permission boundary: ${review.boundary})` : '';
  const blocked = review.outcomes.filter((o) => !o.canComplete).map((o) => o.task);
  const result = blocked.length
    ? `${blocked.join(', ')} cannot complete`
    : `every requested task can complete (${review.tasks.join(', ')})`;
  return [
    `Amazon MQ API permissions of ${review.policies.join(', ')}${boundary}`,
    ...targetLines(review),
    '',
    ...taskLines(review),
    '',
    'findings:',
    formatFindings(review.findings, 'text'),
    '',
    `narrower policy for ${review.tasks.join(', ')} (the statements the tasks need):`,
    JSON.stringify(review.narrowerPolicy, null, 2),
    ...(review.comparison ? ['', ...comparisonLines(review)] : []),
    ...(review.comparisonSkipped
      ? ['', `no comparison with the AWS managed policies: ${review.comparisonSkipped}`]
      : []),
    '',
    `result: ${result}`,
  ].join('\n');
}

function formatSarif(findings: readonly Finding[]): string {
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const rules = codes.map((code) => {
    const rule = (IAM_RULES as Record<string, RuleDescription>)[code];
    return {
      id: code,
      name: code,
      shortDescription: { text: rule?.title ?? code },
      fullDescription: { text: rule?.explanation ?? '' },
      defaultConfiguration: { level: SARIF_LEVEL[rule?.severity ?? 'warning'] },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: codes.indexOf(f.code),
    level: SARIF_LEVEL[f.severity],
    message: { text: `${f.message}. Fix: ${f.fix}` },
    ...(f.location
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.location.file.split('\\').join('/') },
                region: { startLine: f.location.line, startColumn: f.location.column },
              },
            },
          ],
        }
      : {}),
  }));
  return JSON.stringify(
    {
      $schema: SARIF_SCHEMA,
      version: SARIF_VERSION,
      runs: [{ tool: { driver: { name: TOOL_NAME, rules } }, results }],
    },
    null,
    2,
  );
}

export function formatIamReview(review: IamReview, format: IamFormat): string {
  switch (format) {
    case 'text':
      return formatText(review);
    case 'json':
      return JSON.stringify(review, null, 2);
    case 'sarif':
      return formatSarif(review.findings);
  }
}
