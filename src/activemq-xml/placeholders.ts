/**
 * `${name}` and `${name:default}` in a broker XML, resolved the way the broker's Spring
 * PropertyPlaceholderConfigurer does at start (ActiveMQ's stock activemq.xml loads
 * `credentials.properties` this way): from the given properties files in order, then (Spring's
 * FALLBACK mode) from the environment, else the default after the first `:`. Placeholders may nest,
 * in the name and in the default. Spring refuses to start on a placeholder it cannot resolve; so does
 * this resolver, by reporting it.
 */
import { readFileSync } from 'node:fs';
import { Properties } from 'properties-file/parser';
import { PolicyError } from '../core/errors';

export interface PropertyValue {
  value: string;
  file: string;
  line: number;
}

export interface PropertySource {
  file: string;
  values: Map<string, PropertyValue>;
}

/** Reads a Java `.properties` file (escapes, continuations, `=`/`:`/space separators); the last key wins. */
export function loadPropertiesFile(file: string): PropertySource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError(
      `cannot read the properties file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        hint: 'pass an existing Java .properties file to --properties',
      },
    );
  }
  const values = new Map<string, PropertyValue>();
  for (const property of new Properties(text).getProperties()) {
    values.set(property.key, { value: property.value, file, line: property.startingLineNumber });
  }
  return { file, values };
}

export interface Resolution {
  /** the text with every resolvable placeholder replaced; unresolved ones are kept as written */
  value: string;
  /** names no source defined and that had no default, outermost first */
  unresolved: string[];
  /** where each used value came from, for messages (`credentials.properties:3`, `environment`) */
  sources: string[];
}

const MAX_DEPTH = 16;

export class PlaceholderResolver {
  constructor(
    private readonly sources: readonly PropertySource[] = [],
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Whether `text` holds a complete placeholder (`${` with its `}`); anything else is literal text. */
  static holdsPlaceholder(text: string): boolean {
    const start = text.indexOf('${');
    return start >= 0 && matchingBrace(text, start + 2) >= 0;
  }

  resolve(text: string): Resolution {
    const unresolved: string[] = [];
    const sources: string[] = [];
    const value = this.expand(text, unresolved, sources, 0);
    return { value, unresolved, sources };
  }

  private lookup(name: string, sources: string[]): string | undefined {
    for (const source of this.sources) {
      const found = source.values.get(name);
      if (found) {
        sources.push(`${found.file}:${found.line}`);
        return found.value;
      }
    }
    const fromEnv = this.env[name];
    if (fromEnv !== undefined) {
      sources.push('environment');
      return fromEnv;
    }
    return undefined;
  }

  private expand(text: string, unresolved: string[], sources: string[], depth: number): string {
    if (depth > MAX_DEPTH) return text;
    let out = '';
    let i = 0;
    while (i < text.length) {
      const start = text.indexOf('${', i);
      if (start < 0) return out + text.slice(i);
      const end = matchingBrace(text, start + 2);
      if (end < 0) return out + text.slice(i);
      out += text.slice(i, start);
      const inner = this.expand(text.slice(start + 2, end), unresolved, sources, depth + 1);
      const separator = inner.indexOf(':');
      const name = separator < 0 ? inner : inner.slice(0, separator);
      const fallback = separator < 0 ? undefined : inner.slice(separator + 1);
      const found = this.lookup(name, sources);
      if (found !== undefined) out += this.expand(found, unresolved, sources, depth + 1);
      else if (fallback !== undefined) out += fallback;
      else {
        unresolved.push(name);
        out += text.slice(start, end + 1);
      }
      i = end + 1;
    }
    return out;
  }
}

/** Index of the `}` closing a placeholder whose name starts at `from`, counting nested `${`. */
function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i += 1) {
    if (text.startsWith('${', i)) {
      depth += 1;
      i += 1;
    } else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}
