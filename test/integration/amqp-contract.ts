/**
 * What the AMQP adapter must do against any ActiveMQ 5.17-like AMQP endpoint configured with the recorded map
 * (test/support/amqp-standin/recorded-acl.ts): run against the stand-in here and against a real broker wherever
 * its build has the AMQP transport.
 */
import { randomBytes } from 'node:crypto';
import { amqpAdapter } from '../../src/probes/amqp/adapter';
import type { Credentials, Evidence, ProbeSession, ProbeTarget } from '../../src/probes/types';
import { Secret } from '../../src/core/secret';

export const PROBE_TIMEOUT_MS = 3_000;
export const DELIVERY_TIMEOUT_MS = 2_000;

const PASSWORDS: Record<string, string> = {
  admin: 'adminpw',
  producer: 'producerpw',
  consumer: 'consumerpw',
  nobody: 'nobodypw',
  'writer-noadmin': 'writerpw',
};

export function login(username: string, password = PASSWORDS[username] ?? 'unknown'): Credentials {
  return { username, password: new Secret(password) };
}

export function freshClientId(purpose: string): string {
  return `amqp-${purpose}-${randomBytes(4).toString('hex')}`;
}

export function evidenceText(evidence: Evidence[]): string {
  return evidence.map((e) => `[${e.source}] ${e.text}`).join('\n');
}

export function probeMessage(purpose: string): { id: string; body: string } {
  const id = `probe-${purpose}-${randomBytes(4).toString('hex')}`;
  return { id, body: `amq-auth-harness probe ${id}` };
}

export async function connectAs(target: ProbeTarget, credentials: Credentials, purpose = 'case') {
  return amqpAdapter.connect(target, credentials, {
    clientId: freshClientId(purpose),
    timeoutMs: PROBE_TIMEOUT_MS,
  });
}

/** Opens a session that must be granted; fails the test with the evidence otherwise. */
export async function sessionAs(target: ProbeTarget, username: string): Promise<ProbeSession> {
  const result = await connectAs(target, login(username), username);
  if (!result.session) {
    throw new Error(
      `${username} could not connect: ${result.observation.detail}\n${evidenceText(result.observation.evidence)}`,
    );
  }
  return result.session;
}

