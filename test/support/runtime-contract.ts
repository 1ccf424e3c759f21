/**
 * What every runtime's broker must be, whichever runtime started it: TLS only, on every connector, with the
 * run's certificate, and the configuration the harness rendered (its users, not a default).
 */
import { X509Certificate } from 'node:crypto';
import { connect as tlsConnect } from 'node:tls';
import type { Endpoint, RunningBroker } from '../../src/broker/types';
import { plaintextHello, plaintextHelloFor } from './plaintext';

const HANDSHAKE_TIMEOUT_MS = 5_000;
const STOMP_ANSWER_TIMEOUT_MS = 5_000;

export interface RuntimeContractSpec {
  broker: () => RunningBroker;
  /** the certificate the run gave the broker */
  serverCertPem: () => string;
  /** a user of the rendered configuration */
  user: { username: string; password: string };
}

interface Handshake {
  authorized: boolean;
  error?: string;
  peerFingerprint?: string;
}

function handshake(endpoint: Endpoint, ca: string | undefined): Promise<Handshake> {
  return new Promise((done) => {
    const socket = tlsConnect({
      host: endpoint.host,
      port: endpoint.port,
      servername: endpoint.host,
      ca,
      rejectUnauthorized: true,
      timeout: HANDSHAKE_TIMEOUT_MS,
    });
    const finish = (result: Handshake) => {
      socket.destroy();
      done(result);
    };
    socket.once('secureConnect', () =>
      finish({ authorized: socket.authorized, peerFingerprint: socket.getPeerCertificate().fingerprint256 }),
    );
    socket.once('error', (e: NodeJS.ErrnoException) =>
      finish({ authorized: false, error: e.code ?? e.message }),
    );
    socket.once('timeout', () => finish({ authorized: false, error: 'timeout' }));
  });
}

/** The first STOMP frame the broker answers a raw STOMP 1.2 CONNECT over TLS with. */
function stompConnect(endpoint: Endpoint, ca: string, login: string, passcode: string): Promise<string> {
  return new Promise((done, fail) => {
    const socket = tlsConnect({ host: endpoint.host, port: endpoint.port, servername: endpoint.host, ca });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`no STOMP answer within ${STOMP_ANSWER_TIMEOUT_MS} ms`));
    }, STOMP_ANSWER_TIMEOUT_MS);
    socket.once('secureConnect', () => {
      socket.write(`CONNECT\naccept-version:1.2\nhost:localhost\nlogin:${login}\npasscode:${passcode}\n\n\0`);
    });
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('utf8');
      const end = data.indexOf('\0');
      if (end < 0) return;
      clearTimeout(timer);
      socket.destroy();
      done(data.slice(0, end));
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
  });
}

export function describeRuntimeContract(spec: RuntimeContractSpec): void {
  const endpoints = () => Object.values(spec.broker().endpoints);

  it('completes a TLS handshake on every connector, verified against the run CA, with the run’s certificate', async () => {
    const expected = new X509Certificate(spec.serverCertPem()).fingerprint256;
    for (const endpoint of endpoints()) {
      expect({ transport: endpoint.transport, ...(await handshake(endpoint, spec.broker().caPem)) }).toEqual({
        transport: endpoint.transport,
        authorized: true,
        peerFingerprint: expected,
      });
    }
  });

  it('refuses a client that does not trust the run CA', async () => {
    for (const endpoint of endpoints()) {
      expect({ transport: endpoint.transport, ...(await handshake(endpoint, undefined)) }).toEqual({
        transport: endpoint.transport,
        authorized: false,
        error: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/),
      });
    }
  });

  it('gives a plaintext client no protocol answer and hangs up', async () => {
    for (const endpoint of endpoints()) {
      const { answer, closed } = await plaintextHello(endpoint, plaintextHelloFor(endpoint.transport));
      expect({ transport: endpoint.transport, closed }).toEqual({
        transport: endpoint.transport,
        closed: true,
      });
      // Nothing, or a TLS alert record (content type 21): never CONNECTED, CONNACK or a WireFormatInfo.
      if (answer.length > 0) expect(answer[0]).toBe(0x15);
    }
  });

  it('runs the rendered configuration unchanged: its users, not a default', async () => {
    const { username, password } = spec.user;
    const stomp = spec.broker().endpoints.stomp;
    if (!stomp) throw new Error('the runtime contract needs the stomp connector');
    expect(await stompConnect(stomp, spec.broker().caPem, username, password)).toMatch(/^CONNECTED\n/);
    const refused = await stompConnect(stomp, spec.broker().caPem, username, 'not-the-password');
    expect(refused).toMatch(/^ERROR\n/);
    expect(refused).toContain(`User name [${username}] or password is invalid.`);
  });
}
