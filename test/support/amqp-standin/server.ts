/**
 * STAND-IN FOR A REAL ACTIVEMQ 5.17.2 AMQP CONNECTOR. Test support only: it exists because Debian's ActiveMQ build
 * on this machine has no AMQP transport. It reproduces the broker's recorded signalling, not its semantics beyond
 * what a probe can observe. The record: /work/shared/reference/activemq-5.17.2-auth-behaviour.md, section
 * "1. AMQP 1.0 over TLS" (rows cited below) and section "0" (first connection after start), summarised in
 * BROKER-FACTS.md "AMQP 1.0".
 *
 * Reproduced:
 * - TLS from the run's PKCS12 keystore; `sasl-mechanisms [PLAIN, ANONYMOUS]` (rows 1-3).
 * - Bad password, unknown user, ANONYMOUS while anonymous access is off: `sasl-outcome code=1` with no text, and
 *   the socket stays open until the hold delay (ActiveMQ: ~30 s; rows 2, 3, 4b, 2-raw, 4b-raw).
 * - A plain AMQP header without SASL: the SASL header `AMQP 3 1 0 0`, then close (rows 4a, 4a-raw).
 * - After SASL ok: `open` with ActiveMQ's container-id, properties and capabilities (row 1).
 * - Connection advisory: while `topic://ActiveMQ.Advisory.Connection` does not exist, a user without `create` on
 *   it gets `open` + `close{amqp:unauthorized-access, "User u is not authorized to create: topic://..."}`; a user
 *   with it creates the topic (section 0, F1-F4).
 * - Client ids: the container-id is registered before that check; a second connect with a registered id gets
 *   `open` + `close{amqp:invalid-field, "Broker: b - Client: id already connected from tcp://...",
 *   info {invalid-field: container-id}}`; a refused connection leaks its id when `leakClientIdOnRefusal` (F5, F6).
 * - Link refusal: a reply attach with the refused terminus null, immediately followed by
 *   `detach{closed, error{amqp:unauthorized-access, "User u is not authorized to write to|read from|create: ..."}}`;
 *   write/read is checked before create, create only for a destination that does not exist (rows 5d, 6a, 7, 9b,
 *   9e, 11c, 11d). The connection stays open.
 * - Deliveries that are not pre-settled get `accepted`; on an anonymous-relay sender a denied message gets
 *   `rejected{amqp:unauthorized-access, ...}` (rows 5a-5f, 6b, 9c).
 * - Messages route between senders and receivers of the same address (queue: held until consumed; topic: to the
 *   subscribers present), so a probe can observe delivery.
 *
 * Not reproduced: dynamic (temporary) receivers, producer/consumer advisories, durable subscriptions, selectors,
 * transactions, idle timeouts.
 */
import { createServer, type Server, type TLSSocket } from 'node:tls';
import rhea, {
  type Connection,
  type ConnectionOptions,
  type EventContext,
  type Receiver,
  type Sender,
} from 'rhea';
import { formatDestination } from '../../../src/core/destination';
import type { Destination } from '../../../src/core/types';
import type { Endpoint } from '../../../src/broker/types';
import { addressToDestination } from '../../../src/probes/amqp/address';
import { connectionView, linkView, type LinkView } from '../../../src/probes/amqp/rhea-views';
import {
  type AmqpStandinConfig,
  type StandinOperation,
  type StandinPrincipal,
  CONNECTION_ADVISORY_TOPIC,
  DEFAULT_BROKER_NAME,
  DEFAULT_SASL_FAILURE_HOLD_MS,
  clientIdConflictText,
  notAuthorizedText,
} from './config';
import { StandinRouter } from './router';
import { activemqSaslMechanisms } from './sasl';

const PROTOCOL_HEADER_BYTES = 8;
const SASL_PROTOCOL_ID = 3;
/** `AMQP 3 1 0 0`: what ActiveMQ answers a client that skipped SASL, before it hangs up (row 4a-raw). */
const SASL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, SASL_PROTOCOL_ID, 1, 0, 0]);
const ACTIVEMQ_OPEN_PROPERTIES = {
  product: 'ActiveMQ',
  'topic-prefix': 'topic://',
  'queue-prefix': 'queue://',
  version: '5.17.2',
  platform: `Java/17.0.15`,
};
const ACTIVEMQ_CAPABILITIES = ['ANONYMOUS-RELAY', 'DELAYED_DELIVERY'];

