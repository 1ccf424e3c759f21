/**
 * Inputs built to exhaust a parser: huge files, exponential aliases, runaway nesting, XML entities. Each
 * ends quickly with a located input error (or, for harmless nesting, a result), never a hang or a crash.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBrokerXml } from '../../../src/activemq-xml/parse';
import { PolicyError, PolicyErrors } from '../../../src/core/errors';
import type { HarnessError } from '../../../src/core/errors';
import type { Engine } from '../../../src/core/types';
import { loadInput } from '../../../src/input/load-input';
import { parsePolicyText, parseUsersText } from '../../../src/policy';
import { MAX_INPUT_BYTES } from '../../../src/policy/read-input';
import { MAX_REPORTED_ERRORS } from '../../../src/policy/redact';
import { MAX_ALIAS_EXPANSIONS, MAX_NESTING_DEPTH } from '../../../src/policy/yaml-source';
import { engine, isLocated } from './fuzz-support';

/** "Within a few seconds" on two busy cores; unbounded, these inputs took from 40 s to forever. */
/** A hang detector, not a speed test: the unbounded loaders took 36 s to over a minute. */
const HOSTILE_INPUT_LIMIT_MS = 20_000;
const FILE = 'hostile.yaml';
const XML_FILE = 'hostile.xml';
const TEN_MB = 10 * 1024 * 1024;
const AMAZON_MQ: Engine = engine('amazon-mq/5.18');

/** Runs `load`, which must throw an input error in time; returns its errors, each checked for a location. */
function rejected(load: () => unknown): PolicyError[] {
  const started = performance.now();
  let thrown: unknown;
  try {
    load();
  } catch (e) {
    thrown = e;
  }
  expect(performance.now() - started).toBeLessThan(HOSTILE_INPUT_LIMIT_MS);
  expect(thrown instanceof PolicyErrors || thrown instanceof PolicyError).toBe(true);
  const errors = thrown instanceof PolicyErrors ? thrown.errors : [thrown as PolicyError];
  for (const e of errors as HarnessError[]) expect(isLocated(e.location)).toBe(true);
  return errors as PolicyError[];
}

function messages(errors: readonly PolicyError[]): string {
  return errors.map((e) => e.message).join('\n');
}

describe('size bound', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amq-auth-bounds-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a 10 MB YAML policy before parsing it', () => {
    const text = `engine: amazon-mq/5.18\nusers:\n${'  - username: abcdefgh\n    groups: [aa, bb]\n'.repeat(TEN_MB / 44)}`;
    const errors = rejected(() => parsePolicyText(text, FILE));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(new RegExp(`at most ${MAX_INPUT_BYTES}`));
    expect(errors[0]?.hint).toBeTruthy();
  });

  it('refuses a 10 MB file through loadInput without reading it, for YAML and XML alike', () => {
    for (const name of ['big.yaml', 'big.xml']) {
      const path = join(dir, name);
      writeFileSync(path, Buffer.alloc(TEN_MB, 0x20));
      const errors = rejected(() => loadInput(path));
      expect(errors[0]?.location?.file).toBe(path);
      expect(errors[0]?.message).toMatch(/bytes/);
    }
  });

  it('refuses a 10 MB broker XML and a 10 MB users file', () => {
    const xml = `<broker>${'<a x="1"/>'.repeat(TEN_MB / 10)}</broker>`;
    expect(messages(rejected(() => parseBrokerXml(xml, XML_FILE)))).toMatch(/at most/);
    const users = `users:\n${'  - username: abcdefgh\n'.repeat(TEN_MB / 24)}`;
    expect(messages(rejected(() => parseUsersText(users, FILE, AMAZON_MQ)))).toMatch(/at most/);
  });

  it('reads a file just under the bound, and lists at most MAX_REPORTED_ERRORS of its problems', () => {
    // One-letter group names: one error per two bytes, the densest error source a policy has.
    const head = 'engine: amazon-mq/5.18\nusers: [{username: ab, groups: [';
    const groups = 'a,'.repeat(Math.floor((MAX_INPUT_BYTES - head.length - 4) / 2));
    const errors = rejected(() => parsePolicyText(`${head}${groups}]}]`, FILE));
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(errors.at(-1)?.message).toMatch(/more problems are not listed/);
  });
});

