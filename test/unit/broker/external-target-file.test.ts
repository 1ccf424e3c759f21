import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEndpointAddress } from '../../../src/broker/external/endpoint-address';
import { loadTargetFile, parseTargetText } from '../../../src/broker/external/target-file';
import { PolicyErrors } from '../../../src/core/errors';
import type { Transport } from '../../../src/core/types';
import { createRunTls } from '../../../src/tls';

const HOST = 'b-1234.mq.eu-west-1.amazonaws.com';
const PASSWORD = 'Stag1ng-Adm1n-Pa55word';
const env = { STAGING_ADMIN_PASSWORD: PASSWORD };

const amazonMqFile = `endpoints:
  openwire: ssl://${HOST}:61617
  amqp: amqp+ssl://${HOST}:5671
  stomp: stomp+ssl://${HOST}:61614
  mqtt: mqtt+ssl://${HOST}:8883
  wss: wss://${HOST}:61619
observer:
  username: harness-admin
  password: \${STAGING_ADMIN_PASSWORD}
`;

/** The errors a text yields; fails the test when it loads. */
function errorsOf(text: string, file = 'target.yaml', options = { env }): PolicyErrors {
  try {
    parseTargetText(text, file, options);
  } catch (error) {
    if (error instanceof PolicyErrors) return error;
    throw error;
  }
  throw new Error('expected the target file to be refused');
}

