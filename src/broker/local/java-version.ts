import { execFile } from 'node:child_process';
import { InfrastructureError } from '../../core/errors';

/** `java -version` answers in well under a second; a JVM that hangs must not hang the run. */
export const JAVA_VERSION_TIMEOUT_MS = 15_000;

/** The major version in `java -version`'s first line: `"17.0.15"` → 17, `"1.8.0_402"` → 8. */
export function parseJavaMajor(versionOutput: string): number | null {
  const quoted = /version "([^"]+)"/.exec(versionOutput)?.[1];
  if (!quoted) return null;
  const [first, second] = quoted.split(/[.+_-]/).map(Number);
  if (first === 1 && second !== undefined) return second;
  return Number.isFinite(first) ? first! : null;
}

export function javaMajorVersion(java: string): Promise<{ major: number; line: string }> {
  return new Promise((resolve, reject) => {
    execFile(java, ['-version'], { timeout: JAVA_VERSION_TIMEOUT_MS }, (error, stdout, stderr) => {
      const text = `${stderr}\n${stdout}`;
      const major = parseJavaMajor(text);
      if (major === null) {
        reject(
          new InfrastructureError(`could not tell the version of ${java}: ${error?.message ?? text.trim()}`, {
            hint: 'point JAVA_HOME at a Java 17 runtime',
          }),
        );
        return;
      }
      resolve({ major, line: text.trim().split('\n')[0] ?? '' });
    });
  });
}

/** Refuses a Java older than the broker needs, saying which version it needs. */
export async function requireJava(java: string, neededMajor: number, brokerVersion: string): Promise<number> {
  const { major, line } = await javaMajorVersion(java);
  if (major < neededMajor) {
    throw new InfrastructureError(
      `ActiveMQ ${brokerVersion} needs Java ${neededMajor} or newer, but ${java} is Java ${major} (${line})`,
      { hint: `install Java ${Math.max(neededMajor, 17)} and put it first on PATH or set JAVA_HOME` },
    );
  }
  return major;
}
