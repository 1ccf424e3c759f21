/**
 * The MQTT probe contract on real brokers: MQTT 3.1.1 over TLS to the `mqtt+ssl` connector and over the
 * broker's own `wss` connector (subprotocol mqtt), per release × runtime, one broker for both. ActiveMQ
 * acknowledges an unauthorized publish, so a produce or create is denied only on non-delivery together
 * with the broker's log line.
 */
import { BrokerLogBuffer } from '../../src/broker/broker-log';
import type { Destination, Transport } from '../../src/core/types';
import { mqttAdapter, mqttWssAdapter } from '../../src/probes/mqtt/adapter';
import { newProbeId, newProbeMessage } from '../../src/probes/probe-message';
import {
  ProbeClient,
  SETTLE_AFTER_DENIAL_LINE_MS,
  runProduce,
  type DenialVerb,
} from '../../src/probes/run-case';
import type { ProbeAdapter } from '../../src/probes/types';
import { describeBrokerMatrix } from '../support/broker-matrix';
import { CONTRACT_CASE_TIMEOUTS, useContractBroker } from '../support/contract-broker';
import { APP_TOPIC, login } from '../support/contract-policy';
import { useProbeSessions } from '../support/probe-sessions';
import { waitUntil } from '../support/processes';
import { escapeRegExp, expectObservation, type ExpectedEvidence } from '../support/expect-observation';
import {
  denialText,
  describeProbeContract,
  probeIdPattern,
  type ProtocolSignals,
} from '../support/probe-contract';

/** Long enough for a delivery on loopback (single-digit ms observed); an absence is only asserted after it. */
const DELIVERY_WAIT_MS = 1_500;
/** Short case-runner waits for a publish that cannot arrive: the outcome is under test, not the wait. */
const UNLOGGED_DENIAL_TIMEOUTS = { deliveryMs: 300, logLineMs: 200 };
const CONNACK_GRANTED = 'CONNACK(sessionPresent=false, returnCode=0)';
const PUBACK: ExpectedEvidence = { source: 'wire', text: /^PUBACK\(messageId=\d+\)$/ };

interface Variant {
  name: string;
  adapter: ProbeAdapter;
  transport: Transport;
  /** how the broker names a connection of this variant in its log */
  scheme: 'tcp' | 'wss';
  /**
   * A second CONNECT with a client id already connected: over TCP the broker hands the id to the new
   * connection (MQTT's takeover); over WebSocket it refuses the newcomer with CONNACK 2.
   */
  duplicateClientId: 'takeover' | 'refused';
}

const VARIANTS: Variant[] = [
  {
    name: 'mqtt (mqtt+ssl connector)',
    adapter: mqttAdapter,
    transport: 'mqtt',
    scheme: 'tcp',
    duplicateClientId: 'takeover',
  },
  {
    name: 'mqtt-wss (wss connector)',
    adapter: mqttWssAdapter,
    transport: 'ws',
    scheme: 'wss',
    duplicateClientId: 'refused',
  },
];

/** ActiveMQ's topic `A.b` is MQTT's `A/b` (these names have no other character the mapping swaps). */
function mqttTopic(destination: Destination): string {
  return destination.name.replace(/\./g, '/');
}

/**
 * The observer's word that a denied send did not arrive once the broker had logged its denial: its own
 * fence message, sent after the line, arrived first (or, where no fence could be used, the settle window
 * passed).
 */
function nonDelivery(verb: DenialVerb): RegExp {
  const settled =
    `(\\(the observer's own message, sent after the broker logged the denial, arrived first: delivered ${probeIdPattern('fence')} to observer on \\S+\\)` +
    `|\\(not delivered ${SETTLE_AFTER_DENIAL_LINE_MS} ms after the broker logged the denial\\))`;
  return verb === 'create'
    ? new RegExp(
        `^${probeIdPattern('create')} not found by the observer that subscribed after the send ${settled}$`,
      )
    : new RegExp(`^${probeIdPattern('produce')} not delivered to observer ${settled}$`);
}