export function describeAmqpAdapterContract(getTarget: () => ProbeTarget): void {
  const sessions: ProbeSession[] = [];
  const open = async (username: string) => {
    const session = await sessionAs(getTarget(), username);
    sessions.push(session);
    return session;
  };
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  describe('connect', () => {
    it('grants a valid login with SASL ok and the broker open as evidence', async () => {
      const result = await connectAs(getTarget(), login('producer'));
      if (result.session) sessions.push(result.session);
      expect(result.observation.outcome).toBe('granted');
      const text = evidenceText(result.observation.evidence);
      expect(text).toContain('sasl_outcome {"code":"0 (ok)"}');
      expect(text).toMatch(/\[wire\] open \{.*"product":"ActiveMQ"/);
      expect(result.session?.isOpen()).toBe(true);
    });

    it.each([
      ['a wrong password', login('producer', 'WRONG')],
      ['an unknown user', login('ghost', 'ghostpw')],
    ])('denies %s with SASL outcome 1 and hangs up itself', async (_label, credentials) => {
      const result = await connectAs(getTarget(), credentials);
      expect(result.session).toBeUndefined();
      expect(result.observation.outcome).toBe('denied');
      const text = evidenceText(result.observation.evidence);
      expect(text).toContain('sasl_outcome {"code":"1 (auth)"}');
      expect(text).toContain('amqp:unauthorized-access: Failed to authenticate: 1');
      // ActiveMQ would keep the socket for 30 s; the adapter must not wait for that.
      expect(result.observation.durationMs).toBeLessThan(PROBE_TIMEOUT_MS);
    });

    it('tries SASL ANONYMOUS without credentials and is denied while anonymous access is off', async () => {
      const result = await connectAs(getTarget(), {});
      expect(result.observation.outcome).toBe('denied');
      expect(evidenceText(result.observation.evidence)).toContain('sasl_outcome {"code":"1 (auth)"}');
    });

    it('never passes the password into the observation', async () => {
      const result = await connectAs(getTarget(), login('producer', 'WRONG-secret-pw'));
      expect(JSON.stringify(result.observation)).not.toContain('WRONG-secret-pw');
    });
  });

  describe('send', () => {
    it('grants a send the broker accepts', async () => {
      const session = await open('producer');
      const message = probeMessage('send-ok');
      const { observation } = await session.send(
        { kind: 'queue', name: 'ORDERS.new' },
        message,
        PROBE_TIMEOUT_MS,
      );
      expect(observation.outcome).toBe('granted');
      const text = evidenceText(observation.evidence);
      expect(text).toContain('attach {"role":"receiver","source":{},"target":{"address":"ORDERS.new"}}');
      expect(text).toMatch(/disposition .*"state":"accepted/);
    });

    it('denies a sender without write, from the detach that follows the attach', async () => {
      const session = await open('consumer');
      const { observation } = await session.send(
        { kind: 'queue', name: 'ORDERS.new' },
        probeMessage('send-denied'),
        PROBE_TIMEOUT_MS,
      );
      expect(observation.outcome).toBe('denied');
      expect(observation.detail).toBe(
        'amqp:unauthorized-access: User consumer is not authorized to write to: queue://ORDERS.new',
      );
      const text = evidenceText(observation.evidence);
      expect(text).toContain('attach {"role":"receiver","source":{},"target":null}');
      expect(text).toContain('"condition":"amqp:unauthorized-access"');
    });

    it('denies creating a queue with write but no admin', async () => {
      const session = await open('writer-noadmin');
      const name = `ORDERS.fresh-${randomBytes(3).toString('hex')}`;
      const { observation } = await session.send(
        { kind: 'queue', name },
        probeMessage('create'),
        PROBE_TIMEOUT_MS,
      );
      expect(observation.outcome).toBe('denied');
      expect(observation.detail).toContain(
        `User writer-noadmin is not authorized to create: queue://${name}`,
      );
    });

    it('addresses a topic as topic://name', async () => {
      const session = await open('producer');
      const { observation } = await session.send(
        { kind: 'topic', name: 'EVENTS.a' },
        probeMessage('topic'),
        PROBE_TIMEOUT_MS,
      );
      expect(observation.outcome).toBe('granted');
      expect(evidenceText(observation.evidence)).toContain('"target":{"address":"topic://EVENTS.a"}');
    });
  });

  describe('subscribe', () => {
    it('grants a receiver and delivers the probe message sent to its queue', async () => {
      const consumer = await open('consumer');
      const producer = await open('producer');
      const subscription = await consumer.subscribe({ kind: 'queue', name: 'ORDERS.new' }, PROBE_TIMEOUT_MS);
      expect(subscription.observation.outcome).toBe('granted');
      expect(evidenceText(subscription.observation.evidence)).toContain('"source":{"address":"ORDERS.new"}');
      const message = probeMessage('delivered');
      const sent = await producer.send({ kind: 'queue', name: 'ORDERS.new' }, message, PROBE_TIMEOUT_MS);
      expect(sent.observation.outcome).toBe('granted');
      await expect(subscription.nextMessage(message.id, DELIVERY_TIMEOUT_MS)).resolves.toEqual(message);
      await subscription.close();
    });

    it('denies a receiver without read', async () => {
      const session = await open('producer');
      const subscription = await session.subscribe({ kind: 'queue', name: 'ORDERS.new' }, PROBE_TIMEOUT_MS);
      expect(subscription.observation.outcome).toBe('denied');
      expect(subscription.observation.detail).toBe(
        'amqp:unauthorized-access: User producer is not authorized to read from: queue://ORDERS.new',
      );
      expect(evidenceText(subscription.observation.evidence)).toContain('"source":null');
      await expect(subscription.nextMessage('anything', 10)).resolves.toBeNull();
    });

    it('keeps the connection usable after a link denial', async () => {
      const session = await open('consumer');
      const denied = await session.send(
        { kind: 'queue', name: 'ORDERS.new' },
        probeMessage('x'),
        PROBE_TIMEOUT_MS,
      );
      expect(denied.observation.outcome).toBe('denied');
      expect(session.isOpen()).toBe(true);
      const subscription = await session.subscribe({ kind: 'queue', name: 'ORDERS.new' }, PROBE_TIMEOUT_MS);
      expect(subscription.observation.outcome).toBe('granted');
      await subscription.close();
    });
  });

  it('reports a closed session as not open', async () => {
    const session = await open('producer');
    await session.close();
    expect(session.isOpen()).toBe(false);
  });
}
