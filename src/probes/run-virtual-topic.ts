/**
 * virtual-topic: what one consumer group of a virtual topic does, done by the probe as the user. It
 * subscribes to the group's queue `queue://Consumer.<group>.VirtualTopic.<Name>`, sends to
 * `topic://VirtualTopic.<Name>` and must receive its own message on the queue: the broker's
 * VirtualTopicInterceptor copied it there. The broker checks read on the queue (the subscribe) and write on
 * the topic (the send); the copy itself is not checked.
 *
 * Granted: the probe's consumer on the queue received the message the probe sent to the topic. Denied: the
 * broker refused the subscribe or the send on the wire (`User x is not authorized to read from:
 * queue://Consumer...`, `... write to: topic://VirtualTopic...`), or the message did not arrive and the
 * broker logged the refusal of the send.
 */
import { formatDestination } from '../core/destination';
import type { Destination } from '../core/types';
import { newProbeMessage } from './probe-message';
import {
  CaseClock,
  type CaseContext,
  couldNotConnect,
  decideSilence,
  deniedOnTheWire,
  notTried,
} from './run-case';
import type { Observation } from './types';

export async function runVirtualTopic(
  ctx: CaseContext,
  queue: Destination,
  topic: Destination,
): Promise<Observation> {
  const clock = new CaseClock();
  const { client } = ctx;
  const connected = await clock.phases.time('connect', client.session());
  if (!connected.session) return couldNotConnect(clock, client, connected.observation);
  const session = connected.session;
  const { operationMs, deliveryMs } = client.timeouts;

  const mark = ctx.brokerLog.mark();
  const subscription = await clock.phases.time('subscribe', session.subscribe(queue, operationMs));
  try {
    const subscribed = subscription.observation;
    const evidence = [...subscribed.evidence];
    if (subscribed.outcome === 'denied') {
      const detail = subscribed.detail ?? 'denied on the wire';
      return await deniedOnTheWire(clock, ctx, mark, 'read from', queue, evidence, detail);
    }
    if (subscribed.outcome !== 'granted')
      return notTried(clock, subscribed, `the subscribe to ${formatDestination(queue)} was not answered`);

    const message = newProbeMessage('virtual-topic');
    const sent = (await clock.phases.time('send', session.send(topic, message, operationMs))).observation;
    evidence.push(...sent.evidence);
    if (sent.outcome === 'denied') {
      const detail = sent.detail ?? 'denied on the wire';
      return await deniedOnTheWire(clock, ctx, mark, 'write to', topic, evidence, detail);
    }
    if (sent.outcome !== 'granted' || sent.clientIdConflict)
      return notTried(clock, sent, `the send to ${formatDestination(topic)} was not answered`);
    const received = await clock.phases.time('delivery', subscription.nextMessage(message.id, deliveryMs));
    if (received) {
      evidence.push(
        clock.evidence(
          'wire',
          `probe's consumer on ${formatDestination(queue)} received ${message.id}, which the probe sent to ${formatDestination(topic)}`,
        ),
      );
      return clock.done('granted', evidence);
    }
    // an acknowledged send that never arrived is a refusal only with the broker's own line for it
    return await decideSilence(
      clock,
      ctx,
      mark,
      'write to',
      topic,
      evidence,
      `${message.id} sent to ${formatDestination(topic)} did not reach the probe's consumer on ${formatDestination(queue)} within ${deliveryMs} ms`,
    );
  } finally {
    await clock.phases.time('close', subscription.close());
  }
}