describe('target file', () => {
  it('reads the endpoints as Amazon MQ shows them, the observer from the environment, and the system trust store by default', () => {
    const target = parseTargetText(amazonMqFile, 'target.yaml', { env });
    expect(Object.keys(target.endpoints).sort()).toEqual(['amqp', 'mqtt', 'openwire', 'stomp', 'ws']);
    expect(target.endpoints.stomp).toEqual({
      transport: 'stomp',
      host: HOST,
      port: 61614,
      url: `stomp+ssl://${HOST}:61614`,
    });
    expect(target.endpoints.ws?.url).toBe(`wss://${HOST}:61619`);
    expect(target.ca).toEqual({ source: 'system' });
    expect(target.observer.username).toBe('harness-admin');
    expect(target.observer.password.reveal()).toBe(PASSWORD);
    expect(JSON.stringify(target)).not.toContain(PASSWORD);
  });

  it('takes host:port, fills in Amazon MQ ports, and applies serverName to every endpoint', () => {
    const target = parseTargetText(
      `endpoints:\n  stomp: 127.0.0.1:16614\n  mqtt: localhost\nserverName: ${HOST}\nobserver: {username: admin, password: literal-password}\n`,
      'target.yaml',
      { env: {} },
    );
    expect(target.endpoints.stomp).toMatchObject({ host: '127.0.0.1', port: 16614, serverName: HOST });
    expect(target.endpoints.mqtt).toMatchObject({ host: 'localhost', port: 8883, serverName: HOST });
    expect(target.serverName).toBe(HOST);
  });

  it('reads a CA relative to the target file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-target-'));
    const { caPem } = await createRunTls();
    writeFileSync(join(dir, 'staging-ca.pem'), caPem);
    writeFileSync(join(dir, 'target.yaml'), `${amazonMqFile}ca: ./staging-ca.pem\n`);
    const target = loadTargetFile(join(dir, 'target.yaml'), { env });
    expect(target.ca).toEqual({ source: 'file', path: join(dir, 'staging-ca.pem'), pem: caPem });
  });

  it('reports each problem at its line and column, with a hint', () => {
    const text = `endpoints:
  stomp: stomp://${HOST}:61613
  mqtt: stomp+ssl://${HOST}:61614
  openwire: failover:(ssl://a:61617,ssl://b:61617)
serverName: not a host
observr: {}
observer:
  username: harness-admin
  password: \${STAGING_ADMIN_PASSWORD}
`;
    const errors = errorsOf(text).errors;
    const at = (line: number) => errors.find((e) => e.location?.line === line);
    // the schema fails first: only the unknown key is reported, at the key
    expect(errors).toHaveLength(1);
    expect(at(6)?.message).toBe('unknown key "observr"');
    expect(at(6)?.location).toEqual({ file: 'target.yaml', line: 6, column: 1 });
    expect(at(6)?.hint).toBe('did you mean "observer"?');

    const fixed = errorsOf(text.replace('observr: {}\n', '')).errors;
    expect(fixed.map((e) => [e.location?.line, e.location?.column])).toEqual([
      [2, 10],
      [3, 9],
      [4, 13],
      [5, 13],
    ]);
    expect(fixed[0]?.message).toMatch(/stomp:\/\/, which is not encrypted/);
    expect(fixed[0]?.hint).toMatch(/use the stomp\+ssl:\/\/ endpoint/);
    expect(fixed[1]?.message).toMatch(/mqtt endpoint has the scheme of the stomp transport/);
    expect(fixed[2]?.message).toMatch(/failover list/);
    expect(fixed[3]?.message).toMatch(/serverName "not a host" is not a host name/);
  });

  it('requires a STOMP endpoint for the observer', () => {
    const [error] = errorsOf(
      `endpoints:\n  mqtt: mqtt+ssl://${HOST}:8883\nobserver: {username: a, password: b-long-enough}\n`,
    ).errors;
    expect(error?.message).toBe('endpoints has no stomp endpoint');
    expect(error?.location).toMatchObject({ line: 1, column: 1 });
    expect(error?.hint).toMatch(/observer .* STOMP/);
  });

  it('says which environment variable is missing, where, and never shows a password', () => {
    const [missing] = errorsOf(amazonMqFile, 'target.yaml', { env: {} as typeof env }).errors;
    expect(missing?.message).toBe(
      'observer password: environment variable STAGING_ADMIN_PASSWORD is not set',
    );
    expect(missing?.location).toEqual({ file: 'target.yaml', line: 9, column: 13 });
    expect(missing?.hint).toMatch(/export STAGING_ADMIN_PASSWORD/);

    const [bad] = errorsOf(amazonMqFile.replace('${STAGING_ADMIN_PASSWORD}', '${1BAD}')).errors;
    expect(bad?.message).toMatch(/not a valid environment variable reference/);
  });

  it('keeps a literal password out of every message, even when the error is about its value', () => {
    const literal = 'Sup3r-Secret-Value!';
    const asNumber = errorsOf(
      `endpoints:\n  stomp: ${HOST}\nobserver:\n  username: admin\n  password: 1234567890123\n`,
    );
    expect(asNumber.describe()).not.toContain('1234567890123');
    expect(asNumber.errors[0]?.location).toMatchObject({ line: 5, column: 13 });

    // the same text elsewhere in the file (here as a bogus endpoint) is scrubbed from that error too
    const echoed = errorsOf(
      `endpoints:\n  stomp: ${HOST}\n  mqtt: tcp://${literal}\nobserver: {username: admin, password: '${literal}'}\n`,
    );
    expect(echoed.errors.length).toBeGreaterThan(0);
    const shown = echoed.errors.map((e) => `${e.describe()} ${e.value ?? ''}`).join('\n');
    expect(shown).not.toContain(literal);

    const syntax = errorsOf(`endpoints: {stomp: ${HOST}}\nobserver: {username: a, password: "${literal}\n`);
    expect(syntax.describe()).not.toContain(literal);
  });

  it('names an unreadable or non-PEM CA file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-target-'));
    writeFileSync(join(dir, 'not-a-cert.pem'), 'hello\n');
    const missing = errorsOf(`${amazonMqFile}ca: ./nope.pem\n`, join(dir, 't.yaml')).errors[0];
    expect(missing?.message).toMatch(/ca file .*nope\.pem cannot be read \(ENOENT\)/);
    expect(missing?.location).toMatchObject({ line: 10, column: 5 });
    const notPem = errorsOf(`${amazonMqFile}ca: not-a-cert.pem\n`, join(dir, 't.yaml')).errors[0];
    expect(notPem?.message).toMatch(/holds no PEM certificate/);
  });

  it('points a missing file at the path', () => {
    const error = (() => {
      try {
        return loadTargetFile('/nonexistent/target.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PolicyErrors);
    expect((error as PolicyErrors).describe()).toMatch(
      /target file \/nonexistent\/target.yaml does not exist/,
    );
  });
});

describe('endpoint addresses', () => {
  const parse = (transport: Transport, text: string) => parseEndpointAddress(transport, text);

  it.each([
    ['openwire', 'ssl://h:61617', 'ssl://h:61617'],
    ['openwire', 'tls://h', 'ssl://h:61617'],
    ['amqp', 'amqps://h', 'amqp+ssl://h:5671'],
    ['stomp', 'h:1234', 'stomp+ssl://h:1234'],
    ['mqtt', 'mqtt+ssl://h:8883/', 'mqtt+ssl://h:8883'],
    ['ws', 'wss://h', 'wss://h:61619'],
    ['stomp', '[::1]:61614', 'stomp+ssl://[::1]:61614'],
  ] as const)('%s %s -> %s', (transport, text, url) => {
    const result = parse(transport, text);
    expect(result.ok && result.endpoint.url).toBe(url);
  });

  it.each([
    ['stomp', 'stomp+ssl://h:0', /invalid port/],
    ['stomp', 'stomp+ssl://h:61614?transport.x=1', /path or options/],
    ['stomp', 'stomp+ssl://user:pw@h:61614', /contains credentials/],
    ['ws', 'ws://h:61614', /not encrypted/],
    ['amqp', 'gopher://h', /unknown scheme/],
    ['amqp', '  ', /empty/],
  ] as const)('%s %s is refused', (transport, text, message) => {
    const result = parse(transport, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
