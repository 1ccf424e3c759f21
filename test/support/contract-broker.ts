/**
 * One broker per contract block: started with the contract policy before the block's tests, with an admin
 * observer connected to it, and stopped after them.
 */
import type { Transport } from '../../src/core/types';
import { AdminObserver } from '../../src/probes/observer';
import type { CaseTimeouts } from '../../src/probes/run-case';
import { stompAdapter } from '../../src/probes/stomp/adapter';
import type { ProbeAdapter, ProbeTarget } from '../../src/probes/types';
import { startTestBroker, type TestBroker } from './broker';
import type { BrokerTarget } from './broker-matrix';
import { contractPolicy, login } from './contract-policy';

/** Download check, a JVM start (in a container on the testcontainers runtime) on a busy two-core machine. */
export const CONTRACT_BROKER_START_TIMEOUT_MS = 120_000;
/** A clean stop takes well under a second; the runtimes force one after 10 s. */
export const CONTRACT_BROKER_STOP_TIMEOUT_MS = 30_000;
/** Short enough to keep the suites quick, long enough for loopback deliveries (a few ms observed). */
export const CONTRACT_CASE_TIMEOUTS: CaseTimeouts = {
  connectMs: 5_000,
  operationMs: 5_000,
  deliveryMs: 1_500,
  logLineMs: 1_000,
};

export interface ContractBrokerOptions {
  /** the connectors the block needs, the observer's included */
  transports: Transport[];
  /** the observer's protocol and connector; default STOMP, as the check run observes */
  observer?: { adapter: ProbeAdapter; transport: Transport };
  /**
   * Runs once the broker is up and before the observer connects: the only moment at which nobody has
   * touched the broker yet (advisory topics do not exist).
   */
  beforeObserver?: (broker: TestBroker) => Promise<void>;
}

export interface ContractBroker {
  broker(): TestBroker;
  observer(): AdminObserver;
  /** where a client reaches `transport`, and the CA it verifies the broker with */
  target(transport: Transport): ProbeTarget;
}

export function probeTarget(broker: TestBroker, transport: Transport): ProbeTarget {
  const endpoint = broker.endpoints[transport];
  if (!endpoint) {
    throw new Error(`the broker has no ${transport} connector (it has ${broker.capabilities.join(', ')})`);
  }
  return { endpoint, caPem: broker.caPem };
}

export function useContractBroker(target: BrokerTarget, options: ContractBrokerOptions): ContractBroker {
  let broker: TestBroker | undefined;
  let observer: AdminObserver | undefined;
  const observedOver = options.observer ?? { adapter: stompAdapter, transport: 'stomp' as const };

  beforeAll(async () => {
    broker = await startTestBroker(contractPolicy(target.brokerVersion), {
      runtime: target.runtime,
      brokerVersion: target.brokerVersion,
      transports: options.transports,
    });
    await options.beforeObserver?.(broker);
    observer = await AdminObserver.open({
      adapter: observedOver.adapter,
      target: probeTarget(broker, observedOver.transport),
      credentials: login('admin'),
    });
  }, CONTRACT_BROKER_START_TIMEOUT_MS);

  afterAll(async () => {
    await observer?.close();
    await broker?.stop();
  }, CONTRACT_BROKER_STOP_TIMEOUT_MS);

  const started = (): TestBroker => {
    if (!broker) throw new Error(`no broker: ${target.label} did not start`);
    return broker;
  };
  return {
    broker: started,
    observer: () => {
      if (!observer) throw new Error(`no observer: ${target.label} did not start`);
      return observer;
    },
    target: (transport) => probeTarget(started(), transport),
  };
}
