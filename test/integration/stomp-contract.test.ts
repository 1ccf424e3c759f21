/**
 * The STOMP probe contract on real brokers: STOMP 1.2 over TLS to the `stomp+ssl` connector and over the
 * broker's own `wss` connector (subprotocol v12.stomp), per release × runtime, one broker for both.
 */
import { formatDestination } from '../../src/core/destination';
import type { Transport } from '../../src/core/types';
import { isAdvisoryCreationByUser } from '../../src/model/advisory';
import { newProbeId } from '../../src/probes/probe-message';
import { stompAdapter, stompWssAdapter } from '../../src/probes/stomp/adapter';
import type { Observation, ProbeAdapter } from '../../src/probes/types';
import { activemqEngine } from '../support/broker';
import { describeBrokerMatrix, TEST_BROKER_VERSIONS_ENV, type BrokerTarget } from '../support/broker-matrix';
import { CONTRACT_CASE_TIMEOUTS, probeTarget, useContractBroker } from '../support/contract-broker';
import { login } from '../support/contract-policy';
import { escapeRegExp, evidenceText, expectObservation } from '../support/expect-observation';
import {
  denialText,
  describeProbeContract,
  loginRefusalText,
  type ProtocolSignals,
} from '../support/probe-contract';

const CONNECT_OPTIONS = () => ({
  clientId: newProbeId('stomp-it'),
  timeoutMs: CONTRACT_CASE_TIMEOUTS.connectMs,
});

interface Variant {
  name: string;
  adapter: ProbeAdapter;
  transport: Transport;
  /** how the broker names a connection of this variant in its texts */
  scheme: 'tcp' | 'wss';
}

const VARIANTS: Variant[] = [
  { name: 'stomp (stomp+ssl connector)', adapter: stompAdapter, transport: 'stomp', scheme: 'tcp' },
  { name: 'stomp-wss (wss connector, v12.stomp)', adapter: stompWssAdapter, transport: 'ws', scheme: 'wss' },
];

/** An ERROR frame as the adapter records it: the message header and the same text as body. */
function errorFrame(text: string, receipt: boolean): RegExp {
  const quoted = escapeRegExp(JSON.stringify(text));
  return new RegExp(`^ERROR ${receipt ? 'receipt-id:\\S+ ' : ''}message:${quoted} body:${quoted}$`);
}

/**
 * The release the CONNECTED frame's `server` header names. ActiveMQ reads it from the classpath resource
 * org/apache/activemq/version.txt, which activemq-all 6.2.7 (the managed 6.2.7 broker's ActiveMQ classes)
 * carries unfiltered, so that broker says `ActiveMQ/${project.version}` (docs/broker-behaviour.md).
 */
function serverVersion(brokerVersion: string): string {
  return brokerVersion === '6.2.7' ? '${project.version}' : brokerVersion;
}

function stompSignals(brokerVersion: string, scheme: Variant['scheme']): ProtocolSignals {
  return {
    connectGranted: [
      {
        source: 'wire',
        text: new RegExp(
          `^CONNECTED version:1\\.2 server:ActiveMQ/${escapeRegExp(serverVersion(brokerVersion))} session:\\S+ heart-beat:0,0$`,
        ),
      },
    ],
    loginRefused: (username) => ({
      detail: loginRefusalText(username),
      evidence: [{ source: 'wire', text: errorFrame(loginRefusalText(username), false) }],
    }),
    sendAccepted: (destination) => [
      {
        source: 'wire',
        text: new RegExp(
          `^RECEIPT receipt-id:\\S+ for SEND ${escapeRegExp(formatDestination(destination))}$`,
        ),
      },
    ],
    subscribeAccepted: (destination) => [
      {
        source: 'wire',
        text: new RegExp(
          `^RECEIPT receipt-id:\\S+ for SUBSCRIBE ${escapeRegExp(formatDestination(destination))}$`,
        ),
      },
    ],
    denied: (verb, username, destination) => ({
      detail: denialText(verb, username, destination),
      evidence: [{ source: 'wire', text: errorFrame(denialText(verb, username, destination), true) }],
    }),
    duplicateClientId: (clientId) => ({
      outcome: 'inconclusive',
      clientIdConflict: true,
      evidence: [
        {
          source: 'wire',
          text: new RegExp(
            `^ERROR message:"Broker: \\S+ - Client: ${escapeRegExp(clientId)} already connected from ${scheme}://`,
          ),
        },
      ],
    }),
    // ActiveMQ keeps the connection after a denial, and the session claims the ERROR that answers its request
    sessionAfterDenial: 'kept',
  };
}

