/**
 * Writes the file reports of one run into a directory. Each file is written whole to a temporary name
 * and renamed, so a CI system collecting artifacts never picks up half a report.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { RunResult } from '../check/run-result';
import { InfrastructureError } from '../core/errors';
import { htmlChunks } from './html';
import { jsonChunks } from './json';
import { junitChunks } from './junit';

export const REPORT_FORMATS = ['json', 'junit', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FILE: Record<ReportFormat, string> = {
  json: 'results.json',
  junit: 'junit.xml',
  html: 'report.html',
};

/** Each format as a sequence of pieces, so a large run's report never sits in memory whole. */
const RENDER: Record<ReportFormat, (result: RunResult) => Iterable<string>> = {
  json: jsonChunks,
  junit: junitChunks,
  html: htmlChunks,
};

async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  try {
    for (const chunk of chunks) {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } finally {
    out.destroy();
  }
}

/** Creates the report directory, or says why it cannot. */
export async function reportDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw new InfrastructureError(`cannot create the report directory ${dir}`, {
      hint: 'choose a writable directory for the reports',
      cause,
    });
  }
}

/**
 * Writes `chunks` to `file` under a temporary name and renames it, so nobody sees half a file; on failure
 * the temporary file goes and the error names `what` was written where.
 */
export async function writeWhole(file: string, chunks: Iterable<string>, what: string): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  try {
    await writeChunks(partial, chunks);
    await rename(partial, file);
  } catch (cause) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw new InfrastructureError(`cannot write the ${what} to ${file}`, {
      hint: 'check that the report directory is writable and the disk is not full',
      cause,
    });
  }
}

/** Writes each requested format once (in REPORT_FORMATS order) and returns the paths written. */
export async function writeReports(
  result: RunResult,
  dir: string,
  formats: readonly ReportFormat[],
): Promise<string[]> {
  const wanted = REPORT_FORMATS.filter((f) => formats.includes(f));
  await reportDirectory(dir);
  const written: string[] = [];
  for (const format of wanted) {
    const file = join(dir, REPORT_FILE[format]);
    await writeWhole(file, RENDER[format](result), `${format} report`);
    written.push(file);
  }
  return written;
}
