/**
 * Runtimes are interchangeable: each starts (or, for `external`, merely describes) a broker and hands back a
 * RunningBroker with TLS endpoints, the CA clients must trust, the broker's log, and stop().
 */
import type { Transport } from '../core/types';
import type { Secret } from '../core/secret';

export type RuntimeKind = 'testcontainers' | 'local' | 'external';

/** One run's TLS material (see src/tls). Clients verify against `caPem`; the broker loads the PKCS12. */
export interface TlsBundle {
  caPem: string;
  serverCertPem: string;
  /** PKCS12 keystore holding the server key and certificate chain */
  keystoreP12: Buffer;
  keystorePassword: Secret;
  /** PKCS12 truststore holding the CA (for brokers that want one) */
  truststoreP12: Buffer;
  truststorePassword: Secret;
}

/** What a runtime needs to know to render the broker XML for its own paths and ports. */
export interface RenderTarget {
  transports: Transport[];
  /** port per transport; 0 lets the broker choose (local runtime reads the real port from the log) */
  ports: Partial<Record<Transport, number>>;
  /** path of the keystore and truststore as the broker process sees them */
  keystorePath: string;
  truststorePath: string;
  keystorePassword: Secret;
  truststorePassword: Secret;
  /** host the connectors bind to as the broker sees it */
  bindHost: string;
  /**
   * Socket options of the run's own broker, for speed only (never anything the broker authorizes by):
   * `tcpNoDelay` turns Nagle's algorithm off on the TCP-based connectors, as Jetty already does on the
   * WebSocket one. With it on, a frame written right after another waited for the client's delayed ACK,
   * about 40 ms per delivery to a probe. Absent for XML a team deploys (`amq-auth generate`).
   */
  tcpNoDelay?: boolean;
}

export interface BrokerStartRequest {
  brokerName: string;
  /** pure: renders the complete activemq.xml for the runtime's paths, ports and transports */
  renderXml: (target: RenderTarget) => string;
  tls: TlsBundle;
  /** transports wanted; a runtime starts the subset its build supports and reports the rest as unsupported */
  transports: Transport[];
  /** the exact ActiveMQ release to run, e.g. "5.18.7" (see distribution/broker-version.ts) */
  brokerVersion: string;
  /** where to keep the run's files (config, keystore, broker log) */
  runDir: string;
}

export interface Endpoint {
  transport: Transport;
  host: string;
  port: number;
  /** e.g. `stomp+ssl://localhost:61614` as a client would use it */
  url: string;
  /**
   * Name to send as TLS SNI and verify the certificate against, when it is not `host` (e.g. an external
   * broker reached through a tunnel on localhost); absent: `host`.
   */
  serverName?: string;
}

/** The broker's own log, kept for the whole run and attached to failed verdicts. */
export interface BrokerLog {
  /** every line so far */
  lines(): string[];
  /** a position to read from later */
  mark(): number;
  since(mark: number): string[];
  /** resolves with the first line (from `fromMark`) matching `pattern`, or null after `timeoutMs` or on abort */
  waitFor(
    pattern: RegExp,
    timeoutMs: number,
    fromMark?: number,
    signal?: AbortSignal,
  ): Promise<string | null>;
  /** file the log is kept in, when there is one */
  file?: string;
  /**
   * Set when the runtime cannot read the broker's log (an external broker): why, in words. `lines()` then
   * stays empty and `waitFor` never finds a line, so denials the protocol does not signal stay inconclusive.
   */
  unavailableReason?: string;
}

/** Where a run's broker came from, in words a report can show. */
export interface BrokerBuild {
  kind: 'managed-distribution' | 'user-build' | 'official-image' | 'local-image' | 'image' | 'external';
  /** e.g. "Apache ActiveMQ 5.18.7 assembled from Maven Central's module jars (pinned checksums)" */
  description: string;
  /** module jars of another release used where the exact one is not served, each with why */
  substitutes?: Array<{ artifact: string; version: string; why: string }>;
}

/** The one sentence every report shows when the broker that ran is not the release asked for. */
export function versionMismatch(
  requested: string,
  actual: string | undefined,
  where: string,
): string | undefined {
  if (!actual || actual === requested) return undefined;
  return `ActiveMQ ${actual} ran (${where}), not ${requested} as asked: verdicts may differ from ${requested}'s`;
}

export interface BrokerExit {
  code: number | null;
  signal: string | null;
  /** true when stop() asked for it */
  expected: boolean;
}

export interface RunningBroker {
  runtime: RuntimeKind;
  brokerName: string;
  /** broker version as it reported itself, when known */
  version?: string;
  /** the release the run asked for (engine or --broker-version); absent for an external broker */
  requestedVersion?: string;
  /** where the broker's jars came from, for every report */
  build?: BrokerBuild;
  /**
   * Set when the broker that ran is not the release asked for (a user's own ACTIVEMQ_HOME or image of
   * another version): every report shows it, since verdicts can differ between versions.
   */
  versionWarning?: string;
  endpoints: Partial<Record<Transport, Endpoint>>;
  /**
   * CA clients verify the broker against. The empty string (`SYSTEM_TRUST_STORE_CA_PEM` in ./external)
   * means the client's default trust store: Node treats an empty `ca` option as absent and uses its bundled
   * root CAs (plus NODE_EXTRA_CA_CERTS), which is what an external broker with a public certificate needs.
   */
  caPem: string;
  /** transports this broker build supports (probed, not assumed) */
  capabilities: Transport[];
  log: BrokerLog;
  /** settles when the broker goes away, expectedly or not (never for `external`) */
  exited: Promise<BrokerExit>;
  stop(): Promise<void>;
  /**
   * The admin observer's login on a broker the harness does not configure (external): the run uses it
   * instead of adding its own observer user, and probes only destinations the policy declares.
   */
  observerCredentials?: ObserverCredentials;
}

/** A user with read, write and admin on every destination the run probes (and on ActiveMQ.Advisory.>). */
export interface ObserverCredentials {
  username: string;
  password: Secret;
}

export interface BrokerRuntime {
  kind: RuntimeKind;
  /** which transports the build of this release supports, found by probing the build */
  capabilities(brokerVersion?: string): Promise<Transport[]>;
  start(request: BrokerStartRequest): Promise<RunningBroker>;
}
