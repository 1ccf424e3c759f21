/** The byte streams STOMP runs over: TLS to a `stomp+ssl` connector, or a `wss` WebSocket. */
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { coalesceWrites, probeTlsOptions, probeWebSocketOptions, rememberTlsSessions } from '../tls-client';
import { WebSocket } from 'ws';
import type { ProbeTarget } from '../types';
import { StompWebSocketStream } from './websocket-stream';

/** Subprotocol that makes ActiveMQ's WebSocket connector speak STOMP 1.2. */
export const STOMP_WS_SUBPROTOCOL = 'v12.stomp';

export type StompTransportKind = 'tls' | 'wss';

/** Opens the stream; writes made before the handshake completes are held until it does. */
export function openStompTransport(kind: StompTransportKind, target: ProbeTarget): Duplex {
  const { host, port } = target.endpoint;
  if (kind === 'tls') {
    // stompit drops its connection on every ERROR frame it is not told to keep: reconnects resume
    const socket = tls.connect({ host, port, ...probeTlsOptions(target) });
    rememberTlsSessions(socket, target);
    // stompit writes one frame in several pieces; without this, Nagle's algorithm adds ~40 ms per frame
    socket.setNoDelay(true);
    return coalesceWrites(socket);
  }
  const ws = new WebSocket(`wss://${host}:${port}/`, [STOMP_WS_SUBPROTOCOL], probeWebSocketOptions(target));
  return new StompWebSocketStream(ws);
}
