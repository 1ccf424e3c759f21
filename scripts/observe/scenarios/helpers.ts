/** Small pieces the scenario groups share. */
import { randomBytes } from 'node:crypto';
import type { Destination } from '../../../src/core/types';
import { login, type GroupContext, type StepSpec } from '../context';
import type { ConnectOptions, Login, Outcome, ProduceOptions, ProtocolName, Session } from '../drivers/types';
import { StepClock } from '../record';

export function fresh(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export function isMqtt(protocol: ProtocolName): boolean {
  return protocol === 'mqtt' || protocol === 'mqtt-wss';
}

/** MQTT reaches only topics; the other protocols are probed on queues. */
export function appDestination(protocol: ProtocolName, name: string): Destination {
  return { kind: isMqtt(protocol) ? 'topic' : 'queue', name };
}

export function dest(destination: Destination): string {
  return `${destination.kind}://${destination.name}`;
}

/**
 * A new connection as `user`, used for one step and closed afterwards. When the connect itself is not
 * accepted the step is recorded as that connect (the operation was never tried).
 */
export function withSession(
  ctx: GroupContext,
  protocol: ProtocolName,
  user: string,
  spec: Omit<StepSpec, 'protocol' | 'user'>,
  operation: (session: Session) => Promise<Outcome>,
  options: ConnectOptions = {},
): Promise<Outcome> {
  return withSessionAs(ctx, protocol, user, login(user), spec, operation, options);
}

/** withSession with explicit credentials (`{}`: none at all); `user` only names them in the record. */
export async function withSessionAs(
  ctx: GroupContext,
  protocol: ProtocolName,
  user: string,
  who: Login,
  spec: Omit<StepSpec, 'protocol' | 'user'>,
  operation: (session: Session) => Promise<Outcome>,
  options: ConnectOptions = {},
): Promise<Outcome> {
  const attempt = await ctx.connect(protocol, who, options);
  if (!attempt.session || attempt.outcome !== 'accepted') {
    await attempt.session?.close();
    return ctx.step(
      { ...spec, protocol, user, action: `${spec.action} (not tried: the connect was ${attempt.outcome})` },
      async () => attempt,
    );
  }
  const session = attempt.session;
  const outcome = await ctx.step(
    { ...spec, protocol, user },
    () => operation(session),
    () => session,
  );
  await session.close();
  return outcome;
}

/**
 * A send whose fate the sender's protocol may not tell (MQTT acknowledges denied publishes): the admin
 * watches the destination first and the outcome becomes what the watch saw.
 */
export async function produceAndWatch(
  ctx: GroupContext,
  session: Session,
  destination: Destination,
  options: ProduceOptions = {},
): Promise<Outcome> {
  const received = await ctx.watch(destination);
  const body = fresh('probe');
  const sent = await session.produce(destination, body, options);
  const clock = new StepClock();
  const arrived = await ctx.delivered(received, body);
  const evidence = [
    ...sent.evidence,
    {
      source: 'observer' as const,
      text: `${arrived ? 'delivered' : 'not delivered'} to the admin's subscription on ${dest(destination)} (waited ${clock.ms()} ms)`,
      atMs: sent.durationMs + clock.ms(),
    },
  ];
  if (sent.outcome === 'acknowledged' || sent.outcome === 'silent') {
    return { ...sent, evidence, outcome: arrived ? 'delivered' : 'not-delivered' };
  }
  return { ...sent, evidence };
}

/**
 * A send to a destination that may not exist yet: the admin must not subscribe first (that would create
 * it), so it looks afterwards. A queue keeps the message for a later subscriber; a topic does not, so for
 * topics only the broker log tells.
 */
export async function produceThenLook(
  ctx: GroupContext,
  session: Session,
  destination: Destination,
  options: ProduceOptions = {},
): Promise<Outcome> {
  const body = fresh('probe');
  const sent = await session.produce(destination, body, options);
  if (destination.kind !== 'queue') return sent;
  const clock = new StepClock();
  const received = await ctx.watch(destination);
  const arrived = await ctx.delivered(received, body);
  const evidence = [
    ...sent.evidence,
    {
      source: 'observer' as const,
      text: `the admin subscribed to ${dest(destination)} after the send: ${arrived ? 'the message was there' : 'no message'} (waited ${clock.ms()} ms)`,
      atMs: sent.durationMs + clock.ms(),
    },
  ];
  if (sent.outcome === 'acknowledged' || sent.outcome === 'silent') {
    return { ...sent, evidence, outcome: arrived ? 'delivered' : 'not-delivered' };
  }
  return { ...sent, evidence };
}
