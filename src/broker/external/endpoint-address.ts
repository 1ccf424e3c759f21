/**
 * Endpoint addresses as a user copies them from the Amazon MQ console (`stomp+ssl://b-1234...:61614`) or
 * writes them by hand (`broker.example.com:61614`). Only TLS schemes are accepted: the harness never sends
 * credentials in clear text.
 */
import { isIP } from 'node:net';
import type { Transport } from '../../core/types';
import { AMAZON_MQ_PORTS, TRANSPORT_SCHEME } from '../transports';
import type { Endpoint } from '../types';

/** Schemes ActiveMQ and Amazon MQ print for each TLS connector; `ssl` and `tls` both mean OpenWire. */
const TLS_SCHEMES: Record<string, Transport> = {
  ssl: 'openwire',
  tls: 'openwire',
  'amqp+ssl': 'amqp',
  amqps: 'amqp',
  'stomp+ssl': 'stomp',
  stomps: 'stomp',
  'mqtt+ssl': 'mqtt',
  mqtts: 'mqtt',
  wss: 'ws',
  'stomp+wss': 'ws',
  'mqtt+wss': 'ws',
};

/** Clear-text schemes ActiveMQ offers; refused with a pointer to the TLS scheme of the transport. */
const CLEAR_SCHEMES = new Set(['tcp', 'nio', 'amqp', 'stomp', 'mqtt', 'ws', 'stomp+ws', 'mqtt+ws', 'http']);

export type EndpointParse = { ok: true; endpoint: Endpoint } | { ok: false; message: string; hint: string };

const MAX_PORT = 65_535;

function fail(message: string, hint: string): EndpointParse {
  return { ok: false, message, hint };
}

export function endpointUrl(transport: Transport, host: string, port: number): string {
  const shownHost = isIP(host) === 6 ? `[${host}]` : host;
  return `${TRANSPORT_SCHEME[transport]}://${shownHost}:${port}`;
}

/**
 * `text` is a URL with a TLS scheme or a bare `host[:port]`; without a port, the port Amazon MQ uses for
 * the transport. A failover list is refused: each run probes one broker instance, and a failover client
 * would hide which one answered.
 */
export function parseEndpointAddress(transport: Transport, text: string): EndpointParse {
  const trimmed = text.trim();
  const example = `${TRANSPORT_SCHEME[transport]}://b-1234.mq.eu-west-1.amazonaws.com:${AMAZON_MQ_PORTS[transport]}`;
  if (trimmed === '') return fail(`the ${transport} endpoint is empty`, `e.g. ${example}`);
  if (/^failover:/i.test(trimmed) || trimmed.includes(',')) {
    return fail(
      `the ${transport} endpoint is a failover list`,
      'give the address of one broker instance (for an active/standby pair, the active one)',
    );
  }
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  const scheme = schemeMatch?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (CLEAR_SCHEMES.has(scheme)) {
      return fail(
        `the ${transport} endpoint uses ${scheme}://, which is not encrypted`,
        `the harness connects over TLS only; use the ${TRANSPORT_SCHEME[transport]}:// endpoint`,
      );
    }
    const schemeTransport = TLS_SCHEMES[scheme];
    if (schemeTransport === undefined) {
      return fail(
        `the ${transport} endpoint has an unknown scheme ${scheme}://`,
        `e.g. ${example}, or host:port`,
      );
    }
    if (schemeTransport !== transport) {
      return fail(
        `the ${transport} endpoint has the scheme of the ${schemeTransport} transport (${scheme}://)`,
        `put this address under ${schemeTransport === 'ws' ? 'wss' : schemeTransport}:, or give the ${transport} address here`,
      );
    }
  }
  let url: URL;
  try {
    url = new URL(scheme === undefined ? `${TRANSPORT_SCHEME[transport]}://${trimmed}` : trimmed);
  } catch {
    return fail(`the ${transport} endpoint is not a valid address`, `e.g. ${example}, or host:port`);
  }
  if (url.username || url.password) {
    return fail(
      `the ${transport} endpoint contains credentials`,
      'remove user:password@ from the address; the observer credentials go under observer:',
    );
  }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
    return fail(
      `the ${transport} endpoint has a path or options after the port`,
      `give only scheme, host and port, e.g. ${example}`,
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return fail(`the ${transport} endpoint names no host`, `e.g. ${example}`);
  const port = url.port === '' ? AMAZON_MQ_PORTS[transport] : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > MAX_PORT) {
    return fail(`the ${transport} endpoint has an invalid port`, `a port is 1 to ${MAX_PORT}`);
  }
  return { ok: true, endpoint: { transport, host, port, url: endpointUrl(transport, host, port) } };
}