export interface AmqpStandin {
  endpoint: Endpoint;
  brokerName: string;
  /** destinations that exist now (declared or created by an allowed attach or send) */
  destinations(): Destination[];
  /** client ids the stand-in holds: live connections plus leaked ones */
  registeredClientIds(): string[];
  /** sockets currently open, including those held after a failed SASL exchange */
  openSocketCount(): number;
  stop(): Promise<void>;
}

interface ConnectionState {
  socket: TLSSocket;
  principal?: StandinPrincipal;
  clientId?: string;
}

export async function startAmqpStandin(config: AmqpStandinConfig): Promise<AmqpStandin> {
  const brokerName = config.brokerName ?? DEFAULT_BROKER_NAME;
  const holdMs = config.saslFailureHoldMs ?? DEFAULT_SASL_FAILURE_HOLD_MS;
  const leak = config.leakClientIdOnRefusal ?? true;
  const existing = new Map<string, Destination>(
    (config.destinations ?? []).map((d) => [formatDestination(d), d] as const),
  );
  const clientIds = new Map<string, string>();
  const sockets = new Set<TLSSocket>();
  const timers = new Set<NodeJS.Timeout>();
  const router = new StandinRouter();

  const exists = (d: Destination) => existing.has(formatDestination(d));
  const create = (d: Destination) => existing.set(formatDestination(d), d);

  /** ActiveMQ's order: the operation's own ACL first, then admin for a destination that must be created. */
  function refusal(principal: StandinPrincipal, operation: StandinOperation, d: Destination): string | null {
    if (!config.acl(principal, operation, d)) return notAuthorizedText(principal.username, operation, d);
    if (!exists(d)) {
      if (!config.acl(principal, 'create', d)) return notAuthorizedText(principal.username, 'create', d);
      create(d);
    }
    return null;
  }

  function later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  }

  function onConnectionOpen(state: ConnectionState, connection: Connection): void {
    const principal = state.principal;
    if (!principal) {
      connection.close({ condition: 'amqp:unauthorized-access', description: 'not authenticated' });
      return;
    }
    const clientId = connectionView(connection).remote.open?.container_id ?? '';
    const registeredFrom = clientIds.get(clientId);
    if (registeredFrom !== undefined) {
      connection.close({
        condition: 'amqp:invalid-field',
        description: clientIdConflictText(brokerName, clientId, registeredFrom),
        info: { 'invalid-field': 'container-id' },
      });
      return;
    }
    clientIds.set(clientId, socketOrigin(state.socket));
    state.clientId = clientId;
    if (!exists(CONNECTION_ADVISORY_TOPIC)) {
      if (!config.acl(principal, 'create', CONNECTION_ADVISORY_TOPIC)) {
        if (leak) state.clientId = undefined;
        connection.close({
          condition: 'amqp:unauthorized-access',
          description: notAuthorizedText(principal.username, 'create', CONNECTION_ADVISORY_TOPIC),
        });
        return;
      }
      create(CONNECTION_ADVISORY_TOPIC);
    }
  }

  function refuseLink(link: Sender | Receiver, refusedEnd: 'source' | 'target', description: string): void {
    const view = linkView(link);
    echoTermini(view);
    view.local.attach[refusedEnd] = null;
    link.close({ condition: 'amqp:unauthorized-access', description });
  }

  /** Peer attached a sender: the stand-in receives on its target (or relays per message when it has none). */
  function onPeerSender(state: ConnectionState, receiver: Receiver): void {
    const view = linkView(receiver);
    const address = view.remote.attach?.target?.address;
    const destination = address ? addressToDestination(address) : null;
    if (destination && state.principal) {
      const refused = refusal(state.principal, 'write', destination);
      if (refused) return refuseLink(receiver, 'target', refused);
    }
    echoTermini(view);
  }

  /** Peer attached a receiver: the stand-in sends from its source. */
  function onPeerReceiver(state: ConnectionState, sender: Sender): void {
    const view = linkView(sender);
    const address = view.remote.attach?.source?.address;
    const destination = address ? addressToDestination(address) : null;
    if (!destination || !state.principal) {
      // Not in the record (dynamic receivers are not reproduced): refuse plainly rather than invent a denial.
      const view = linkView(sender);
      echoTermini(view);
      view.local.attach.source = null;
      sender.close({
        condition: 'amqp:not-implemented',
        description: 'stand-in: receiver without a source address',
      });
      return;
    }
    const refused = refusal(state.principal, 'read', destination);
    if (refused) return refuseLink(sender, 'source', refused);
    echoTermini(view);
    router.addConsumer(destination, sender);
  }

  function onMessage(state: ConnectionState, context: EventContext): void {
    const { receiver, delivery, message } = context;
    if (!receiver || !delivery || !message || !state.principal) return;
    const linkAddress = linkView(receiver).remote.attach?.target?.address;
    const address = linkAddress ?? (typeof message.to === 'string' ? message.to : undefined);
    const destination = address ? addressToDestination(address) : null;
    if (!destination) {
      delivery.reject({ condition: 'amqp:invalid-field', description: 'no address' });
      return;
    }
    if (!linkAddress) {
      const refused = refusal(state.principal, 'write', destination);
      if (refused) {
        delivery.reject({ condition: 'amqp:unauthorized-access', description: refused });
        return;
      }
    }
    delivery.accept();
    router.route(destination, message);
  }

  function release(state: ConnectionState): void {
    if (state.clientId !== undefined) clientIds.delete(state.clientId);
    state.clientId = undefined;
  }

  function serve(socket: TLSSocket): void {
    const state: ConnectionState = { socket };
    const container = rhea.create_container({ id: brokerName });
    container.sasl_server_mechanisms = activemqSaslMechanisms({
      users: config.users,
      anonymousAccessAllowed: config.anonymousAccessAllowed ?? false,
      onOutcome: (result) => {
        state.principal = result.principal;
        // ActiveMQ never closes a SASL-failed connection itself; only its connect-attempt timeout does.
        if (!result.principal) later(holdMs, () => socket.end());
      },
    });
    container.on('error', () => undefined);
    // `require_sasl`: ActiveMQ does not accept a connection that skips SASL. `autoaccept: false`: each message is
    // checked first. rhea's typings list neither on a connection.
    const options: ConnectionOptions & { require_sasl: boolean; autoaccept: boolean } = {
      transport: 'tls',
      container_id: brokerName,
      properties: ACTIVEMQ_OPEN_PROPERTIES,
      offered_capabilities: ACTIVEMQ_CAPABILITIES,
      require_sasl: true,
      autoaccept: false,
      reconnect: false,
    };
    const connection = container.create_connection(options);
    connection.on('connection_open', () => onConnectionOpen(state, connection));
    connection.on('receiver_open', (c: EventContext) => c.receiver && onPeerSender(state, c.receiver));
    connection.on('sender_open', (c: EventContext) => c.sender && onPeerReceiver(state, c.sender));
    connection.on('message', (c: EventContext) => onMessage(state, c));
    connection.on('sender_close', (c: EventContext) => c.sender && router.removeConsumer(c.sender));
    connection.on('connection_close', () => release(state));
    connection.on('disconnected', () => release(state));
    for (const quiet of ['connection_error', 'protocol_error', 'error', 'sender_error', 'receiver_error']) {
      connection.on(quiet, () => undefined);
    }
    connectionView(connection).accept(socket);
    socket.resume();
  }

  const server: Server = createServer({
    pfx: config.tls.keystoreP12,
    // The broker's own keystore password, used exactly where ActiveMQ's sslContext would use it.
    passphrase: config.tls.keystorePassword.reveal(),
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    onProtocolHeader(socket, (header) => {
      if (header[4] !== SASL_PROTOCOL_ID) {
        socket.end(SASL_HEADER);
        return;
      }
      serve(socket);
    });
  });
  server.on('tlsClientError', () => undefined);

  const host = config.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stand-in server has no TCP address');

  return {
    endpoint: {
      transport: 'amqp',
      host: 'localhost',
      port: address.port,
      url: `amqp+ssl://localhost:${address.port}`,
    },
    brokerName,
    destinations: () => [...existing.values()],
    registeredClientIds: () => [...clientIds.keys()],
    openSocketCount: () => sockets.size,
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Both termini as the peer sent them; the refused one is nulled afterwards. */
function echoTermini(view: LinkView): void {
  const remote = view.remote.attach;
  view.local.attach.source = remote?.source ? remote.source.described() : null;
  view.local.attach.target = remote?.target ? remote.target.described() : null;
}

function socketOrigin(socket: TLSSocket): string {
  const host = (socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  return `tcp://${host}:${socket.remotePort ?? 0}`;
}

/** Peeks at the 8-byte protocol header and puts it back, so rhea reads the stream from its first byte. */
function onProtocolHeader(socket: TLSSocket, then: (header: Buffer) => void): void {
  const tryRead = () => {
    const header = socket.read(PROTOCOL_HEADER_BYTES) as Buffer | null;
    if (header === null) return;
    socket.off('readable', tryRead);
    socket.unshift(header);
    then(header);
  };
  socket.on('readable', tryRead);
}
