/**
 * STOMP 1.2 probes: `stomp` over TLS to the `stomp+ssl` connector, `stomp-wss` over a `wss` WebSocket
 * with subprotocol `v12.stomp`. Both use stompit's Client on a stream opened here, which is how stompit
 * accepts an existing transport (`new Client(transportSocket)`).
 */
import { Client } from 'stompit';
import type { Protocol } from '../../core/types';
import type { ConnectOptions, ConnectResult, Credentials, ProbeAdapter, ProbeTarget } from '../types';
import {
  classifyErrorFrame,
  describeErrorFrame,
  errorFrameOf,
  installErrorFrameHandler,
} from './error-frame';
import { Stopwatch, observation } from './observation';
import { StompProbeSession } from './session';
import { type StompTransportKind, openStompTransport } from './transport';

/** After CONNECTED the broker has nothing to tell us unprompted; heart-beats would only add noise. */
const NO_HEARTBEAT = '0,0';

function connectHeaders(credentials: Credentials, options: ConnectOptions): Record<string, string> {
  const headers: Record<string, string> = {
    host: '/',
    'accept-version': '1.2',
    'heart-beat': NO_HEARTBEAT,
    'client-id': options.clientId,
  };
  if (credentials.username !== undefined) headers.login = credentials.username;
  // the one place a probe's password leaves the process: the STOMP CONNECT frame
  if (credentials.password !== undefined) headers.passcode = credentials.password.reveal();
  return headers;
}

function describeConnected(client: Client): string {
  const headers = client.headers ?? {};
  const shown = ['version', 'server', 'session', 'heart-beat']
    .filter((name) => headers[name] !== undefined)
    .map((name) => `${name}:${headers[name]}`);
  return `CONNECTED ${shown.join(' ')}`.trim();
}

export function connectStomp(
  protocol: Protocol,
  transport: StompTransportKind,
  target: ProbeTarget,
  credentials: Credentials,
  options: ConnectOptions,
): Promise<ConnectResult> {
  const clock = new Stopwatch();
  return new Promise((resolve) => {
    let settled = false;
    const socket = openStompTransport(transport, target);
    const client = new Client(socket, { heartbeat: [0, 0] });

    const finish = (result: ConnectResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.off('connect', onConnected);
      client.off('error', onError);
      resolve(result);
    };
    const onConnected = () => {
      installErrorFrameHandler(client);
      const session = new StompProbeSession(protocol, client);
      finish({
        observation: observation(clock, 'granted', [clock.evidence('wire', describeConnected(client))]),
        session,
      });
    };
    const onError = (error: Error) => {
      const frame = errorFrameOf(error);
      if (!frame) {
        finish({
          observation: observation(clock, 'inconclusive', [clock.evidence('client', error.message)], {
            detail: `could not reach the STOMP connector at ${target.endpoint.url}: ${error.message}`,
          }),
        });
        return;
      }
      const evidence = [clock.evidence('wire', describeErrorFrame(frame))];
      const kind = classifyErrorFrame(frame);
      if (kind === 'authentication' || kind === 'authorization') {
        const detail = frame.message.includes('ActiveMQ.Advisory.')
          ? `${frame.message} (before 5.19.8 the broker creates advisory topics as the connecting user, so this refusal depends on whether a user with admin on them connected first)`
          : frame.message;
        finish({ observation: observation(clock, 'denied', evidence, { detail }) });
      } else if (kind === 'client-id-conflict') {
        finish({
          observation: observation(clock, 'inconclusive', evidence, {
            detail: `client id ${options.clientId} already registered at the broker (a leak of releases before 5.19.8); not a denial`,
            clientIdConflict: true,
          }),
        });
      } else {
        finish({
          observation: observation(clock, 'inconclusive', evidence, {
            detail: `the broker refused CONNECT for a reason that is not an authentication decision: ${frame.message}`,
          }),
        });
      }
    };
    const timer = setTimeout(() => {
      finish({
        observation: observation(
          clock,
          'inconclusive',
          [clock.evidence('timer', 'no CONNECTED or ERROR frame')],
          {
            detail: `no answer to CONNECT from ${target.endpoint.url} within ${options.timeoutMs} ms`,
          },
        ),
      });
      client.destroy();
    }, options.timeoutMs);

    // stompit emits every later failure as 'error'; without a listener Node would throw it
    client.on('error', () => undefined);
    client.on('connect', onConnected);
    client.on('error', onError);
    client.connect(connectHeaders(credentials, options));
    installErrorFrameHandler(client);
  });
}

export const stompAdapter: ProbeAdapter = {
  protocol: 'stomp',
  connect: (target, credentials, options) => connectStomp('stomp', 'tls', target, credentials, options),
};

export const stompWssAdapter: ProbeAdapter = {
  protocol: 'stomp-wss',
  connect: (target, credentials, options) => connectStomp('stomp-wss', 'wss', target, credentials, options),
};
