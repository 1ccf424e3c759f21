/**
 * `check --baseline <file> [--update-baseline]`: read the committed baseline before the run (so a missing
 * or broken file fails at once, not after the broker ran), compare after it, and rewrite it on request.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunResult } from '../check/run-result';
import { PolicyError, UsageError } from '../core/errors';
import { baselineOf } from './baseline-of';
import { cellsOf } from './cells';
import { compareBaseline, hasBaselineChanges, type BaselineDiff } from './compare-baseline';
import { formatBaseline } from './format-baseline';
import { formatBaselineDiff } from './format-baseline-diff';
import { parseBaseline } from './parse-baseline';
import type { Baseline } from './types';

export interface BaselineResult {
  /** the comparison with the file as it was before the run; absent when there was no file or the run aborted */
  diff?: BaselineDiff;
  /** whether the comparison found moved permissions (what fails the run) */
  changed: boolean;
  wrote: boolean;
  /** why nothing was compared or written, e.g. the run ended early */
  note?: string;
}

/** The baseline the run will be compared with; undefined when `update` may create it. */
export function readBaselineFile(file: string, update: boolean): Baseline | undefined {
  if (!existsSync(file)) {
    if (update) return undefined;
    throw new PolicyError(`baseline ${file} does not exist`, {
      hint: `record it with \`--baseline ${file} --update-baseline\`, review the permission matrix it holds, and commit it`,
    });
  }
  try {
    return parseBaseline(readFileSync(file, 'utf8'), file);
  } catch (error) {
    // regenerating is the fix a broken file's own error suggests, so updating must not refuse it
    if (update && error instanceof PolicyError) return undefined;
    throw error;
  }
}

/** Usage checks of the two options, before anything runs. */
export function checkBaselineOptions(file: string | undefined, update: boolean | undefined): void {
  if (update && !file)
    throw new UsageError(
      '--update-baseline needs --baseline <file>',
      'name the file to write, e.g. --baseline baseline.json',
    );
}

export function applyBaseline(result: RunResult, file: string, update: boolean): BaselineResult {
  if (result.aborted) {
    // Cases the run never reached would read as removed permissions, and would be written as such.
    return {
      changed: false,
      wrote: false,
      note: `the run ended early, so baseline ${file} was neither compared nor ${update ? 'rewritten' : 'used'}`,
    };
  }
  const previous = readBaselineFile(file, update);
  const unreadable = update && previous === undefined && existsSync(file);
  const current = baselineOf(result);
  const diff = previous ? compareBaseline(previous, current) : undefined;
  const changed = diff ? hasBaselineChanges(diff) : false;
  if (!update) return { diff, changed, wrote: false };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, formatBaseline(current));
  const dropped = diff?.notCompared.filter((n) => n.reason === 'not probed in this run') ?? [];
  const undecided = cellsOf(current).filter((c) => c.outcome === 'inconclusive').length;
  const notes = [
    unreadable ? `the previous ${file} could not be read, so it was replaced without a comparison` : '',
    dropped.length
      ? `${dropped.map((n) => n.protocol).join(', ')} ${dropped.length === 1 ? 'was' : 'were'} in the baseline but not probed in this run, so the rewritten baseline no longer records ${dropped.length === 1 ? 'it' : 'them'}`
      : '',
    // an inconclusive cell records that the probe could not tell, not what the broker allows
    undecided
      ? `${undecided} cell${undecided === 1 ? ' is' : 's are'} recorded as inconclusive; run again before committing the baseline`
      : '',
  ].filter(Boolean);
  const note = notes.length ? notes.join('; ') : undefined;
  return { diff, changed, wrote: true, ...(note ? { note } : {}) };
}

/** What `check` prints about the baseline after the run's own report. */
export function describeBaselineResult(outcome: BaselineResult, file: string): string {
  const lines: string[] = [];
  if (outcome.diff) {
    const verdict = outcome.changed ? 'permissions moved' : 'no permission changes';
    lines.push(`baseline ${file}: ${verdict}`, formatBaselineDiff(outcome.diff, 'text'));
  } else if (outcome.wrote) {
    lines.push(`baseline ${file}: none before this run`);
  }
  if (outcome.note) lines.push(`note: ${outcome.note}`);
  if (outcome.wrote) lines.push(`wrote baseline ${file}; review the change and commit it`);
  else if (outcome.changed)
    lines.push(
      `hint: if the change is intended, run again with --update-baseline and commit ${file}; otherwise fix the broker config`,
    );
  return lines.join('\n');
}
