/**
 * Every adapter reports a connect nobody answers as inconclusive once its timeout passed, never as a denial:
 * a silent peer accepts TCP and never completes TLS, so no broker decided anything.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { TRANSPORT_SCHEME } from '../../src/broker/transports';
import { PROTOCOLS, PROTOCOL_TRANSPORT, type Protocol } from '../../src/core/types';
import { adapterFor } from '../../src/probes/adapters';
import { newProbeId } from '../../src/probes/probe-message';
import type { ProbeTarget } from '../../src/probes/types';
import { createRunTls } from '../../src/tls';
import { login } from '../support/contract-policy';

const SILENT_PEER_TIMEOUT_MS = 300;
/** An adapter may take a moment to tear its client down after its own timer fired. */
const TEARDOWN_SLACK_MS = 2_000;

let silent: net.Server;
let caPem: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  caPem = (await createRunTls()).caPem;
  silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

function silentTarget(protocol: Protocol): ProbeTarget {
  const transport = PROTOCOL_TRANSPORT[protocol];
  const { port } = silent.address() as AddressInfo;
  const url = `${TRANSPORT_SCHEME[transport]}://127.0.0.1:${port}`;
  return { endpoint: { transport, host: '127.0.0.1', port, url }, caPem };
}

it.each(PROTOCOLS)('%s: an unanswered connect is inconclusive after the timeout', async (protocol) => {
  const started = Date.now();
  const result = await adapterFor(protocol).connect(silentTarget(protocol), login('writer'), {
    clientId: newProbeId('silent'),
    timeoutMs: SILENT_PEER_TIMEOUT_MS,
  });
  await result.session?.close();
  expect(result.session).toBeUndefined();
  expect(result.observation.outcome).toBe('inconclusive');
  expect(result.observation.clientIdConflict).toBeUndefined();
  expect(result.observation.evidence).toContainEqual(expect.objectContaining({ source: 'timer' }));
  expect(Date.now() - started).toBeGreaterThanOrEqual(SILENT_PEER_TIMEOUT_MS - 10);
  expect(Date.now() - started).toBeLessThan(SILENT_PEER_TIMEOUT_MS + TEARDOWN_SLACK_MS);
});
