/**
 * A broker the harness does not manage (e.g. an Amazon MQ staging broker): nothing is rendered, started
 * or stopped. `start()` checks that every endpoint completes a verified TLS handshake and hands back the
 * endpoints, the CA and the observer login from the target file.
 */
import type { Transport } from '../../core/types';
import { TRANSPORTS } from '../../core/types';
import type { BrokerExit, BrokerRuntime, BrokerStartRequest, Endpoint, RunningBroker } from '../types';
import { loadTargetFile, type ExternalTarget, type TargetLoadOptions } from './target-file';
import { checkEndpointsAnswer, TLS_HANDSHAKE_TIMEOUT_MS } from './tls-handshake';
import { UnavailableBrokerLog } from './unavailable-log';

/** `caPem` meaning "the client's default trust store" (see RunningBroker.caPem). */
export const SYSTEM_TRUST_STORE_CA_PEM = '';

export interface ExternalRuntimeOptions {
  /** per endpoint, for DNS, TCP connect and TLS handshake together */
  handshakeTimeoutMs?: number;
}

/** A RunningBroker for a broker someone else runs; `runtime` is always `external`. */
export interface ExternalRunningBroker extends RunningBroker {
  runtime: 'external';
  /** the target file it was described by */
  targetFile: string;
}

export class ExternalRuntime implements BrokerRuntime {
  readonly kind = 'external' as const;

  constructor(
    readonly target: ExternalTarget,
    private readonly options: ExternalRuntimeOptions = {},
  ) {}

  static fromFile(
    targetFile: string,
    options: ExternalRuntimeOptions & TargetLoadOptions = {},
  ): ExternalRuntime {
    return new ExternalRuntime(loadTargetFile(targetFile, options), options);
  }

  get caPem(): string {
    return this.target.ca.source === 'file' ? this.target.ca.pem : SYSTEM_TRUST_STORE_CA_PEM;
  }

  /** The transports the target file gives endpoints for; whether they answer is checked by start(). */
  async capabilities(): Promise<Transport[]> {
    return TRANSPORTS.filter((t) => this.target.endpoints[t] !== undefined);
  }

  /**
   * Checks and hands back the endpoints of the transports the run asks for (those the target file has).
   * `request.renderXml` is never called: the broker's configuration is not the harness's to change.
   */
  async start(request: BrokerStartRequest): Promise<ExternalRunningBroker> {
    const endpoints: Partial<Record<Transport, Endpoint>> = {};
    for (const t of request.transports) {
      const endpoint = this.target.endpoints[t];
      if (endpoint) endpoints[t] = endpoint;
    }
    const listed = TRANSPORTS.map((t) => endpoints[t]).filter((e): e is Endpoint => e !== undefined);
    await checkEndpointsAnswer(
      listed,
      this.caPem,
      this.options.handshakeTimeoutMs ?? TLS_HANDSHAKE_TIMEOUT_MS,
    );
    const first = listed[0];
    return {
      runtime: 'external',
      brokerName: first ? first.host : request.brokerName,
      targetFile: this.target.file,
      endpoints,
      caPem: this.caPem,
      capabilities: await this.capabilities(),
      log: new UnavailableBrokerLog(),
      // someone else's broker: the run never learns when it goes away, so this never settles
      exited: new Promise<BrokerExit>(() => undefined),
      stop: async () => undefined,
      observerCredentials: this.target.observer,
    };
  }
}