describe('YAML aliases', () => {
  it('stops a billion-laughs document at the alias expansion bound', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const errors = rejected(() => parsePolicyText(lines.join('\n'), FILE));
    expect(messages(errors)).toMatch(new RegExp(`more than ${MAX_ALIAS_EXPANSIONS} values`));
    expect(errors[0]?.location?.line).toBe(2);
  });

  it('stops a document of 100k aliases, and one of 80k that fits the size bound', () => {
    const aliases = (n: number): string => `x: &x 1\ny: [${Array(n).fill('*x').join(',')}]\n`;
    expect(rejected(() => parsePolicyText(aliases(100_000), FILE))).toHaveLength(1);
    const fits = aliases(80_000);
    expect(fits.length).toBeLessThan(MAX_INPUT_BYTES);
    const errors = rejected(() => parsePolicyText(fits, FILE));
    expect(messages(errors)).toMatch(/aliases expand/);
    expect(errors[0]?.location).toEqual({ file: FILE, line: 2, column: 5 });
  });

  it('points at an alias used before its anchor', () => {
    const errors = rejected(() => parsePolicyText('engine: *e\nother: &e amazon-mq/5.18\n', FILE));
    expect(errors[0]?.message).toMatch(/alias \*e has no anchor before it/);
    expect(errors[0]?.location).toEqual({ file: FILE, line: 1, column: 9 });
  });
});

describe('nesting', () => {
  it.each([
    ['flow sequences, 100k deep', `users: ${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['flow mappings, 10k deep', `users: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`],
    ['block mappings, 600 deep', Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
    [
      'just over the bound',
      `users: ${'['.repeat(MAX_NESTING_DEPTH + 1)}${']'.repeat(MAX_NESTING_DEPTH + 1)}`,
    ],
  ])('refuses YAML of %s with a nesting error', (_, text) => {
    const errors = rejected(() => parsePolicyText(text, FILE));
    expect(messages(errors)).toMatch(/nests more than \d+ levels/);
    expect(errors[0]?.hint).toMatch(/brackets/);
  });

  it('still reads nesting at the bound as data (the schema then rejects it)', () => {
    const depth = MAX_NESTING_DEPTH - 1;
    const errors = rejected(() => parsePolicyText(`users: ${'['.repeat(depth)}${']'.repeat(depth)}`, FILE));
    expect(messages(errors)).not.toMatch(/nests/);
  });

  it('reads a broker XML with 10k nested elements around and inside the broker', () => {
    const started = performance.now();
    const inside = parseBrokerXml(
      `<broker>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</broker>`,
      XML_FILE,
    );
    expect(inside.authorization).toBeNull();
    const around = parseBrokerXml(
      `<beans>${'<a>'.repeat(10_000)}<broker brokerName="deep"/>${'</a>'.repeat(10_000)}</beans>`,
      XML_FILE,
    );
    expect(around.brokerName).toBe('deep');
    expect(performance.now() - started).toBeLessThan(HOSTILE_INPUT_LIMIT_MS);
  });
});

describe('XML entities', () => {
  it('does not expand internal entities (billion laughs)', () => {
    const entities = ['<!ENTITY l0 "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
    const xml = `<!DOCTYPE broker [${entities.join('')}]><broker brokerName="&l9;"/>`;
    const errors = rejected(() => parseBrokerXml(xml, XML_FILE));
    expect(messages(errors)).toMatch(/entity/);
    expect(messages(errors)).not.toMatch(/lollol/);
  });

  it('does not read external entities', () => {
    const xml = '<!DOCTYPE broker [<!ENTITY e SYSTEM "file:///etc/hostname">]><broker brokerName="&e;"/>';
    const errors = rejected(() => parseBrokerXml(xml, XML_FILE));
    expect(errors[0]?.location?.file).toBe(XML_FILE);
    expect(messages(errors)).toMatch(/entity not found/);
  });

  it('keeps the five predefined entities and character references working', () => {
    const parsed = parseBrokerXml('<broker brokerName="a&amp;b&lt;&#67;&#x44;"/>', XML_FILE);
    expect(parsed.brokerName).toBe('a&b<CD');
  });
});
