/**
 * The checked-in allow-lists, one per Amazon MQ engine version, and the choice of list for an engine.
 * Regenerate with `npx tsx scripts/extract-amazon-mq-allowlist.ts`; add a new version here.
 */
import type { AllowList } from '../allowlist-types';
import v5_15_16 from './5.15.16.json';
import v5_16_7 from './5.16.7.json';
import v5_17_6 from './5.17.6.json';
import v5_18_4 from './5.18.4.json';
import v5_19_1 from './5.19.1.json';

export const ALLOW_LISTS: readonly AllowList[] = [
  v5_15_16,
  v5_16_7,
  v5_17_6,
  v5_18_4,
  v5_19_1,
] as AllowList[];

export interface AllowListChoice {
  allowList: AllowList;
  /** false when no schema of the engine's `major.minor` exists and the nearest older (or newest) is used */
  exact: boolean;
}

function parts(version: string): number[] {
  return version.split('.').map(Number);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Amazon MQ names engines by `major.minor` and patches them itself, so `5.18` and `5.18.2` both use the
 * schema of the 5.18 line. A line without a schema falls back to the nearest older one (or the oldest).
 */
export function allowListFor(engineVersion: string): AllowListChoice {
  const [major, minor] = parts(engineVersion);
  const sameLine = ALLOW_LISTS.find((l) => {
    const [lMajor, lMinor] = parts(l.version);
    return lMajor === major && lMinor === minor;
  });
  if (sameLine) return { allowList: sameLine, exact: true };
  const wanted = parts(engineVersion);
  const older = ALLOW_LISTS.filter((l) => compare(parts(l.version), wanted) <= 0);
  const fallback = older[older.length - 1] ?? ALLOW_LISTS[0];
  if (!fallback) throw new Error('no Amazon MQ allow-lists are bundled');
  return { allowList: fallback, exact: false };
}
