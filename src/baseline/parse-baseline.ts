/**
 * Reading a baseline file back. A file someone edited by hand or a merge left broken is an input error
 * that says where (line and column) and how to get a good file again.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { PolicyError, type SourceLocation } from '../core/errors';
import { OPERATIONS, PROTOCOLS } from '../core/types';
import { BASELINE_SCHEMA_VERSION, type Baseline } from './types';

const REGENERATE_HINT =
  'regenerate it with `amq-auth check <policy> --baseline <file> --update-baseline` and review the result before committing';

const outcome = z.enum(['granted', 'denied', 'inconclusive', 'order-dependent']);
const protocol = z.enum(PROTOCOLS);
const schema = z.strictObject({
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  engine: z.string().min(1),
  protocols: z.array(protocol),
  matrix: z.record(
    z.string().min(1),
    z.record(z.string().min(1), z.partialRecord(z.enum(OPERATIONS), z.partialRecord(protocol, outcome))),
  ),
});

function locationAt(text: string, offset: number, file: string): SourceLocation {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { file, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Node's JSON.parse names a character offset in its message (or none, at the end of the input). */
function syntaxErrorOffset(message: string, text: string): number {
  const at = /at position (\d+)/.exec(message);
  return at ? Number(at[1]) : text.length;
}

/** Where the value at a schema issue's path starts; JSON is YAML, so the YAML parser knows every offset. */
function locationOfPath(text: string, path: readonly PropertyKey[], file: string): SourceLocation {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  let node: unknown = doc.contents;
  let offset = 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else break;
  }
  const range = (node as YamlNode | undefined)?.range;
  if (range) offset = range[0];
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, column: col };
}

function describePath(path: readonly PropertyKey[]): string {
  return path.length
    ? path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join(' > ')
    : 'the file';
}

export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PolicyError(`baseline ${file} is not valid JSON: ${message}`, {
      location: locationAt(text, syntaxErrorOffset(message, text), file),
      hint: REGENERATE_HINT,
      cause: error,
    });
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (raw !== null && typeof raw === 'object' && version !== BASELINE_SCHEMA_VERSION) {
    throw new PolicyError(
      `baseline ${file} has schemaVersion ${JSON.stringify(version)}; this version reads schemaVersion ${BASELINE_SCHEMA_VERSION}`,
      { location: locationOfPath(text, ['schemaVersion'], file), hint: REGENERATE_HINT },
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PolicyError(`baseline ${file}: ${describePath(issue.path)}: ${issue.message}`, {
      location: locationOfPath(text, issue.path, file),
      hint: REGENERATE_HINT,
    });
  }
  return parsed.data as Baseline;
}
