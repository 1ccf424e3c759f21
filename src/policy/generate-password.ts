/**
 * Passwords for users whose policy gives none. They only live for one run, so they favour being accepted
 * everywhere: characters that need no escaping in XML attributes, STOMP headers, URLs or shells.
 */
import { randomInt } from 'node:crypto';
import { AMAZON_MQ_LIMITS } from './credential-rules';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const SYMBOLS = '-_.~';
/** One character from each class makes four distinct characters certain, whatever the randomness. */
const CLASSES = [LOWER, UPPER, DIGITS, SYMBOLS] as const;
const ALPHABET = CLASSES.join('');

export const GENERATED_PASSWORD_CHARS = 32;

export interface GeneratePasswordOptions {
  /** default 32 (about 190 bits); clamped to Amazon MQ's 12-250 */
  length?: number;
  /** uniform integer in [0, max); default crypto.randomInt. Tests pass a seeded source. */
  randomBelow?: (max: number) => number;
}

/** A password that satisfies the rules of every engine (see credential-rules.ts). */
export function generatePassword(opts: GeneratePasswordOptions = {}): string {
  const below = opts.randomBelow ?? ((max: number) => randomInt(max));
  const pick = (chars: string): string => chars.charAt(below(chars.length) % chars.length);
  const length = Math.min(
    AMAZON_MQ_LIMITS.passwordMaxChars,
    Math.max(AMAZON_MQ_LIMITS.passwordMinChars, Math.floor(opts.length ?? GENERATED_PASSWORD_CHARS)),
  );
  const chars = CLASSES.map(pick);
  while (chars.length < length) chars.push(pick(ALPHABET));
  // Fisher-Yates, so the guaranteed characters are not always at the front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = below(i + 1) % (i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
