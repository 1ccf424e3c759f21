/**
 * Before a run against an external broker, each endpoint must complete a verified TLS handshake: a wrong
 * host, a closed security group or an untrusted certificate then fails the run up front, naming the
 * endpoint, instead of turning every case into an inconclusive connect.
 */
import { isIP } from 'node:net';
import tls from 'node:tls';
import { InfrastructureError } from '../../core/errors';
import type { Endpoint } from '../types';

/** DNS, TCP connect and TLS handshake of one endpoint; a broker in another region needs well under 1 s. */
export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

export type HandshakeResult =
  | { ok: true; endpoint: Endpoint; protocol: string; peerSubject: string; durationMs: number }
  | { ok: false; endpoint: Endpoint; reason: string; hint: string; durationMs: number };

const CERTIFICATE_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

/** The name the client asks for and verifies: serverName, else the host (an IP is never sent as SNI). */
export function tlsServerNameOf(endpoint: Endpoint): string | undefined {
  if (endpoint.serverName !== undefined) return endpoint.serverName;
  return isIP(endpoint.host) ? undefined : endpoint.host;
}

function explain(error: NodeJS.ErrnoException, endpoint: Endpoint): { reason: string; hint: string } {
  const code = error.code ?? '';
  const name = tlsServerNameOf(endpoint) ?? endpoint.host;
  if (code === 'ECONNREFUSED')
    return {
      reason: 'connection refused',
      hint: 'check host and port, and that the broker is running with this transport enabled',
    };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return {
      reason: `the host name ${endpoint.host} does not resolve (${code})`,
      hint: 'check the host; the name of a broker without public accessibility resolves only inside its VPC',
    };
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return {
      reason: `the broker's certificate is not issued for ${name}: ${error.message}`,
      hint: 'set serverName: to a name the certificate lists (e.g. when connecting through a tunnel or by IP address)',
    };
  if (CERTIFICATE_TRUST_CODES.has(code))
    return {
      reason: `the broker's certificate is not trusted (${code}: ${error.message})`,
      hint: 'give the CA that issued the broker certificate with ca: <file.pem> in the target file',
    };
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return {
      reason: `the broker's certificate is not valid now (${code})`,
      hint: "renew the broker's certificate, or check this machine's clock",
    };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket disconnected|socket hang up/i.test(error.message))
    return {
      reason: `the connection closed before the TLS handshake completed (${code || error.message})`,
      hint: 'check that the port is the TLS port of this transport',
    };
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(error.message))
    return {
      reason: `the port does not speak TLS (${error.message})`,
      hint: 'the address may be a clear-text port; use the TLS one (Amazon MQ: 61617, 5671, 61614, 8883, 61619)',
    };
  return { reason: `${code ? `${code}: ` : ''}${error.message}`, hint: 'check the endpoint address' };
}

function commonName(cert: tls.PeerCertificate): string {
  const cn: string | string[] | undefined = cert.subject?.CN;
  return Array.isArray(cn) ? cn.join(', ') : (cn ?? '');
}

/** One verified TLS handshake (`rejectUnauthorized: true`), closed as soon as it completes. */
export function tlsHandshake(
  endpoint: Endpoint,
  caPem: string,
  timeoutMs: number = TLS_HANDSHAKE_TIMEOUT_MS,
): Promise<HandshakeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      servername: tlsServerNameOf(endpoint),
      // an empty `ca` is treated by Node as absent: the default root CAs (see RunningBroker.caPem)
      ca: caPem,
      rejectUnauthorized: true,
    });
    let settled = false;
    const finish = (result: HandshakeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          endpoint,
          reason: `no TLS handshake within ${timeoutMs} ms`,
          hint: 'a firewall or security group may drop the traffic; a broker without public accessibility answers only inside its VPC',
          durationMs: elapsed(),
        }),
      timeoutMs,
    );
    socket.once('secureConnect', () =>
      finish({
        ok: true,
        endpoint,
        protocol: socket.getProtocol() ?? 'TLS',
        peerSubject: commonName(socket.getPeerCertificate()),
        durationMs: elapsed(),
      }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, endpoint, ...explain(error, endpoint), durationMs: elapsed() }),
    );
    socket.once('close', () =>
      finish({
        ok: false,
        endpoint,
        reason: 'the connection closed before the TLS handshake completed',
        hint: 'check that the port is the TLS port of this transport',
        durationMs: elapsed(),
      }),
    );
  });
}

/**
 * Handshakes with every endpoint at once; resolves with the results when all answered, and otherwise
 * throws one InfrastructureError that names each endpoint that did not.
 */
export async function checkEndpointsAnswer(
  endpoints: readonly Endpoint[],
  caPem: string,
  timeoutMs: number = TLS_HANDSHAKE_TIMEOUT_MS,
): Promise<HandshakeResult[]> {
  const results = await Promise.all(endpoints.map((e) => tlsHandshake(e, caPem, timeoutMs)));
  const failed = results.filter((r): r is Extract<HandshakeResult, { ok: false }> => !r.ok);
  if (failed.length === 0) return results;
  const lines = failed.map((f) => `${f.endpoint.url}: ${f.reason}`);
  const message =
    failed.length === 1
      ? `the external broker did not answer a TLS handshake at ${lines[0]}`
      : `the external broker did not answer a TLS handshake at ${failed.length} endpoints:\n  ${lines.join('\n  ')}`;
  throw new InfrastructureError(message, { hint: [...new Set(failed.map((f) => f.hint))].join('; ') });
}
