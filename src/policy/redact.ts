import { PolicyError } from '../core/errors';
import { SECRET_MASK } from '../core/secret';

/**
 * Shorter strings are left alone: masking every "ab" in a message would make it unreadable, and no
 * password that short passes the Amazon MQ rules anyway.
 */
const MIN_REDACTED_CHARS = 4;

/**
 * Problems listed for one file; the rest are summed up in one line. Nobody reads thousands of errors, and
 * scrubbing every one of them against every password of a large file would take minutes.
 */
export const MAX_REPORTED_ERRORS = 100;

/** A last safeguard: no message, hint or value may carry a password, whatever produced it. */
export function redactErrors(errors: readonly PolicyError[], secrets: readonly string[]): PolicyError[] {
  const needles = [...new Set(secrets)]
    .filter((s) => s.length >= MIN_REDACTED_CHARS)
    .sort((a, b) => b.length - a.length);
  if (needles.length === 0) return [...errors];
  const scrub = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : needles.reduce((t, n) => t.split(n).join(SECRET_MASK), text);
  return errors.map((e) => {
    const message = scrub(e.message) as string;
    const hint = scrub(e.hint);
    const value = scrub(e.value);
    if (message === e.message && hint === e.hint && value === e.value) return e;
    return new PolicyError(message, { location: e.location, hint, value });
  });
}

/** Errors in reading order, so a user fixes them top to bottom. */
export function byLocation(errors: readonly PolicyError[]): PolicyError[] {
  return [...errors].sort(
    (a, b) =>
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
}

/** What a loader throws: errors in reading order, at most MAX_REPORTED_ERRORS of them, scrubbed of secrets. */
export function reportableErrors(errors: readonly PolicyError[], secrets: readonly string[]): PolicyError[] {
  const sorted = byLocation(errors);
  if (sorted.length <= MAX_REPORTED_ERRORS) return redactErrors(sorted, secrets);
  const shown = sorted.slice(0, MAX_REPORTED_ERRORS);
  const omitted = sorted.length - shown.length;
  const summary = new PolicyError(`${omitted} more problems are not listed`, {
    location: sorted[MAX_REPORTED_ERRORS]?.location,
    hint: 'fix the problems above and load the file again to see the rest',
  });
  return [...redactErrors(shown, secrets), summary];
}
