/** The byte streams STOMP runs over: TLS to a `stomp+ssl` connector, or a `wss` WebSocket. */
import tls from 'node:tls';
import { tlsServerName } from '../tls-server-name';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { ProbeTarget } from '../types';
import { StompWebSocketStream } from './websocket-stream';

/** Subprotocol that makes ActiveMQ's WebSocket connector speak STOMP 1.2. */
export const STOMP_WS_SUBPROTOCOL = 'v12.stomp';

export type StompTransportKind = 'tls' | 'wss';

/**
 * The last TLS session per endpoint and CA: stompit drops its connection on every ERROR frame, so a run
 * reconnects hundreds of times, and a resumed handshake costs the broker and the harness far less CPU.
 * A resumed session belongs to a server this process already verified against the same CA.
 */
const resumable = new Map<string, Buffer>();

/** Opens the stream; writes made before the handshake completes are held until it does. */
export function openStompTransport(kind: StompTransportKind, target: ProbeTarget): Duplex {
  const { host, port } = target.endpoint;
  const servername = tlsServerName(target.endpoint);
  if (kind === 'tls') {
    // stompit writes one frame in several pieces; without this, Nagle's algorithm adds ~40 ms per frame
    const key = `${host}:${port} ${servername} ${target.caPem}`;
    const socket = tls.connect({
      host,
      port,
      ca: target.caPem,
      servername,
      rejectUnauthorized: true,
      session: resumable.get(key),
    });
    socket.on('session', (session: Buffer) => resumable.set(key, session));
    socket.setNoDelay(true);
    return socket;
  }
  // ws hands these options to tls.connect, which honours `servername` though ws's types do not list it
  const tlsOptions = { ca: target.caPem, servername, rejectUnauthorized: true };
  const ws = new WebSocket(`wss://${host}:${port}/`, [STOMP_WS_SUBPROTOCOL], tlsOptions);
  return new StompWebSocketStream(ws);
}
