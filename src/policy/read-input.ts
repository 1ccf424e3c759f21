import { readFileSync, statSync } from 'node:fs';
import { PolicyError, PolicyErrors } from '../core/errors';

/**
 * Largest policy, users file or broker XML the harness reads. A real one is a few tens of kilobytes: even
 * Amazon MQ's maximum of 250 users with 20 groups each is under 100 KB. The bound keeps a wrong or hostile
 * file within a few seconds: 256 KB of one-letter group names already makes 130,000 errors.
 */
export const MAX_INPUT_BYTES = 256 * 1024;

/** The error for a file over MAX_INPUT_BYTES; `file:1:1` because the size is a property of the whole file. */
export function inputTooLargeError(file: string, bytes: number, what = 'input'): PolicyError {
  return new PolicyError(`${what} ${file} has ${bytes} bytes; the harness reads at most ${MAX_INPUT_BYTES}`, {
    location: { file, line: 1, column: 1 },
    hint: 'check that this is the intended file; a policy or broker XML is normally far smaller',
  });
}

/** Reads a user's input file, turning I/O failures into an input error that names the file. */
export function readInputFile(path: string, what: string): string {
  let text: string;
  try {
    // Checked before reading, so a huge file is refused without loading it.
    const size = statSync(path).size;
    if (size > MAX_INPUT_BYTES) throw new PolicyErrors([inputTooLargeError(path, size, what)]);
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if (cause instanceof PolicyErrors) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code ?? 'error'})`;
    throw new PolicyErrors([
      new PolicyError(`${what} ${path} ${reason}`, {
        location: { file: path, line: 1, column: 1 },
        hint: `check the path to the ${what}`,
        cause,
      }),
    ]);
  }
  return text;
}
