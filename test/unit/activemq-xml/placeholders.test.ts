/** `${name}` and `${name:default}` as the broker's Spring placeholder configurer resolves them. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPropertiesFile, PlaceholderResolver } from '../../../src/activemq-xml/placeholders';
import { PolicyError } from '../../../src/core/errors';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'amq-auth-placeholders-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function propertiesFile(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return loadPropertiesFile(file);
}

describe('PlaceholderResolver', () => {
  it('takes the first properties file that defines a key, then the environment, then the default', () => {
    const first = propertiesFile('a.properties', 'user=from-a\n');
    const second = propertiesFile('b.properties', 'user=from-b\nhost=broker-b\n');
    const resolver = new PlaceholderResolver([first, second], { host: 'env-host', port: '61617' });
    expect(resolver.resolve('${user}@${host}:${port}/${path:root}')).toEqual({
      value: 'from-a@broker-b:61617/root',
      unresolved: [],
      sources: [`${join(dir, 'a.properties')}:1`, `${join(dir, 'b.properties')}:2`, 'environment'],
    });
  });

  it('resolves nested placeholders in names, values and defaults', () => {
    const props = propertiesFile('n.properties', 'env=prod\nqueue.prod=ORDERS.${region}\nregion=eu\n');
    const resolver = new PlaceholderResolver([props], {});
    expect(resolver.resolve('${queue.${env}}').value).toBe('ORDERS.eu');
    expect(resolver.resolve('${missing:${region}-fallback}').value).toBe('eu-fallback');
  });

  it('keeps what it cannot resolve as written and names the key', () => {
    const resolver = new PlaceholderResolver([], {});
    expect(resolver.resolve('x-${a.b}-${c:}')).toEqual({
      value: 'x-${a.b}-',
      unresolved: ['a.b'],
      sources: [],
    });
  });

  it('reads Java properties: continuations, escapes, `:` and space separators, the last key winning', () => {
    const props = propertiesFile(
      'j.properties',
      'a : one\\\n   two\nb three\n! comment\nc=\\u0041\nb=four\n',
    );
    expect([...props.values].map(([k, v]) => [k, v.value, v.line])).toEqual([
      ['a', 'onetwo', 1],
      ['b', 'four', 6],
      ['c', 'A', 5],
    ]);
  });

  it('refuses a properties file it cannot read, with the path', () => {
    expect(() => loadPropertiesFile(join(dir, 'none.properties'))).toThrow(PolicyError);
    expect(() => loadPropertiesFile(join(dir, 'none.properties'))).toThrow(/none\.properties: ENOENT/);
  });
});
