import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyErrors } from '../../../src/core/errors';
import { loadIamPolicy, parseElementPath } from '../../../src/iam/load-iam-policy';
import { fixture } from './support';

function errorOf(fn: () => unknown): PolicyErrors {
  try {
    fn();
  } catch (error) {
    if (error instanceof PolicyErrors) return error;
    throw error;
  }
  throw new Error('no error was thrown');
}

function write(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'amq-auth-iam-')), name);
  writeFileSync(path, text);
  return path;
}

describe('loading an IAM policy', () => {
  it('keeps the document and where each element is', () => {
    const doc = loadIamPolicy(fixture('deny-delete-user.json'));
    expect((doc.document as { Statement: unknown[] }).Statement).toHaveLength(2);
    expect(doc.locate?.(['Statement', 1])).toEqual({
      file: fixture('deny-delete-user.json'),
      line: 10,
      column: 5,
    });
    expect(doc.locate?.(['Statement', 1, 'Effect'], 'key')).toMatchObject({ line: 12, column: 7 });
  });

  it('reports a JSON syntax error at the line and column where the parser stopped', () => {
    const file = fixture('malformed-trailing-comma.json');
    const error = errorOf(() => loadIamPolicy(file));
    expect(error.errors).toHaveLength(1);
    const [first] = error.errors;
    expect(first?.message).toMatch(/is not valid JSON: Expected double-quoted property name/);
    expect(first?.message).not.toMatch(/position/);
    expect(first?.location).toEqual({ file, line: 8, column: 5 });
    expect(error.exitCode).toBe(2);
  });

  it('points at the end of a truncated file', () => {
    const file = write('cut.json', '{\n  "Version": "2012-10-17",\n  "Statement": [');
    expect(errorOf(() => loadIamPolicy(file)).errors[0]?.location).toEqual({ file, line: 3, column: 17 });
  });

  it('refuses a repeated key instead of silently keeping one of the two', () => {
    const file = fixture('duplicate-action-key.json');
    const [first] = errorOf(() => loadIamPolicy(file)).errors;
    expect(first?.message).toMatch(/repeats a key/);
    expect(first?.location).toMatchObject({ file, line: 7 });
  });

  it('says what to pass instead of the output of get-policy-version', () => {
    const file = fixture('get-policy-version-output.json');
    const [first] = errorOf(() => loadIamPolicy(file)).errors;
    expect(first?.message).toMatch(/has "PolicyVersion" and no "Statement"/);
    expect(first?.hint).toMatch(/PolicyVersion\.Document/);
    expect(first?.location).toEqual({ file, line: 2, column: 3 });
  });

  it('reads a file that starts with a byte order mark', () => {
    const file = write('bom.json', '\uFEFF{"Version": "2012-10-17", "Statement": []}');
    expect(loadIamPolicy(file).document).toEqual({ Version: '2012-10-17', Statement: [] });
  });

  it('names a file that does not exist', () => {
    const [first] = errorOf(() => loadIamPolicy('/nonexistent/role.json', 'permission boundary')).errors;
    expect(first?.message).toBe('permission boundary /nonexistent/role.json does not exist');
  });
});

describe('element paths of the IAM policy validator', () => {
  it.each([
    ['', { path: [], part: 'value' }],
    ['Version', { path: ['Version'], part: 'value' }],
    ['Statement[1].Effect', { path: ['Statement', 1, 'Effect'], part: 'value' }],
    ['Statement[0].#Principal', { path: ['Statement', 0, 'Principal'], part: 'key' }],
    ['Statement[0].Action[2]', { path: ['Statement', 0, 'Action', 2], part: 'value' }],
    ['Statement.Condition.StringEquals', { path: ['Statement', 'Condition', 'StringEquals'], part: 'value' }],
  ])('%j', (text, expected) => {
    expect(parseElementPath(text)).toEqual(expected);
  });
});
