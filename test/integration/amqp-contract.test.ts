/**
 * The AMQP probe contract on real brokers: AMQP 1.0 (rhea, SASL PLAIN, ANONYMOUS without credentials) over
 * TLS to the `amqp+ssl` connector, per release × runtime. Links are refused by a detach carrying
 * `amqp:unauthorized-access` and the broker's text; logins by SASL outcome `auth`.
 */
import { formatDestination } from '../../src/core/destination';
import type { Destination } from '../../src/core/types';
import { amqpAdapter } from '../../src/probes/amqp/adapter';
import { newProbeId } from '../../src/probes/probe-message';
import { describeBrokerMatrix } from '../support/broker-matrix';
import { CONTRACT_CASE_TIMEOUTS, useContractBroker } from '../support/contract-broker';
import { login } from '../support/contract-policy';
import { escapeRegExp, type ExpectedEvidence } from '../support/expect-observation';
import { denialText, describeProbeContract, type ProtocolSignals } from '../support/probe-contract';

const UNAUTHORIZED = 'amqp:unauthorized-access';

/** The address a link names: a queue by its bare name, a topic with ActiveMQ's `topic://` prefix. */
function address(destination: Destination): string {
  return destination.kind === 'topic' ? formatDestination(destination) : destination.name;
}

function wire(text: string | RegExp): ExpectedEvidence {
  return { source: 'wire', text };
}

function amqpSignals(brokerVersion: string): ProtocolSignals {
  return {
    connectGranted: [
      wire('sasl_mechanisms {"sasl_server_mechanisms":["PLAIN","ANONYMOUS"]}'),
      wire('sasl_outcome {"code":"0 (ok)"}'),
      wire(
        new RegExp(
          `^open \\{.*"properties":\\{"product":"ActiveMQ",.*"version":"${escapeRegExp(brokerVersion)}"`,
        ),
      ),
      { source: 'client', text: 'session_open (BEGIN answered)' },
    ],
    loginRefused: () => ({
      detail: 'SASL outcome 1 (auth): the broker rejected the credentials',
      evidence: [
        wire('sasl_outcome {"code":"1 (auth)"}'),
        { source: 'client', text: `connection_error ${UNAUTHORIZED}: Failed to authenticate: 1` },
      ],
    }),
    sendAccepted: (destination) => [
      wire(`attach {"role":"receiver","source":{},"target":{"address":"${address(destination)}"}}`),
      wire('disposition {"role":"receiver","settled":true,"state":"accepted{}"}'),
    ],
    subscribeAccepted: (destination) => [
      wire(`attach {"role":"sender","source":{"address":"${address(destination)}"},"target":{}}`),
    ],
    denied: (verb, username, destination) => {
      const text = denialText(verb, username, destination);
      // the broker answers the attach with an empty terminus, then detaches with the reason
      const refusedAttach =
        verb === 'read from'
          ? 'attach {"role":"sender","source":null,"target":{}}'
          : 'attach {"role":"receiver","source":{},"target":null}';
      return {
        detail: `${UNAUTHORIZED}: ${text}`,
        evidence: [
          wire(refusedAttach),
          wire(`detach {"closed":true,"error":{"condition":"${UNAUTHORIZED}","description":"${text}"}}`),
        ],
      };
    },
    duplicateClientId: (clientId) => {
      const said = `Broker: \\S+ - Client: ${escapeRegExp(clientId)} already connected from tcp://\\S+`;
      return {
        outcome: 'inconclusive',
        clientIdConflict: true,
        detail: new RegExp(`^client id already registered at the broker: amqp:invalid-field: ${said}$`),
        evidence: [
          wire(
            new RegExp(
              `^close \\{"error":\\{"condition":"amqp:invalid-field","description":"${said}","info":\\{"invalid-field":"container-id"\\}\\}\\}$`,
            ),
          ),
        ],
      };
    },
    sessionAfterDenial: 'kept',
  };
}

describeBrokerMatrix('AMQP probe contract', (target) => {
  const broker = useContractBroker(target, { transports: ['amqp', 'stomp'] });

  describeProbeContract({
    adapter: amqpAdapter,
    transport: 'amqp',
    broker,
    kinds: ['queue', 'topic'],
    signals: amqpSignals(target.brokerVersion),
  });

  it('hangs up itself after a refused SASL exchange, where the broker would keep the socket for about 30 s', async () => {
    const result = await amqpAdapter.connect(broker.target('amqp'), login('writer', 'wrong-password-pw'), {
      clientId: newProbeId('amqp-it'),
      timeoutMs: CONTRACT_CASE_TIMEOUTS.connectMs,
    });
    expect(result.session).toBeUndefined();
    expect(result.observation.outcome).toBe('denied');
    expect(result.observation.durationMs).toBeLessThan(CONTRACT_CASE_TIMEOUTS.connectMs);
    expect(result.observation.evidence).toContainEqual(
      expect.objectContaining({ source: 'client', text: expect.stringMatching(/^disconnected/) }),
    );
  });
});
