import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import forge from 'node-forge';
import type { TlsBundle } from '../../../src/broker/types';
import { createRunTls, KEYSTORE_ALIAS, TRUSTSTORE_ALIAS } from '../../../src/tls';

const HANDSHAKE_TIMEOUT_MS = 5_000;

function keyAndChainFromKeystore(bundle: TlsBundle): { keyPem: string; certPems: string[] } {
  const p12 = forge.pkcs12.pkcs12FromAsn1(
    forge.asn1.fromDer(bundle.keystoreP12.toString('binary')),
    bundle.keystorePassword.reveal(),
  );
  const keyBags =
    p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? [];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  return {
    keyPem: forge.pki.privateKeyToPem(keyBags[0]!.key!),
    certPems: certBags.map((b) => forge.pki.certificateToPem(b.cert!)),
  };
}

type HandshakeResult = { ok: true } | { ok: false; code: string };

function handshake(port: number, opts: { ca?: string; servername: string }): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    const socket: TLSSocket = connect({
      host: '127.0.0.1',
      port,
      ca: opts.ca,
      servername: opts.servername,
      rejectUnauthorized: true,
      timeout: HANDSHAKE_TIMEOUT_MS,
    });
    socket.once('secureConnect', () => {
      socket.end();
      resolve({ ok: true });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve({ ok: false, code: err.code ?? err.message });
    });
  });
}

describe('createRunTls', () => {
  let bundle: TlsBundle;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    bundle = await createRunTls({ hosts: ['broker.internal', '10.0.0.7'] });
    // The server uses the key and chain as the broker would: read back from the PKCS12 keystore.
    const { keyPem, certPems } = keyAndChainFromKeystore(bundle);
    server = createServer({ key: keyPem, cert: certPems.join('') }, (socket) => socket.end());
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('signs the server certificate with the CA', () => {
    const ca = new X509Certificate(bundle.caPem);
    const cert = new X509Certificate(bundle.serverCertPem);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
  });

  it('names localhost, 127.0.0.1 and the extra hosts', () => {
    const cert = new X509Certificate(bundle.serverCertPem);
    const san = cert.subjectAltName ?? '';
    expect(san).toContain('DNS:localhost');
    expect(san).toContain('IP Address:127.0.0.1');
    expect(san).toContain('DNS:broker.internal');
    expect(san).toContain('IP Address:10.0.0.7');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('example.com')).toBeUndefined();
  });

  it('is valid now', () => {
    const cert = new X509Certificate(bundle.serverCertPem);
    const now = Date.now();
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(now);
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(now);
  });

  it('makes fresh material and passwords each time', async () => {
    const other = await createRunTls();
    expect(other.caPem).not.toBe(bundle.caPem);
    expect(other.keystorePassword.reveal()).not.toBe(bundle.keystorePassword.reveal());
    expect(bundle.keystorePassword.reveal()).not.toBe(bundle.truststorePassword.reveal());
    expect(bundle.keystorePassword.reveal().length).toBeGreaterThanOrEqual(32);
  });

  it('never shows the store passwords in JSON or string form', () => {
    const text = JSON.stringify(bundle) + String(bundle.keystorePassword);
    expect(text).not.toContain(bundle.keystorePassword.reveal());
    expect(text).not.toContain(bundle.truststorePassword.reveal());
  });

  it('keystore holds the server key and the chain server, CA', () => {
    const { certPems } = keyAndChainFromKeystore(bundle);
    expect(certPems.map((p) => new X509Certificate(p).fingerprint256)).toEqual([
      new X509Certificate(bundle.serverCertPem).fingerprint256,
      new X509Certificate(bundle.caPem).fingerprint256,
    ]);
  });

  it('keystore cannot be opened with another password', () => {
    expect(() =>
      forge.pkcs12.pkcs12FromAsn1(
        forge.asn1.fromDer(bundle.keystoreP12.toString('binary')),
        'wrong-password',
      ),
    ).toThrow();
  });

  it('accepts a client that trusts the CA', async () => {
    await expect(handshake(port, { ca: bundle.caPem, servername: 'localhost' })).resolves.toEqual({
      ok: true,
    });
  });

  it('refuses a client that does not trust the CA', async () => {
    const result = await handshake(port, { servername: 'localhost' });
    expect(result).toEqual({
      ok: false,
      code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY/),
    });
  });

  it('refuses a host name the certificate does not name', async () => {
    const result = await handshake(port, { ca: bundle.caPem, servername: 'not-the-broker.example' });
    expect(result).toEqual({ ok: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  const keytool = [
    '/usr/bin/keytool',
    process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'keytool') : '',
  ]
    .filter(Boolean)
    .find((p) => existsSync(p));
  (keytool ? describe : describe.skip)('read by Java (keytool)', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'amq-auth-tls-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const list = (file: string, content: Buffer, password: string) => {
      writeFileSync(file, content);
      return execFileSync(
        keytool!,
        ['-list', '-storetype', 'PKCS12', '-keystore', file, '-storepass', password],
        {
          encoding: 'utf8',
        },
      );
    };

    it('sees the keystore entry as a private key entry', () => {
      const out = list(join(dir, 'ks.p12'), bundle.keystoreP12, bundle.keystorePassword.reveal());
      expect(out).toMatch(new RegExp(`^${KEYSTORE_ALIAS}, .*PrivateKeyEntry`, 'm'));
    });

    it('sees the truststore entry as a trusted certificate', () => {
      const out = list(join(dir, 'ts.p12'), bundle.truststoreP12, bundle.truststorePassword.reveal());
      expect(out).toMatch(new RegExp(`^${TRUSTSTORE_ALIAS}, .*trustedCertEntry`, 'm'));
    });
  });
});
