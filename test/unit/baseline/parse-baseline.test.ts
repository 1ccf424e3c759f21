import { baselineOf, formatBaseline, parseBaseline } from '../../../src/baseline';
import { PolicyError } from '../../../src/core/errors';
import { fixtureRunResult } from '../../fixtures/run-result';

const FILE = 'ci/baseline.json';
const text = formatBaseline(baselineOf(fixtureRunResult()));

function errorOf(input: string): PolicyError {
  try {
    parseBaseline(input, FILE);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('parsed without error');
}

/** 1-based line number of the first line containing `needle`. */
function lineOf(input: string, needle: string): number {
  return input.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('parseBaseline', () => {
  it('reads back exactly what formatBaseline wrote', () => {
    const baseline = baselineOf(fixtureRunResult());
    expect(parseBaseline(text, FILE)).toEqual(JSON.parse(formatBaseline(baseline)));
    expect(formatBaseline(parseBaseline(text, FILE))).toBe(text);
  });

  it('names the line and column of a JSON syntax error', () => {
    // a merge that dropped the comma after the engine line
    const broken = text.replace('"activemq/5.17.2",', '"activemq/5.17.2"');
    const error = errorOf(broken);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/ci\/baseline\.json is not valid JSON/);
    expect(error.location).toEqual({ file: FILE, line: 3, column: 3 });
    expect(error.hint).toMatch(/--update-baseline/);
  });

  it('names the place of a truncated file', () => {
    const error = errorOf(text.slice(0, 40));
    expect(error.location?.file).toBe(FILE);
    expect(error.location?.line).toBe(text.slice(0, 40).split('\n').length);
  });

  it('names the line of a value that is not an outcome', () => {
    const edited = text.replace('"mqtt": "denied"', '"mqtt": "refused"');
    const error = errorOf(edited);
    expect(error.message).toMatch(/matrix > .* > connect > mqtt/);
    expect(error.location?.line).toBe(lineOf(edited, '"refused"'));
    expect(error.describe()).toContain(`${FILE}:${lineOf(edited, '"refused"')}:`);
  });

  it('refuses an operation or protocol it does not know', () => {
    expect(errorOf(text.replace('"connect": {', '"publish": {')).message).toMatch(/publish|key/i);
    expect(errorOf(text.replace('"stomp": "granted"', '"stomp-tcp": "granted"')).message).toMatch(
      /stomp-tcp|key/i,
    );
  });

  it('refuses another schema version with a hint to regenerate', () => {
    const error = errorOf(text.replace('"schemaVersion": 1', '"schemaVersion": 2'));
    expect(error.message).toMatch(/schemaVersion 2/);
    expect(error.location?.line).toBe(lineOf(text, '"schemaVersion"'));
    expect(error.hint).toMatch(/--update-baseline/);
  });

  it('refuses a file that is not a baseline at all', () => {
    expect(errorOf('[]').message).toMatch(/baseline ci\/baseline\.json/);
    expect(errorOf('{"schemaVersion": 1}').message).toMatch(/engine/);
  });
});
