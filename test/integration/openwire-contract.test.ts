/**
 * The OpenWire probe contract on real brokers: the project's own OpenWire v12 client over TLS to the `ssl`
 * connector, per release × runtime. The admin observer speaks OpenWire too, so every grant is confirmed
 * by an independent OpenWire connection. Denials come back as the broker's SecurityException.
 */
import { formatDestination } from '../../src/core/destination';
import type { Destination } from '../../src/core/types';
import { connectOpenWire, openwireAdapter } from '../../src/probes/openwire';
import { newProbeId } from '../../src/probes/probe-message';
import { runConnect, type DenialVerb } from '../../src/probes/run-case';
import { describeBrokerMatrix } from '../support/broker-matrix';
import { CONTRACT_CASE_TIMEOUTS, useContractBroker } from '../support/contract-broker';
import { login } from '../support/contract-policy';
import {
  escapeRegExp,
  evidenceText,
  expectObservation,
  type ExpectedEvidence,
} from '../support/expect-observation';
import {
  denialText,
  describeProbeContract,
  loginRefusalText,
  type ProtocolSignals,
} from '../support/probe-contract';

const TEMP_ADVISORIES = 'ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic';
const CONNECT_OPTIONS = () => ({
  clientId: newProbeId('ow-it'),
  timeoutMs: CONTRACT_CASE_TIMEOUTS.connectMs,
});

function wire(pattern: string): ExpectedEvidence {
  return { source: 'wire', text: new RegExp(`^${pattern}$`) };
}

/**
 * The command a denial answers: the consumer of a subscribe, or the producer an application binds to the
 * destination (`session.createProducer`), where the broker checks write (and creation) before any send.
 */
function refusedCommand(verb: DenialVerb, destination: Destination): string {
  const where = escapeRegExp(formatDestination(destination));
  return verb === 'read from'
    ? `ConsumerInfo ${where}`
    : `ProducerInfo ${where} \\(session\\.createProducer\\)`;
}

function openwireSignals(brokerVersion: string): ProtocolSignals {
  return {
    connectGranted: [
      wire(`WireFormatInfo\\{version=12, .*ProviderVersion=${escapeRegExp(brokerVersion)}\\}`),
      wire('Response\\{correlationId=1\\} to ConnectionInfo user=writer clientId=amq-auth-probe-[0-9a-f]+'),
      // what a default JMS connection does on start (watchTopicAdvisories)
      wire(
        `Response\\{correlationId=2\\} to ConsumerInfo topic://${escapeRegExp(TEMP_ADVISORIES)} \\(JMS watchTopicAdvisories\\)`,
      ),
      wire('BrokerInfo\\{brokerName=\\S+\\}'),
    ],
    loginRefused: (username) => ({
      detail: loginRefusalText(username),
      evidence: [
        wire(
          `ExceptionResponse\\{correlationId=1, exception=java\\.lang\\.SecurityException: ${escapeRegExp(loginRefusalText(username))}\\} to ConnectionInfo user=${escapeRegExp(username ?? '(none)')} clientId=amq-auth-probe-[0-9a-f]+`,
        ),
      ],
    }),
    sendAccepted: (destination) => [
      wire(
        `Response\\{correlationId=\\d+\\} to ProducerInfo ${escapeRegExp(formatDestination(destination))} \\(session\\.createProducer\\)`,
      ),
      wire(
        `Response\\{correlationId=\\d+\\} to ActiveMQTextMessage to ${escapeRegExp(formatDestination(destination))}`,
      ),
    ],
    subscribeAccepted: (destination) => [
      wire(
        `Response\\{correlationId=\\d+\\} to ConsumerInfo ${escapeRegExp(formatDestination(destination))}`,
      ),
    ],
    denied: (verb, username, destination) => ({
      detail: denialText(verb, username, destination),
      evidence: [
        wire(
          `ExceptionResponse\\{correlationId=\\d+, exception=java\\.lang\\.SecurityException: ${escapeRegExp(denialText(verb, username, destination))}\\} to ${refusedCommand(verb, destination)}`,
        ),
      ],
    }),
    duplicateClientId: (clientId) => {
      const said = `Broker: \\S+ - Client: ${escapeRegExp(clientId)} already connected from tcp://\\S+`;
      return {
        outcome: 'inconclusive',
        clientIdConflict: true,
        detail: new RegExp(`^${said} \\(the client id is still registered at the broker`),
        evidence: [
          wire(
            `ExceptionResponse\\{correlationId=1, exception=javax\\.jms\\.InvalidClientIDException: ${said}\\} to ConnectionInfo user=writer clientId=${escapeRegExp(clientId)}`,
          ),
        ],
      };
    },
    sessionAfterDenial: 'kept',
  };
}

describeBrokerMatrix('OpenWire probe contract', (target) => {
  const broker = useContractBroker(target, {
    transports: ['openwire'],
    observer: { adapter: openwireAdapter, transport: 'openwire' },
  });

  describeProbeContract({
    adapter: openwireAdapter,
    transport: 'openwire',
    broker,
    kinds: ['queue', 'topic'],
    signals: openwireSignals(target.brokerVersion),
  });

  it('refuses a user without read on the temp advisories, as a JMS connection.start() is refused', async () => {
    const o = await runConnect(
      openwireAdapter,
      broker.target('openwire'),
      login('outsider'),
      CONTRACT_CASE_TIMEOUTS,
    );
    expectObservation(o, {
      outcome: 'denied',
      detail: new RegExp(
        `^User outsider is not authorized to read from: ${escapeRegExp(TEMP_ADVISORIES)} \\(a JMS client with watchTopicAdvisories=true`,
      ),
      // the login itself was accepted
      evidence: [wire('Response\\{correlationId=1\\} to ConnectionInfo user=outsider clientId=\\S+')],
    });
  });

  it('connects that same user when the advisory watch is off (watchTopicAdvisories=false)', async () => {
    const result = await connectOpenWire(broker.target('openwire'), login('outsider'), CONNECT_OPTIONS(), {
      watchTempAdvisories: false,
    });
    await result.session?.close();
    expect(result.observation.outcome).toBe('granted');
    expect(evidenceText(result.observation)).not.toContain('ActiveMQ.Advisory');
  });
});
