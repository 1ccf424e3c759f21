/**
 * STAND-IN for ActiveMQ's `wss` transport connector, for broker builds that lack it (Debian's ActiveMQ
 * ships no activemq-http module). Tests that go through it must say so in their names.
 *
 * What it does: a `wss://` server, using the run's TLS material, that accepts WebSocket connections,
 * picks a backend from the requested subprotocols the way ActiveMQ's `WSServlet` does, opens a TLS
 * connection to the real broker's `mqtt+ssl` or `stomp+ssl` connector (verifying the broker certificate
 * against the run's CA) and relays bytes both ways.
 *
 * Why it is faithful: ActiveMQ's WebSocket transport hands every frame to the same protocol converters
 * the TCP connectors use (`MQTTProtocolConverter`, STOMP's `ProtocolConverter`), so authentication and
 * authorization answers (CONNACK 5, SUBACK 0x80, PUBACK for a dropped publish, STOMP ERROR frames) are
 * the broker's own, byte for byte; see BROKER-FACTS.md "WebSocket". The relay reproduces the transport
 * details a client can see: the accepted subprotocol, MQTT packets in binary messages, one STOMP frame per
 * text message (with its NUL, without the newline the TCP connector adds after it), and a close with code
 * 1000 when the broker hangs up.
 *
 * Where it is not faithful:
 * - Connector options differ. ActiveMQ's `mqtt+ssl` factory allows link stealing and its `wss` connector
 *   does not, so the 5.17 client-id leak that yields CONNACK 2 on the real `wss` connector shows up here
 *   as a stolen link instead; STOMP sees the same difference for its client ids.
 * - The broker sees one TCP peer, the relay, for every WebSocket client (remote address in its log).
 * - ActiveMQ also accepts other subprotocols (an OpenWire-over-WebSocket proxy); the relay treats every
 *   unrecognised subprotocol as STOMP, which is ActiveMQ's own fallback.
 * - With no subprotocol requested, ActiveMQ answers with `stomp`; the relay sends no subprotocol header,
 *   because WebSocket clients refuse one they did not ask for.
 */
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { Endpoint, TlsBundle } from '../../src/broker/types';

/** How long a WebSocket client may wait for the relay's TLS connection to the broker. */
export const RELAY_BACKEND_CONNECT_TIMEOUT_MS = 5_000;

/** The server side of the relay's TLS: either the run's bundle (PKCS12 keystore) or a PEM key and certificate. */
export type RelayServerTls = TlsBundle | { keyPem: string; certPem: string };

export interface WsTlsRelayOptions {
  tls: RelayServerTls;
  /** the broker's `mqtt+ssl` connector */
  mqtt?: Endpoint;
  /** the broker's `stomp+ssl` connector */
  stomp?: Endpoint;
  /** CA the broker's certificate must verify against */
  caPem: string;
  /** host clients use (must be in the certificate); default `localhost` */
  host?: string;
}

export interface WsTlsRelay {
  endpoint: Endpoint;
  close(): Promise<void>;
}

export type RelayProtocol = 'mqtt' | 'stomp';

export interface BackendChoice {
  protocol: RelayProtocol;
  /** the subprotocol the server answers with, or undefined when the client offered none */
  accepted?: string;
}

// Preference order ActiveMQ uses when a client offers several names (WSServlet, activemq-http).
const MQTT_SUBPROTOCOLS: Readonly<Record<string, number>> = { 'mqttv3.1': 1, mqtt: 0 };
const STOMP_SUBPROTOCOLS: Readonly<Record<string, number>> = {
  'v12.stomp': 3,
  'v11.stomp': 2,
  'v10.stomp': 1,
  stomp: 0,
};

function preferred(known: Readonly<Record<string, number>>, offered: string[], fallback: string): string {
  let best: string | undefined;
  for (const name of offered) {
    const rank = known[name];
    if (rank !== undefined && (best === undefined || rank > (known[best] ?? -1))) best = name;
  }
  return best ?? fallback;
}

/**
 * ActiveMQ's choice: the last offered subprotocol that starts with `mqtt` or contains `stomp` decides;
 * nothing offered means STOMP; only unrecognised names means STOMP too (after ActiveMQ's proxy lookup).
 */
export function chooseBackend(offered: string[]): BackendChoice {
  if (offered.length === 0) return { protocol: 'stomp' };
  let protocol: RelayProtocol = 'stomp';
  for (const name of offered) {
    if (name.startsWith('mqtt')) protocol = 'mqtt';
    else if (name.includes('stomp')) protocol = 'stomp';
  }
  return protocol === 'mqtt'
    ? { protocol, accepted: preferred(MQTT_SUBPROTOCOLS, offered, 'mqtt') }
    : { protocol, accepted: preferred(STOMP_SUBPROTOCOLS, offered, 'stomp') };
}

const NUL = 0x00;
const LF = 0x0a;
const CR = 0x0d;

export type StompChunk = { kind: 'frame'; bytes: Buffer } | { kind: 'heartbeat' };

/**
 * Splits the STOMP byte stream of a TCP connector into frames, so each can go out as one WebSocket text
 * message the way ActiveMQ's WebSocket transport sends them. A frame ends at the NUL after its body, or
 * after `content-length` body bytes when that header is present (bodies may then hold NULs). The TCP
 * connector follows every frame with one newline, which the WebSocket transport does not send: it is
 * dropped; any further newline between frames is a heart-beat.
 */