function stompContract(target: BrokerTarget): void {
  /** outsider's connect before anyone else's, and the client id it used */
  let cold: { clientId: string; observation: Observation } | undefined;
  const broker = useContractBroker(target, {
    transports: ['stomp', 'ws'],
    beforeObserver: async (started) => {
      const options = CONNECT_OPTIONS();
      const result = await stompAdapter.connect(probeTarget(started, 'stomp'), login('outsider'), options);
      await result.session?.close();
      cold = { clientId: options.clientId, observation: result.observation };
    },
  });

  describe.each(VARIANTS)('$name', (variant) => {
    describeProbeContract({
      adapter: variant.adapter,
      transport: variant.transport,
      broker,
      kinds: ['queue', 'topic'],
      signals: stompSignals(target.brokerVersion, variant.scheme),
    });
  });

  // Before 5.19.8 the broker creates an advisory topic under the identity of the client that first needs it.
  const coldRefusal = isAdvisoryCreationByUser(activemqEngine(target.brokerVersion));
  describe(`a user without advisory admin connects first (${coldRefusal ? 'refused' : 'granted'} on ${target.brokerVersion})`, () => {
    const whenRefused = coldRefusal ? it : it.skip;

    it(`is ${coldRefusal ? 'refused, naming the advisory topic it would create' : 'granted'}`, () => {
      if (!cold) throw new Error('the first connect did not run');
      if (!coldRefusal) return expect(cold.observation.outcome).toBe('granted');
      const advisory = 'User outsider is not authorized to create: topic://ActiveMQ.Advisory.Connection';
      expectObservation(cold.observation, {
        outcome: 'denied',
        detail: new RegExp(
          `^${escapeRegExp(advisory)} \\(before 5\\.19\\.8 the broker creates advisory topics as the connecting user`,
        ),
        evidence: [{ source: 'wire', text: errorFrame(advisory, false) }],
      });
    });

    whenRefused(
      'leaves the refused client id registered, which the probe calls a conflict, not a denial',
      async () => {
        if (!cold) throw new Error('the first connect did not run');
        const again = await stompAdapter.connect(broker.target('stomp'), login('outsider'), {
          clientId: cold.clientId,
          timeoutMs: CONTRACT_CASE_TIMEOUTS.connectMs,
        });
        await again.session?.close();
        expect({ outcome: again.observation.outcome, conflict: again.observation.clientIdConflict }).toEqual({
          outcome: 'inconclusive',
          conflict: true,
        });
        expect(evidenceText(again.observation)).toContain(
          `Client: ${cold.clientId} already connected from tcp://`,
        );
      },
    );

    whenRefused('grants the same user once the admin observer has created the advisory topic', async () => {
      const warm = await stompAdapter.connect(broker.target('stomp'), login('outsider'), CONNECT_OPTIONS());
      await warm.session?.close();
      expect(warm.observation.outcome).toBe('granted');
    });
  });
}

describeBrokerMatrix('STOMP probe contract', stompContract);
// Once more on 6.2.7, the release with the advisory fix, with the local runtime only (a few seconds); a list
// of releases in the environment replaces both.
if (!process.env[TEST_BROKER_VERSIONS_ENV]) {
  describeBrokerMatrix('STOMP probe contract', stompContract, { versions: ['6.2.7'], runtimes: ['local'] });
}
