import type { Secret } from '../../../src/core/secret';
import type { Destination } from '../../../src/core/types';
import type { TlsBundle } from '../../../src/broker/types';
import { formatDestination } from '../../../src/core/destination';

/** The identity the stand-in authorizes: ActiveMQ's user principal plus its group principals. */
export interface StandinPrincipal {
  username: string;
  groups: string[];
}

export interface StandinUser extends StandinPrincipal {
  password: Secret;
}

/** The three checks ActiveMQ's authorization broker makes for AMQP links and messages. */
export type StandinOperation = 'read' | 'write' | 'create';

/** Whether `principal` may do `operation` on `destination`; tests can plug the real authorization model in here. */
export type StandinAcl = (
  principal: StandinPrincipal,
  operation: StandinOperation,
  destination: Destination,
) => boolean;

export interface AmqpStandinConfig {
  /** server side of a run's TLS material; the keystore is loaded as the broker would load it */
  tls: TlsBundle;
  users: StandinUser[];
  acl: StandinAcl;
  /** destinations that exist at start (ActiveMQ's `<destinations>`); anything else needs `create` */
  destinations?: Destination[];
  /** `simpleAuthenticationPlugin anonymousAccessAllowed`; false on every recorded broker */
  anonymousAccessAllowed?: boolean;
  /** the broker's name: container-id of its `open` and part of the client-id conflict text */
  brokerName?: string;
  /**
   * How long a socket whose SASL exchange failed stays open. ActiveMQ keeps it for its 30 s connect-attempt
   * timeout; tests use a short delay so a client that does not hang up itself still finishes.
   */
  saslFailureHoldMs?: number;
  /**
   * ActiveMQ 5.17.2 registers a client id before the connection advisory is checked and never removes it when
   * that check refuses the connection, so later connects with the id are refused. On by default, as recorded.
   */
  leakClientIdOnRefusal?: boolean;
  /** interface to listen on; port 0 always */
  host?: string;
}

export const DEFAULT_BROKER_NAME = 'test-broker';
export const DEFAULT_SASL_FAILURE_HOLD_MS = 500;
export const ANONYMOUS_PRINCIPAL: StandinPrincipal = { username: 'anonymous', groups: ['anonymous'] };
/** The topic every new connection's advisory goes to; creating it needs admin (`create`) on 5.17. */
export const CONNECTION_ADVISORY_TOPIC: Destination = { kind: 'topic', name: 'ActiveMQ.Advisory.Connection' };

const OPERATION_PHRASE: Record<StandinOperation, string> = {
  read: 'read from',
  write: 'write to',
  create: 'create',
};

/** ActiveMQ's SecurityException text, e.g. `User writer is not authorized to write to: queue://ORDERS.new`. */
export function notAuthorizedText(
  username: string,
  operation: StandinOperation,
  destination: Destination,
): string {
  return `User ${username} is not authorized to ${OPERATION_PHRASE[operation]}: ${formatDestination(destination)}`;
}

/** RegionBroker's InvalidClientIDException text for a client id that is still (or wrongly) registered. */
export function clientIdConflictText(brokerName: string, clientId: string, registeredFrom: string): string {
  return `Broker: ${brokerName} - Client: ${clientId} already connected from ${registeredFrom}`;
}
