/**
 * TLS options every probe connection uses: the run's CA (the client always verifies the broker), the
 * name to check, one secure context per CA, and the last TLS session per endpoint so reconnects resume.
 *
 * - One context per CA: `tls.connect({ ca })` parses the CA and builds a new OpenSSL context on every
 *   connection, which was a visible share of the harness's CPU in a run's profile.
 * - Resumption: a resumed TLS 1.3 handshake skips the server's certificate signature and the client's
 *   chain check. A session is only ever offered to the endpoint (and name, and CA) that issued it, a
 *   server this process already verified against the same CA; verification stays on for every socket.
 */
import tls, { type ConnectionOptions, type SecureContext, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { ClientOptions } from 'ws';
import type { ProbeTarget } from './types';
import { tlsServerName } from './tls-server-name';

/** CAs a process keeps a context for (a run has one; tests start a few brokers). */
const MAX_CONTEXTS = 16;
const contexts = new Map<string, SecureContext>();
const sessions = new Map<string, Buffer>();

function contextFor(caPem: string): SecureContext {
  let context = contexts.get(caPem);
  if (!context) {
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    context = tls.createSecureContext({ ca: caPem });
    contexts.set(caPem, context);
  }
  return context;
}

function sessionKey(target: ProbeTarget, servername: string): string {
  return `${target.endpoint.host}:${target.endpoint.port} ${servername} ${target.caPem}`;
}

/**
 * Options for `tls.connect` (or a library that hands them to it) to reach `target`: verified against
 * the run's CA under the endpoint's name, offering the last session this endpoint issued.
 */
export function probeTlsOptions(target: ProbeTarget): ConnectionOptions & { servername: string } {
  const servername = tlsServerName(target.endpoint);
  const session = sessions.get(sessionKey(target, servername));
  return {
    secureContext: contextFor(target.caPem),
    servername,
    rejectUnauthorized: true,
    ...(session ? { session } : {}),
  };
}

/** Keeps the sessions `socket` receives for the next connection to the same target. */
export function rememberTlsSessions(socket: TLSSocket, target: ProbeTarget): void {
  const key = sessionKey(target, tlsServerName(target.endpoint));
  socket.on('session', (session: Buffer) => {
    if (sessions.size > 256 && !sessions.has(key)) sessions.clear();
    sessions.set(key, session);
  });
}

/**
 * WebSocket options of a probe: TLS as every probe connects (verified, one context, resumable), and no
 * permessage-deflate: compressing frames of a few hundred bytes changes nothing a probe observes and cost
 * a visible share of both sides' CPU (zlib in the harness, the deflater in the broker's Jetty).
 */
export function probeWebSocketOptions(target: ProbeTarget): ClientOptions {
  const createConnection = (options: ConnectionOptions): TLSSocket => {
    const socket = tls.connect({ ...options, ...probeTlsOptions(target) });
    rememberTlsSessions(socket, target);
    return coalesceWrites(socket);
  };
  // ws calls it with the options of tls.connect for a wss URL; its typings name net's signature only
  return {
    perMessageDeflate: false,
    createConnection: createConnection as ClientOptions['createConnection'],
  };
}

/**
 * Writes made in the same tick leave as one TLS record: stompit writes a frame's command, headers and
 * body separately, mqtt.js a packet's parts, and each write on a TLS socket is its own encryption and
 * system call (`writeBuffer` was the largest native item of the harness's CPU profile).
 */
export function coalesceWrites<S extends Duplex>(socket: S): S {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    return write(...args);
  }) as S['write'];
  return socket;
}
