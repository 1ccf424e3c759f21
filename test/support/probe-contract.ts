/**
 * What every probe adapter must do on a real broker, whatever its protocol: connect granted and denied,
 * produce, consume and create granted and denied, each with the broker's own evidence. A protocol suite
 * supplies its signals (what its broker says on the wire, or in its log) and adds what only it has.
 */
import { formatDestination } from '../../src/core/destination';
import type { Destination, DestinationType, Transport } from '../../src/core/types';
import { newProbeId, newProbeMessage } from '../../src/probes/probe-message';
import {
  ProbeClient,
  freshDestination,
  runConnect,
  runConsume,
  runCreate,
  runProduce,
  type CaseContext,
  type DenialVerb,
} from '../../src/probes/run-case';
import type { Credentials, ProbeAdapter } from '../../src/probes/types';
import { CONTRACT_CASE_TIMEOUTS, type ContractBroker } from './contract-broker';
import { APP_DESTINATION, login } from './contract-policy';
import { useProbeSessions } from './probe-sessions';
import {
  escapeRegExp,
  expectEvidence,
  expectObservation,
  type ExpectedEvidence,
  type ExpectedObservation,
} from './expect-observation';

/** What a protocol's broker says for each decision, as the adapter records it. */
export interface ProtocolSignals {
  /** a granted connect, e.g. CONNECTED with the broker's version */
  connectGranted: ExpectedEvidence[];
  /** a refused login; `username` undefined: no credentials at all */
  loginRefused(username: string | undefined): Omit<ExpectedObservation, 'outcome'>;
  /** the broker's answer to a send it accepted (never proof of delivery on its own) */
  sendAccepted(destination: Destination): ExpectedEvidence[];
  /** the broker's answer to a subscribe it accepted */
  subscribeAccepted(destination: Destination): ExpectedEvidence[];
  /** a refused write, read or creation, with the broker's text */
  denied(verb: DenialVerb, username: string, destination: Destination): Omit<ExpectedObservation, 'outcome'>;
  /** a second connection with a client id the broker already holds */
  duplicateClientId(clientId: string): ExpectedObservation;
  /**
   * What is left of a session after the broker refused one of its operations: ActiveMQ keeps every
   * connection open, but a client library may close its side (stompit does on every ERROR frame).
   */
  sessionAfterDenial: 'kept' | 'closed';
}

export interface ProbeContractSpec {
  adapter: ProbeAdapter;
  /** the broker connector the adapter speaks to */
  transport: Transport;
  broker: ContractBroker;
  /** the destination kinds the protocol addresses (MQTT: topics only) */
  kinds: DestinationType[];
  signals: ProtocolSignals;
}

/** The broker's words for a denial of `verb`, as ActiveMQ writes them everywhere. */
export function denialText(verb: DenialVerb, username: string, destination: Destination): string {
  return `User ${username} is not authorized to ${verb}: ${formatDestination(destination)}`;
}

/** The broker's words for a refused login, identical for a wrong password and an unknown user. */
export function loginRefusalText(username: string | undefined): string {
  return `User name [${username ?? 'null'}] or password is invalid.`;
}

/** A pattern for the probe id of a message the case runner made for `purpose`. */
export function probeIdPattern(purpose: string): string {
  return `${escapeRegExp(purpose)}-[0-9a-f]+`;
}

/** The observer's evidence that the probe's message for `purpose` reached it. */
function deliveredToObserver(purpose: string, destination: Destination): ExpectedEvidence {
  const where = escapeRegExp(formatDestination(destination));
  return {
    source: 'observer',
    text: new RegExp(`^delivered ${probeIdPattern(purpose)} to observer on ${where}$`),
  };
}

const REFUSED_LOGINS: [string, Credentials, string | undefined][] = [
  ['a wrong password', login('writer', 'wrong-password-pw'), 'writer'],
  ['an unknown user', login('ghost'), 'ghost'],
  ['no credentials at all', {}, undefined],
];