function mqttSignals(variant: Variant): ProtocolSignals {
  return {
    connectGranted: [{ source: 'wire', text: CONNACK_GRANTED }],
    loginRefused: () => ({
      detail: 'CONNACK 5: Connection refused: not authorized (ActiveMQ answers every failed login this way)',
      evidence: [{ source: 'wire', text: 'CONNACK(sessionPresent=false, returnCode=5)' }],
    }),
    sendAccepted: (destination) => [
      {
        source: 'client',
        text: new RegExp(
          `^PUBLISH topic=${escapeRegExp(mqttTopic(destination))} qos=1 retain=(true|false) probe id=\\S+$`,
        ),
      },
      PUBACK,
    ],
    subscribeAccepted: (destination) => [
      { source: 'client', text: `SUBSCRIBE filter=${mqttTopic(destination)} qos=1` },
      { source: 'wire', text: /^SUBACK\(messageId=\d+, granted=\[0x01\]\)$/ },
    ],
    denied: (verb, username, destination) => {
      if (verb === 'read from') {
        return {
          detail: 'SUBACK return code 0x80: the broker refused the subscription',
          evidence: [{ source: 'wire', text: /^SUBACK\(messageId=\d+, granted=\[0x80\]\)$/ }],
        };
      }
      const logged = `Security Error occurred on connection to: ${variant.scheme}://\\S+, ${escapeRegExp(denialText(verb, username, destination))} \\|`;
      return {
        detail: new RegExp(`^the broker logged: .*${logged}`),
        evidence: [
          PUBACK,
          { source: 'broker-log', text: new RegExp(logged) },
          { source: 'observer', text: nonDelivery(verb) },
        ],
      };
    },
    duplicateClientId: () =>
      variant.duplicateClientId === 'takeover'
        ? { outcome: 'granted', evidence: [{ source: 'wire', text: CONNACK_GRANTED }] }
        : {
            outcome: 'inconclusive',
            clientIdConflict: true,
            detail: /^CONNACK 2: the broker rejected the client id/,
            evidence: [{ source: 'wire', text: 'CONNACK(sessionPresent=false, returnCode=2)' }],
          },
    sessionAfterDenial: 'kept',
  };
}

describeBrokerMatrix('MQTT probe contract', (target) => {
  const broker = useContractBroker(target, { transports: ['mqtt', 'ws', 'stomp'] });

  describe.each(VARIANTS)('$name', (variant) => {
    describeProbeContract({
      adapter: variant.adapter,
      transport: variant.transport,
      broker,
      kinds: ['topic'],
      signals: mqttSignals(variant),
    });

    const open = useProbeSessions(variant.adapter, () => broker.target(variant.transport));

    it('leaves a send inconclusive on its PUBACK alone: the observer and the broker log decide', async () => {
      const consumer = await open('reader');
      const producer = await open('writer');
      const subscription = await consumer.subscribe(APP_TOPIC, CONTRACT_CASE_TIMEOUTS.operationMs);
      expect(subscription.observation.outcome).toBe('granted');
      const message = newProbeMessage('authorized-publish');
      const sent = await producer.send(APP_TOPIC, message, CONTRACT_CASE_TIMEOUTS.operationMs);
      expectObservation(sent.observation, {
        outcome: 'inconclusive',
        detail: /not proof.*observer and the broker log decide/,
        evidence: [PUBACK],
      });
      await expect(subscription.nextMessage(message.id, DELIVERY_WAIT_MS)).resolves.toEqual(message);
    });

    it('calls an unauthorized publish inconclusive when the broker log has no line for it', async () => {
      const client = new ProbeClient(variant.adapter, broker.target(variant.transport), login('reader'), {
        ...CONTRACT_CASE_TIMEOUTS,
        ...UNLOGGED_DENIAL_TIMEOUTS,
      });
      try {
        // a log that never receives a line: the broker's own is not consulted
        const o = await runProduce(
          { client, observer: broker.observer(), brokerLog: new BrokerLogBuffer() },
          APP_TOPIC,
        );
        expectObservation(o, { outcome: 'inconclusive', detail: /logged no denial/, evidence: [PUBACK] });
      } finally {
        await client.close();
      }
    });

    it('keeps a filter subscribed while another subscription of the session still holds it', async () => {
      const consumer = await open('reader');
      const producer = await open('writer');
      const first = await consumer.subscribe(APP_TOPIC, CONTRACT_CASE_TIMEOUTS.operationMs);
      const second = await consumer.subscribe(APP_TOPIC, CONTRACT_CASE_TIMEOUTS.operationMs);
      await first.close();
      const message = newProbeMessage('shared-filter');
      await producer.send(APP_TOPIC, message, CONTRACT_CASE_TIMEOUTS.operationMs);
      await expect(second.nextMessage(message.id, DELIVERY_WAIT_MS)).resolves.toEqual(message);
      await expect(first.nextMessage(message.id, 0)).resolves.toBeNull();
    });

    if (variant.duplicateClientId === 'takeover') {
      it('loses the first connection when a second one takes its client id over', async () => {
        const clientId = newProbeId('mqtt-takeover');
        const first = await open('reader', clientId);
        await open('reader', clientId);
        const gone = await waitUntil(() => !first.isOpen(), DELIVERY_WAIT_MS);
        expect(gone).toBe(true);
      });
    }
  });
});