export class StompFrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  private afterFrame = false;

  push(chunk: Buffer): StompChunk[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: StompChunk[] = [];
    for (;;) {
      const eol = this.leadingEol();
      if (eol > 0) {
        this.buffer = this.buffer.subarray(eol);
        if (this.afterFrame) this.afterFrame = false;
        else out.push({ kind: 'heartbeat' });
        continue;
      }
      if (eol < 0) break; // a lone CR: wait for more bytes
      const end = this.frameEnd();
      if (end === null) break;
      out.push({ kind: 'frame', bytes: Buffer.from(this.buffer.subarray(0, end)) });
      this.buffer = this.buffer.subarray(end);
      this.afterFrame = true;
    }
    return out;
  }

  /** length of a leading EOL (1 or 2), 0 when the buffer starts otherwise, -1 for a CR that may start CRLF */
  private leadingEol(): number {
    if (this.buffer.length === 0) return 0;
    if (this.buffer[0] === LF) return 1;
    if (this.buffer[0] !== CR) return 0;
    if (this.buffer.length < 2) return -1;
    return this.buffer[1] === LF ? 2 : 0;
  }

  /** index just past the frame's NUL, or null when the frame is not complete yet */
  private frameEnd(): number | null {
    const headerEnd = findHeaderEnd(this.buffer);
    if (headerEnd === null) return null;
    const length = contentLength(this.buffer.subarray(0, headerEnd).toString('utf8'));
    if (length !== null) {
      const nulAt = headerEnd + length;
      return this.buffer.length > nulAt ? nulAt + 1 : null;
    }
    const nulAt = this.buffer.indexOf(NUL, headerEnd);
    return nulAt < 0 ? null : nulAt + 1;
  }
}

function findHeaderEnd(buffer: Buffer): number | null {
  const lf = buffer.indexOf('\n\n');
  const crlf = buffer.indexOf('\r\n\r\n');
  if (lf < 0 && crlf < 0) return null;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return crlf + 4;
  return lf + 2;
}

function contentLength(headers: string): number | null {
  const match = /(?:^|\n)content-length:(\d+)\r?(?:\n|$)/.exec(headers);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** One STOMP frame from a WebSocket message, as the TCP connector expects it (terminated by NUL). */
export function stompMessageToTcp(message: Buffer): Buffer {
  const text = message.toString('utf8');
  if (text === '\n' || text === '\r\n') return message; // a heart-beat
  return message[message.length - 1] === NUL ? message : Buffer.concat([message, Buffer.from([NUL])]);
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function serverTlsOptions(material: RelayServerTls): https.ServerOptions {
  if ('keystoreP12' in material) {
    return { pfx: material.keystoreP12, passphrase: material.keystorePassword.reveal() };
  }
  return { key: material.keyPem, cert: material.certPem };
}

function connectBackend(endpoint: Endpoint, caPem: string): tls.TLSSocket {
  return tls.connect({
    host: endpoint.host,
    port: endpoint.port,
    ca: caPem,
    rejectUnauthorized: true,
    servername: net.isIP(endpoint.host) ? undefined : endpoint.host,
  });
}

function relay(ws: WebSocket, protocol: RelayProtocol, endpoint: Endpoint, caPem: string): void {
  const backend = connectBackend(endpoint, caPem);
  const splitter = new StompFrameSplitter();
  const pending: Buffer[] = [];
  let connected = false;

  const connectTimer = setTimeout(() => {
    backend.destroy();
    ws.close(1011, 'broker connector did not answer');
  }, RELAY_BACKEND_CONNECT_TIMEOUT_MS);

  backend.once('secureConnect', () => {
    clearTimeout(connectTimer);
    connected = true;
    for (const bytes of pending.splice(0)) backend.write(bytes);
  });
  backend.on('data', (chunk: Buffer) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (protocol === 'mqtt') {
      ws.send(chunk, { binary: true });
      return;
    }
    for (const part of splitter.push(chunk)) {
      ws.send(part.kind === 'frame' ? part.bytes : '\n', { binary: false });
    }
  });
  // The broker hanging up after a refused CONNECT shows up on its WebSocket transport as close 1000.
  backend.on('end', () => ws.close(1000, ''));
  backend.on('close', () => {
    clearTimeout(connectTimer);
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, '');
  });
  backend.on('error', () => {
    clearTimeout(connectTimer);
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
      ws.close(1011, 'broker connection failed');
    }
  });

  ws.on('message', (data: RawData) => {
    const bytes = protocol === 'stomp' ? stompMessageToTcp(toBuffer(data)) : toBuffer(data);
    if (connected) backend.write(bytes);
    else pending.push(bytes);
  });
  ws.on('close', () => {
    clearTimeout(connectTimer);
    backend.end();
  });
  ws.on('error', () => backend.destroy());
}

/** Starts the stand-in `wss` connector on a free port of 127.0.0.1. */
export async function startWsTlsRelay(options: WsTlsRelayOptions): Promise<WsTlsRelay> {
  const host = options.host ?? 'localhost';
  const server = https.createServer(serverTlsOptions(options.tls));
  const choices = new WeakMap<object, BackendChoice>();
  const wss = new WebSocketServer({
    server,
    handleProtocols: (offered, request) => {
      const choice = chooseBackend([...offered]);
      choices.set(request, choice);
      return choice.accepted ?? false;
    },
  });
  wss.on('connection', (ws, request) => {
    const choice = choices.get(request) ?? chooseBackend([]);
    const endpoint = choice.protocol === 'mqtt' ? options.mqtt : options.stomp;
    if (!endpoint) {
      ws.close(1011, `this relay has no ${choice.protocol} backend`);
      return;
    }
    relay(ws, choice.protocol, endpoint, options.caPem);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: { transport: 'ws', host, port, url: `wss://${host}:${port}` },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
