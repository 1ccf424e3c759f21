/**
 * Shard files and their merge. A shard file holds a shard's run result as the harness keeps it (the
 * probed verdicts with their plan positions, observations and predictions), so the merge rebuilds the
 * one run's result exactly and every report is rendered from it by the same code as a single run's.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../core/errors';
import { configFindings } from './config-findings';
import { withInferredVerdicts } from './inferred-verdicts';
import { EvidenceSpool } from './evidence-spool';
import type { RunResult } from './run-result';
import { formatShard } from './shard';
import { countVerdicts, type Verdict } from './verdict';
import type { Observation } from '../probes/types';
import { redactCredentials } from '../report/redact';

const SHARD_FORMAT = 'amq-auth-harness shard';
const SHARD_FORMAT_VERSION = 1;

export function shardFileName(shard: { index: number; count: number }): string {
  return `shard-${shard.index}-of-${shard.count}.json`;
}

/** The shard file of a sharded run: its result without the inferred verdicts (the merge infers them again). */
export function shardFileText(result: RunResult): string {
  return [...shardFileChunks(result)].join('');
}

const VERDICTS_MARK = '\u0000verdicts\u0000';

/**
 * The shard file a verdict at a time, byte for byte what shardFileText gives: each verdict's evidence is
 * read from the run's spool as it is written, so a large shard never holds all of it at once.
 */
export function* shardFileChunks(result: RunResult): Generator<string> {
  if (!result.shard) throw new Error('not a shard run');
  const head = JSON.stringify({
    format: SHARD_FORMAT,
    formatVersion: SHARD_FORMAT_VERSION,
    result: { ...result, verdicts: VERDICTS_MARK },
  });
  const [before, after] = head.split(JSON.stringify(VERDICTS_MARK)) as [string, string];
  yield `${before}[`;
  let first = true;
  for (const verdict of result.verdicts) {
    if (verdict.case.inferredFrom !== undefined) continue;
    // the same masking every report applies: evidence is verbatim broker text, which may quote a CONNECT frame
    yield `${first ? '' : ','}${JSON.stringify(redactedVerdict(verdict))}`;
    first = false;
  }
  yield `]${after}\n`;
}

function redactedObservation(o: Observation | undefined): Observation | undefined {
  if (!o) return o;
  return {
    ...o,
    ...(o.detail === undefined ? {} : { detail: redactCredentials(o.detail) }),
    evidence: o.evidence.map((e) => ({ ...e, text: redactCredentials(e.text) })),
  };
}

function redactedVerdict(v: Verdict): Verdict {
  const observation = redactedObservation(v.observation);
  const coldObservation = redactedObservation(v.coldObservation);
  return {
    ...v,
    summary: redactCredentials(v.summary),
    ...(observation ? { observation } : {}),
    ...(coldObservation ? { coldObservation } : {}),
  };
}

/** Shard files named on the command line: files as given, directories by their shard-*-of-*.json files. */
export function shardFilesIn(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new UsageError(
        `${path}: no such file or directory`,
        'name shard files or the report directories of the shards',
      );
    }
    if (!isDirectory) files.push(path);
    else {
      const found = readdirSync(path).filter((f) => /^shard-\d+-of-\d+\.json$/.test(f));
      if (found.length === 0)
        throw new UsageError(
          `${path}: no shard-<i>-of-<n>.json in it`,
          'run check with --shard i/n and --report-dir here',
        );
      files.push(...found.sort().map((f) => join(path, f)));
    }
  }
  return files;
}

function readShard(file: string, evidence: EvidenceSpool): RunResult {
  let parsed: { format?: unknown; formatVersion?: unknown; result?: RunResult };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (error) {
    throw new UsageError(
      `${file}: not a shard file (${error instanceof Error ? error.message : String(error)})`,
      'name the shard-<i>-of-<n>.json files written by check --shard',
    );
  }
  if (
    parsed.format !== SHARD_FORMAT ||
    parsed.formatVersion !== SHARD_FORMAT_VERSION ||
    !parsed.result?.shard
  )
    throw new UsageError(
      `${file}: not a shard file of this harness (format ${String(parsed.format)} ${String(parsed.formatVersion)})`,
      'shards must come from check --shard of the same harness release',
    );
  // the evidence goes to disk again, as in the run that wrote the shard
  const spooled = (o: Observation | undefined) => (o && Array.isArray(o.evidence) ? evidence.keep(o) : o);
  const listed = Array.isArray(parsed.result.verdicts) ? parsed.result.verdicts : [];
  const verdicts = listed.map((v) => {
    const observation = spooled(v.observation);
    const coldObservation = spooled(v.coldObservation);
    return {
      ...v,
      ...(observation ? { observation } : {}),
      ...(coldObservation ? { coldObservation } : {}),
    };
  });
  return { ...parsed.result, verdicts };
}