export function describeProbeContract(spec: ProbeContractSpec): void {
  const { adapter, signals } = spec;
  const target = () => spec.broker.target(spec.transport);
  const clients: ProbeClient[] = [];
  function caseFor(username: string): CaseContext {
    const client = new ProbeClient(adapter, target(), login(username), CONTRACT_CASE_TIMEOUTS);
    clients.push(client);
    return { client, observer: spec.broker.observer(), brokerLog: spec.broker.broker().log };
  }
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  const [firstKind] = spec.kinds;
  if (!firstKind) throw new Error(`${adapter.protocol}: a contract needs at least one destination kind`);
  const declared = APP_DESTINATION[firstKind];

  describe('connect', () => {
    it('is granted on the broker’s explicit grant', async () => {
      const o = await runConnect(adapter, target(), login('writer'), CONTRACT_CASE_TIMEOUTS);
      expectObservation(o, { outcome: 'granted', evidence: signals.connectGranted });
    });

    it.each(REFUSED_LOGINS)(
      'is denied for %s, with the broker’s refusal',
      async (_label, credentials, user) => {
        const o = await runConnect(adapter, target(), credentials, CONTRACT_CASE_TIMEOUTS);
        expectObservation(o, { outcome: 'denied', ...signals.loginRefused(user) });
      },
    );

    it('never puts the password into the observation', async () => {
      const o = await runConnect(
        adapter,
        target(),
        login('writer', 'leak-check-secret-pw'),
        CONTRACT_CASE_TIMEOUTS,
      );
      expect(o.outcome).toBe('denied');
      expect(JSON.stringify(o)).not.toContain('leak-check-secret-pw');
    });

    it('answers a client id the broker already holds as the protocol does, never as a denial', async () => {
      const options = { clientId: newProbeId('contract-dup'), timeoutMs: CONTRACT_CASE_TIMEOUTS.connectMs };
      const first = await adapter.connect(target(), login('writer'), options);
      expect(first.observation.outcome).toBe('granted');
      try {
        const second = await adapter.connect(target(), login('writer'), options);
        await second.session?.close();
        expectObservation(second.observation, signals.duplicateClientId(options.clientId));
      } finally {
        await first.session?.close();
      }
    });
  });

  describe('produce', () => {
    it.each(spec.kinds)('is granted when the observer receives the message (%s)', async (kind) => {
      const destination = APP_DESTINATION[kind];
      const o = await runProduce(caseFor('writer'), destination);
      expectObservation(o, {
        outcome: 'granted',
        evidence: [...signals.sendAccepted(destination), deliveredToObserver('produce', destination)],
      });
      expect(o.evidence.at(-1)?.source).toBe('observer');
    });

    it.each(spec.kinds)('is denied without write, with the broker’s signal (%s)', async (kind) => {
      const destination = APP_DESTINATION[kind];
      const o = await runProduce(caseFor('reader'), destination);
      expectObservation(o, { outcome: 'denied', ...signals.denied('write to', 'reader', destination) });
    });
  });

  describe('consume', () => {
    it.each(spec.kinds)('is granted when the probe receives what the observer sent (%s)', async (kind) => {
      const destination = APP_DESTINATION[kind];
      const o = await runConsume(caseFor('reader'), destination);
      const where = escapeRegExp(formatDestination(destination));
      expectObservation(o, {
        outcome: 'granted',
        evidence: [
          ...signals.subscribeAccepted(destination),
          {
            source: 'observer',
            text: new RegExp(`^observer sent ${probeIdPattern('consume')} to ${where}$`),
          },
          { source: 'wire', text: new RegExp(`^probe received ${probeIdPattern('consume')} from ${where}$`) },
        ],
      });
    });

    it.each(spec.kinds)('is denied without read, with the broker’s signal (%s)', async (kind) => {
      const destination = APP_DESTINATION[kind];
      const o = await runConsume(caseFor('writer'), destination);
      expectObservation(o, { outcome: 'denied', ...signals.denied('read from', 'writer', destination) });
    });
  });

  describe('create (first send to a destination that does not exist)', () => {
    it.each(spec.kinds)('is denied for write without admin (%s)', async (kind) => {
      const destination = freshDestination(kind, 'APP.');
      const o = await runCreate(caseFor('writer'), destination);
      expectObservation(o, { outcome: 'denied', ...signals.denied('create', 'writer', destination) });
    });

    it.each(spec.kinds)('is granted with admin: the late observer finds the message (%s)', async (kind) => {
      const destination = freshDestination(kind, 'APP.');
      const o = await runCreate(caseFor('owner'), destination);
      expectObservation(o, {
        outcome: 'granted',
        evidence: [
          ...signals.sendAccepted(destination),
          deliveredToObserver('create', destination),
          {
            source: 'observer',
            text: 'the observer subscribed only after the probe sent, so that send created the destination',
          },
        ],
      });
    });
  });

  const open = useProbeSessions(adapter, target);

  if (signals.sessionAfterDenial === 'kept') {
    it('keeps the session after a denied subscribe: its next send reaches the observer', async () => {
      const session = await open('writer');
      const refused = await session.subscribe(declared, CONTRACT_CASE_TIMEOUTS.operationMs);
      expect(refused.observation.outcome).toBe('denied');
      await refused.close();
      expect(session.isOpen()).toBe(true);
      const watch = await spec.broker.observer().watch(declared);
      try {
        const message = newProbeMessage('after-denial');
        const sent = await session.send(declared, message, CONTRACT_CASE_TIMEOUTS.operationMs);
        expectEvidence(sent.observation, signals.sendAccepted(declared));
        expect(await watch.waitFor(message.id, CONTRACT_CASE_TIMEOUTS.deliveryMs)).not.toBeNull();
      } finally {
        await watch.close();
      }
    });
  } else {
    it('loses the session to a denial (its client closes it) and answers a later send inconclusive', async () => {
      const session = await open('writer');
      const refused = await session.subscribe(declared, CONTRACT_CASE_TIMEOUTS.operationMs);
      expect(refused.observation.outcome).toBe('denied');
      expect(session.isOpen()).toBe(false);
      const after = await session.send(
        declared,
        newProbeMessage('after-denial'),
        CONTRACT_CASE_TIMEOUTS.operationMs,
      );
      expect(after.observation.outcome).toBe('inconclusive');
    });
  }

  it('reports a closed session as not open and answers a later send inconclusive, never with a verdict', async () => {
    const session = await open('writer');
    await session.close();
    expect(session.isOpen()).toBe(false);
    const late = await session.send(
      declared,
      newProbeMessage('after-close'),
      CONTRACT_CASE_TIMEOUTS.operationMs,
    );
    expect(late.observation.outcome).toBe('inconclusive');
  });

  it('runs the next case of a client after a denial (reconnecting where the client had to close)', async () => {
    const ctx = caseFor('reader');
    expect((await runProduce(ctx, declared)).outcome).toBe('denied');
    const next = await runConsume(ctx, declared);
    expectObservation(next, { outcome: 'granted', evidence: signals.subscribeAccepted(declared) });
  });
}
