/**
 * request-reply: what a requester does with its reply queue. The probe creates a temporary queue and
 * subscribes to it (JMS `createTemporaryQueue()` and a consumer, STOMP `SUBSCRIBE /temp-queue/<name>`, AMQP a
 * receiver with a dynamic source), sends a message to it and must receive that message back. Only
 * `tempDestinationAuthorizationEntry` governs these steps (create needs admin, the consumer read, the send
 * write); the broker names the temporary queue itself (`temp-queue://ID:...`).
 *
 * Granted: the probe received its own message from its temporary queue (the broker created the queue,
 * accepted the consumer and routed the send). Denied: the broker's refusal of one step, on the wire (an
 * ExceptionResponse, ERROR frame or detach naming the temporary queue or the advisory topic it creates), or
 * non-delivery together with the broker's log line. Over STOMP the creation is a one-way command, so its
 * refusal arrives as an ERROR without receipt-id that may precede the SUBSCRIBE's own; either counts.
 */
import { formatDestination } from '../core/destination';
import type { Destination } from '../core/types';
import { newProbeId, newProbeMessage } from './probe-message';
import { CaseClock, type CaseContext, couldNotConnect, decideSilence, notTried, said } from './run-case';
import type { Observation, ProbeSession, TemporarySubscription } from './types';

/** A refusal of a step of the exchange, in the broker's words. */
const TEMPORARY_DENIAL =
  /User \S+ is not authorized to (?:create|read from|write to): (?:temp-queue:\/\/\S+|topic:\/\/ActiveMQ\.Advisory\.\S+)/;

/** The protocols whose sessions create temporary queues by name on first use. */
async function subscribeByName(session: ProbeSession, timeoutMs: number): Promise<TemporarySubscription> {
  const destination: Destination = { kind: 'temp-queue', name: newProbeId('amqauth-reply') };
  const subscription = await session.subscribe(destination, timeoutMs);
  return subscription.observation.outcome === 'granted' ? { ...subscription, destination } : subscription;
}

function denialIn(observation: Observation): string | undefined {
  return TEMPORARY_DENIAL.exec(said(observation))?.[0];
}

export async function runRequestReply(ctx: CaseContext): Promise<Observation> {
  const clock = new CaseClock();
  const { client } = ctx;
  const connected = await client.session();
  if (!connected.session) return couldNotConnect(clock, client, connected.observation);
  const session = connected.session;
  const { operationMs, deliveryMs } = client.timeouts;

  const mark = ctx.brokerLog.mark();
  const reply = session.subscribeTemporary
    ? await session.subscribeTemporary(operationMs)
    : await subscribeByName(session, operationMs);
  try {
    const subscribed = reply.observation;
    const evidence = clock.adopt(subscribed);
    const refusal =
      subscribed.outcome === 'denied' ? (subscribed.detail ?? denialIn(subscribed)) : denialIn(subscribed);
    if (refusal !== undefined) {
      // A refused temporary queue fails twice at the broker: the answer to the request, then, asynchronously,
      // the temp-destination advisory (`Exception occurred while processing a command: … not authorized to
      // create: topic://ActiveMQ.Advisory.TempQueue`), which reaches a STOMP client as an ERROR without a
      // receipt and ends its session under whichever case runs next. The client starts afresh instead.
      await client.close();
      return clock.done('denied', evidence, { detail: refusal });
    }
    if (subscribed.outcome !== 'granted' || !reply.destination) {
      return notTried(clock, subscribed, 'the temporary queue could not be created and subscribed to');
    }
    const destination = reply.destination;
    const where = formatDestination(destination);
    evidence.push(clock.evidence('client', `temporary queue ${where} created and subscribed to`));

    const message = newProbeMessage('request-reply');
    const sent = (await session.send(destination, message, operationMs)).observation;
    evidence.push(...clock.adopt(sent));
    const sendRefusal = sent.outcome === 'denied' ? (sent.detail ?? denialIn(sent)) : denialIn(sent);
    if (sendRefusal !== undefined) {
      await client.close();
      return clock.done('denied', evidence, { detail: sendRefusal });
    }
    if (sent.outcome !== 'granted') return notTried(clock, sent, `the send to ${where} was not answered`);
    const received = await reply.nextMessage(message.id, deliveryMs);
    if (received) {
      evidence.push(clock.evidence('wire', `probe received its own ${message.id} back from ${where}`));
      return clock.done('granted', evidence);
    }
    return await decideSilence(
      clock,
      ctx,
      mark,
      'write to',
      destination,
      evidence,
      `${message.id} not received from ${where} within ${deliveryMs} ms`,
    );
  } finally {
    await reply.close();
  }
}
