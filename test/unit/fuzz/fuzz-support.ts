/**
 * Shared pieces of the input fuzzers: the seed documents, edits that break them in the ways files really
 * break (typing slips, cut-off copies, pasted twice, runaway nesting), and the one property every loader
 * must keep: it returns a result or throws a typed input error with a usable location, quickly.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { HarnessError, PolicyError, PolicyErrors, UsageError } from '../../../src/core/errors';
import type { SourceLocation } from '../../../src/core/errors';
import type { Diagnostic, Engine } from '../../../src/core/types';
import { parseEngine } from '../../../src/policy';

const root = join(__dirname, '../../..');

/** One input of a fuzz run may take this long, on two cores shared with other work. */
/** A hang detector, not a speed test: generous for a loaded two-core machine. */
export const PER_INPUT_LIMIT_MS = 10_000;

/** Seeded, so a failure found once is found again on the next run; fast-check prints the seed either way. */
export const FUZZ_SEED = 20_240_611;

function readAll(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'));
}

/** The example policies new users copy: the documents most often edited by hand. */
export const POLICY_SEEDS: readonly string[] = readAll(join(root, 'examples'), 'policy.yaml');

export const XML_SEEDS: readonly string[] = readAll(join(root, 'test/fixtures/xml'), '.xml');

/** A users file with every kind of password: literal, environment reference, generated. */
export const USERS_SEED = [
  'users:',
  '  - username: app-writer',
  '    password: Lit3ral-Passw0rd',
  '    groups: [writers, users]',
  '  - username: app-reader',
  '    password: ${FUZZ_READER_PASSWORD}',
  '    groups: [readers]',
  '  - username: operator',
  '    groups: [admins, activemq-webconsole]',
  '',
].join('\n');

export const FUZZ_ENV: NodeJS.ProcessEnv = { FUZZ_READER_PASSWORD: 'Env-Passw0rd-123' };

/** A policy as JSON: the loader accepts JSON too, and JSON breaks differently (quotes, commas, braces). */
export function asJson(yamlText: string): string {
  return JSON.stringify(parseYaml(yamlText), null, 2);
}

export function engine(id: string): Engine {
  const parsed = parseEngine(id);
  if (!parsed.ok) throw new Error(`test setup: ${id} is not an engine`);
  return parsed.engine;
}

type Edit = (text: string) => string;

const position = (text: string, at: number): number => (text.length === 0 ? 0 : at % (text.length + 1));

/** Characters that carry meaning in YAML, JSON or XML, plus some that no parser expects. */
const SPECIAL_CHARS = [
  ...':-[]{},&*!|>\'"%@`#?<>/=;\\\t\n\r ',
  '\u0000',
  '\u00a0',
  '\ufeff',
  '\ud800',
  '\u2028',
  '${',
  '}',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x110000;',
  ']]>',
  '<!--',
  '-->',
  '<![CDATA[',
  '<!DOCTYPE',
  '---\n',
  '...\n',
  '<<: ',
  '*a',
  '&a ',
  '!!binary ',
  '!!js/function ',
  '? ',
];

const fragment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SPECIAL_CHARS),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), fragment).map(([at, text]): Edit => (s) => {
    const i = position(s, at);
    return s.slice(0, i) + text + s.slice(i);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([at, n]): Edit => (s) => {
    const i = position(s, at);
    return s.slice(0, i) + s.slice(i + n);
  }),
  fc.tuple(fc.nat(), fragment).map(([at, text]): Edit => (s) => {
    const i = position(s, at);
    return s.slice(0, i) + text + s.slice(i + 1);
  }),
  fc.nat().map(
    (at): Edit =>
      (s) =>
        s.slice(0, position(s, at)),
  ),
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([from, length, to]): Edit => (s) => {
    const i = position(s, from);
    const piece = s.slice(i, i + (length % 400));
    const j = position(s, to);
    return s.slice(0, j) + piece + s.slice(j);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Edit => (s) => {
    const lines = s.split('\n');
    if (lines.length < 2) return s;
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
    return lines.join('\n');
  }),
  fc
    .tuple(fc.nat(), fc.integer({ min: 1, max: 300 }), fc.constantFrom('[', '{', '{a: ', '- ', '<a>', '  '))
    .map(([at, depth, opener]): Edit => (s) => {
      const i = position(s, at);
      return s.slice(0, i) + opener.repeat(depth) + s.slice(i);
    }),
  fc.constant<Edit>((s) => s.replace(/\n/g, '\r\n')),
  fc.constant<Edit>((s) => s + s),
);

/** A seed with one to eight random edits applied in turn. */
export function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 8 }))
    .map(([seed, edits]) => edits.reduce((text, e) => e(text), seed));
}

/** Strings from the characters that steer a YAML/JSON/XML parser, so random text gets past the first byte. */
export function syntaxSoup(alphabet: string): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom(...SPECIAL_CHARS), fc.string({ maxLength: 6 })),
      {
        maxLength: 120,
      },
    )
    .map((parts) => parts.join(''));
}

export function isLocated(loc: SourceLocation | undefined): boolean {
  return (
    loc !== undefined &&
    typeof loc.file === 'string' &&
    loc.file.length > 0 &&
    Number.isInteger(loc.line) &&
    loc.line >= 1 &&
    Number.isInteger(loc.column) &&
    loc.column >= 1
  );
}

/** Every single error a thrown value stands for (a PolicyErrors holds several). */
function leafErrors(thrown: HarnessError): HarnessError[] {
  return thrown instanceof PolicyErrors ? thrown.errors : [thrown];
}

/**
 * Runs a loader on one input and checks the contract: a result, or a PolicyError / PolicyErrors /
 * UsageError whose every error has a file, line >= 1 and column >= 1 (in `files` when given); no other
 * exception; done within PER_INPUT_LIMIT_MS. Returns what happened, for properties that want more.
 */
export function expectTypedOutcome<T>(
  load: () => T,
  files?: readonly string[],
): { result?: T; error?: HarnessError } {
  const started = performance.now();
  let outcome: { result?: T; error?: HarnessError };
  try {
    outcome = { result: load() };
  } catch (thrown) {
    if (!(thrown instanceof PolicyError || thrown instanceof PolicyErrors || thrown instanceof UsageError)) {
      // Rethrown as is, so fast-check shows the real exception and its stack with the shrunk input.
      throw thrown;
    }
    const leaves = leafErrors(thrown);
    if (leaves.length === 0) throw new Error('PolicyErrors with no errors in it');
    for (const e of leaves) {
      if (!isLocated(e.location)) {
        throw new Error(`error without a usable location: ${e.message} at ${JSON.stringify(e.location)}`);
      }
      if (files && !files.includes((e.location as SourceLocation).file)) {
        throw new Error(`error located in ${e.location?.file}, expected one of ${files.join(', ')}`);
      }
      if (e.message.length === 0) throw new Error('error with an empty message');
    }
    outcome = { error: thrown };
  }
  const elapsedMs = performance.now() - started;
  if (elapsedMs > PER_INPUT_LIMIT_MS) {
    throw new Error(`took ${Math.round(elapsedMs)} ms, more than ${PER_INPUT_LIMIT_MS} ms`);
  }
  return outcome;
}

/** Diagnostics that name a place must name a real one. */
export function expectLocatedDiagnostics(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.location !== undefined && !isLocated(d.location)) {
      throw new Error(`diagnostic ${d.code} with a bad location ${JSON.stringify(d.location)}`);
    }
  }
}
