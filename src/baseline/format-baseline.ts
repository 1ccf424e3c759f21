/** The baseline file: JSON with every object's keys sorted, so an unchanged config writes the same bytes. */
import type { Baseline } from './types';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(keys.map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Arrays of plain values on one line, as Prettier prints them, so `prettier --check .` accepts the file. */
function inlineFlatArrays(json: string): string {
  return json.replace(
    /\[\n\s+([^[\]{}]*?)\n\s*\]/g,
    (_, items: string) => `[${items.split(/,\n\s+/).join(', ')}]`,
  );
}

export function formatBaseline(baseline: Baseline): string {
  return `${inlineFlatArrays(JSON.stringify(sortKeys(baseline), null, 2))}\n`;
}
