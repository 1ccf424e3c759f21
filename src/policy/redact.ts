import { PolicyError } from '../core/errors';
import { SECRET_MASK } from '../core/secret';
import type { PolicyUser } from '../core/types';

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

/** A secret made only of lowercase letters may also be a plain word of a message. */
const WORD_LIKE = /^[a-z]+$/;
/** Around a word of a sentence: spaces and sentence punctuation, never quotes, `=`, `:` or `/`. */
const WORD_BEFORE = /(?:^|\s)$/;
const WORD_AFTER = /^(?:$|[\s.,;)])/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Masks each secret wherever it occurs, except where the same letters are a name the message is about (a
 * password equal to a username or a group: masking it would hide the name and reveal nothing) or a plain
 * word of the sentence (a lowercase password that is also a word, standing between spaces). A value stays
 * masked wherever it stands as one: quoted, after `=` or `:`, inside a URL.
 */
export function maskSecretValues(
  text: string,
  secrets: readonly string[],
  publicNames: ReadonlySet<string> = new Set(),
): string {
  let out = text;
  for (const secret of secrets) {
    if (publicNames.has(secret)) continue;
    out = out.replace(
      new RegExp(escapeRegExp(secret), 'g'),
      (match: string, offset: number, whole: string) => {
        if (!WORD_LIKE.test(secret)) return SECRET_MASK;
        const before = whole.slice(Math.max(0, offset - 1), offset);
        const after = whole.slice(offset + match.length, offset + match.length + 1);
        return WORD_BEFORE.test(before) && WORD_AFTER.test(after) ? match : SECRET_MASK;
      },
    );
  }
  return out;
}

/**
 * A last safeguard: no message, hint or value may carry a password, whatever produced it (maskSecretValues
 * says where the same letters are left alone). `value` holds the offending value itself: a secret there is
 * always masked.
 */
export function redactErrors(
  errors: readonly PolicyError[],
  secrets: readonly string[],
  publicNames: readonly string[] = [],
): PolicyError[] {
  const needles = [...new Set(secrets)]
    .filter((s) => s.length >= MIN_REDACTED_CHARS)
    .sort((a, b) => b.length - a.length);
  if (needles.length === 0) return [...errors];
  const names = new Set(publicNames);
  const scrub = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : maskSecretValues(text, needles, names);
  const scrubValue = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : needles.includes(text) ? SECRET_MASK : maskSecretValues(text, needles);
  return errors.map((e) => {
    const message = scrub(e.message) as string;
    const hint = scrub(e.hint);
    const value = scrubValue(e.value);
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
export function reportableErrors(
  errors: readonly PolicyError[],
  secrets: readonly string[],
  publicNames: readonly string[] = [],
): PolicyError[] {
  const sorted = byLocation(errors);
  if (sorted.length <= MAX_REPORTED_ERRORS) return redactErrors(sorted, secrets, publicNames);
  const shown = sorted.slice(0, MAX_REPORTED_ERRORS);
  const omitted = sorted.length - shown.length;
  const summary = new PolicyError(`${omitted} more problems are not listed`, {
    location: sorted[MAX_REPORTED_ERRORS]?.location,
    hint: 'fix the problems above and load the file again to see the rest',
  });
  return [...redactErrors(shown, secrets, publicNames), summary];
}

/** What messages name on purpose: usernames and group names, never masked even when a password equals one. */
export function publicNamesOf(users: readonly Pick<PolicyUser, 'username' | 'groups'>[]): string[] {
  return users.flatMap((u) => [u.username, ...u.groups]);
}
