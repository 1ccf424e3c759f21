import { readFileSync } from 'node:fs';
import { PolicyError, PolicyErrors } from '../core/errors';

/** Reads a user's input file, turning I/O failures into an input error that names the file. */
export function readInputFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
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
}
