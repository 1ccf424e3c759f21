/**
 * Writes the file reports of one run into a directory. Each file is written whole to a temporary name
 * and renamed, so a CI system collecting artifacts never picks up half a report.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../check/run-result';
import { InfrastructureError } from '../core/errors';
import { toHtml } from './html';
import { toJsonText } from './json';
import { toJUnitXml } from './junit';

export const REPORT_FORMATS = ['json', 'junit', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FILE: Record<ReportFormat, string> = {
  json: 'results.json',
  junit: 'junit.xml',
  html: 'report.html',
};

const RENDER: Record<ReportFormat, (result: RunResult) => string> = {
  json: toJsonText,
  junit: toJUnitXml,
  html: toHtml,
};

/** Writes each requested format once (in REPORT_FORMATS order) and returns the paths written. */
export async function writeReports(
  result: RunResult,
  dir: string,
  formats: readonly ReportFormat[],
): Promise<string[]> {
  const wanted = REPORT_FORMATS.filter((f) => formats.includes(f));
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw new InfrastructureError(`cannot create the report directory ${dir}`, {
      hint: 'choose a writable directory for the reports',
      cause,
    });
  }
  const written: string[] = [];
  for (const format of wanted) {
    const file = join(dir, REPORT_FILE[format]);
    const partial = `${file}.${process.pid}.partial`;
    try {
      await writeFile(partial, RENDER[format](result), 'utf8');
      await rename(partial, file);
    } catch (cause) {
      throw new InfrastructureError(`cannot write the ${format} report to ${file}`, {
        hint: 'check that the report directory is writable and the disk is not full',
        cause,
      });
    }
    written.push(file);
  }
  return written;
}