/** The same run, as far as the reports are concerned; each name says what must agree. */
const MUST_AGREE: Array<[string, (r: RunResult) => unknown]> = [
  ['run id', (r) => r.runId],
  ['input', (r) => r.input],
  ['engine', (r) => r.engine.id],
  ['broker version', (r) => r.runtime.brokerVersion],
  ['protocols', (r) => r.protocols.join(',')],
  ['broker transports', (r) => r.capabilities.join(',')],
  ['shard count', (r) => r.shard!.count],
  ['--exhaustive', (r) => r.exhaustive === true],
];

/** Joins every shard of one run into the result that run would have had unsharded. */
export function mergeShards(files: readonly string[]): RunResult {
  if (files.length === 0) throw new UsageError('no shard files to merge', 'name the shards, e.g. shard-*/');
  const evidence = new EvidenceSpool(join(mkdtempSync(join(tmpdir(), 'amq-auth-merge-')), 'evidence.jsonl'));
  const shards = files.map((file) => ({ file, result: readShard(file, evidence) }));
  const first = shards[0]!;
  for (const { file, result } of shards.slice(1)) {
    for (const [what, of] of MUST_AGREE) {
      if (of(result) !== of(first.result))
        throw new UsageError(
          `${file} is not a shard of the same run as ${first.file}: its ${what} is ${String(of(result))}, not ${String(of(first.result))}`,
          'merge the shards of one check run (same input, options and --run-id)',
        );
    }
  }
  const count = first.result.shard!.count;
  const byIndex = new Map<number, string>();
  for (const { file, result } of shards) {
    const seen = byIndex.get(result.shard!.index);
    if (seen) throw new UsageError(`shard ${formatShard(result.shard!)} is given twice: ${seen} and ${file}`);
    byIndex.set(result.shard!.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length)
    throw new UsageError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`,
      'every shard of the run must be merged, or the report would leave cases out',
    );

  const placed: Array<{ position: number; verdict: Verdict }> = [];
  for (const { file, result } of shards) {
    const positions = result.shard!.positions;
    if (positions.length !== result.verdicts.length)
      throw new UsageError(
        `${file}: ${result.verdicts.length} verdicts for ${positions.length} plan positions`,
      );
    result.verdicts.forEach((verdict, i) => placed.push({ position: positions[i]!, verdict }));
  }
  placed.sort((a, b) => a.position - b.position);
  const verdicts = withInferredVerdicts(placed.map((p) => p.verdict));
  const ordered = shards.map((s) => s.result).sort((a, b) => a.shard!.index - b.shard!.index);
  const aborted = ordered
    .filter((r) => r.aborted)
    .map((r) => `shard ${formatShard(r.shard!)}: ${r.aborted}`)
    .join('; ');
  const { shard: _shard, brokerLogFile: _log, ...common } = first.result;
  return {
    ...common,
    startedAt: ordered.map((r) => r.startedAt).sort()[0]!,
    // the shards run side by side on their own machines: the run takes as long as its longest shard
    durationMs: Math.max(...ordered.map((r) => r.durationMs)),
    verdicts,
    counts: countVerdicts(verdicts),
    findings: configFindings(verdicts),
    ...(aborted ? { aborted } : { aborted: undefined }),
    shards: ordered.map((r) => ({
      index: r.shard!.index,
      count: r.shard!.count,
      startedAt: r.startedAt,
      durationMs: r.durationMs,
      ...(r.brokerLogFile ? { brokerLogFile: r.brokerLogFile } : {}),
    })),
  };
}
