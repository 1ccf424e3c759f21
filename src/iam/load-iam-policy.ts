/**
 * Reading an identity policy or permission boundary (IAM's JSON), keeping where every element is so the
 * review can point at a statement, and refusing what JSON.parse would silently lose (a repeated key).
 */
import { PolicyError, PolicyErrors, type SourceLocation } from '../core/errors';
import { readInputFile } from '../policy/read-input';
import { parseYamlSource, type Path, type PathSegment } from '../policy/yaml-source';

/** A policy document under a name (its file, or a managed policy's name), with positions when from a file. */
export interface PolicyDoc {
  name: string;
  document: unknown;
  /** where the element at `path` starts in the file; absent for documents that come from no file */
  locate?: (path: Path, part?: 'key' | 'value') => SourceLocation;
}

const HINT_JSON = 'an IAM policy is a JSON document: {"Version": "2012-10-17", "Statement": [...]}';

function locationAt(text: string, offset: number, file: string): SourceLocation {
  const lines = text.slice(0, Math.max(0, Math.min(offset, text.length))).split('\n');
  return { file, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Node names a character offset ("at position 12"); at the end of the input it names none. */
function syntaxError(error: unknown, text: string, file: string, what: string): PolicyError {
  const raw = error instanceof Error ? error.message : String(error);
  const at = /\s*(?:in JSON )?at position (\d+)(?: \(line \d+ column \d+\))?/.exec(raw);
  const offset = at ? Number(at[1]) : text.length;
  const message = at ? raw.replace(at[0], '') : raw;
  return new PolicyError(`${what} ${file} is not valid JSON: ${message}`, {
    location: locationAt(text, offset, file),
    hint: HINT_JSON,
    cause: error,
  });
}

/** Documents people pass by mistake: the answer of `aws iam get-policy-version`, or a CloudFormation resource. */
const WRAPPERS: Record<string, string> = {
  PolicyVersion:
    'this is the output of `aws iam get-policy-version`: pass the value of PolicyVersion.Document',
  PolicyDocument: 'pass the value of PolicyDocument, the policy itself',
  Policy: 'pass the policy document itself (the object with Version and Statement)',
};

export function loadIamPolicy(file: string, what = 'policy'): PolicyDoc {
  const raw = readInputFile(file, what);
  // Editors on Windows may write a byte order mark; it is not part of the JSON text.
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PolicyErrors([syntaxError(error, text, file, what)]);
  }
  const source = parseYamlSource(text, file);
  // JSON.parse keeps the last of two equal keys and drops the first without a word; the YAML parser,
  // reading the same text, reports it.
  const duplicates = source.syntaxErrors.filter((e) => /unique/i.test(e.message));
  if (duplicates.length > 0) {
    throw new PolicyErrors(
      duplicates.map(
        (e) =>
          new PolicyError(`${what} ${file} repeats a key in one object; JSON readers keep only one of them`, {
            location: e.location,
            hint: 'merge the two entries (IAM rejects a policy with a repeated key)',
          }),
      ),
    );
  }
  if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
    const wrapper = Object.keys(document).find((k) => k in WRAPPERS);
    if (wrapper && !('Statement' in document)) {
      throw new PolicyErrors([
        new PolicyError(`${what} ${file} is not a policy document: it has "${wrapper}" and no "Statement"`, {
          location: source.locate([wrapper], 'key'),
          hint: WRAPPERS[wrapper],
        }),
      ]);
    }
  }
  return { name: file, document, locate: (path, part) => source.locate(path, part) };
}

/**
 * A path as the IAM policy validator writes it (`Statement[0].Action[2]`, `Statement[1].#Principal` for
 * the key itself) -> path segments, and whether it names a key.
 */
export function parseElementPath(text: string): { path: PathSegment[]; part: 'key' | 'value' } {
  const path: PathSegment[] = [];
  let part: 'key' | 'value' = 'value';
  if (text === '') return { path, part };
  for (const piece of text.split('.')) {
    const match = /^(#?)([^[\]]*)((?:\[\d+\])*)$/.exec(piece);
    if (!match) {
      path.push(piece);
      continue;
    }
    const [, hash, key, indexes] = match;
    if (key) path.push(key);
    for (const index of (indexes ?? '').matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
    part = hash ? 'key' : 'value';
  }
  return { path, part };
}
