/**
 * wildcard-consume: the probe subscribes to a wildcard destination (`queue://ORDERS.>`; over MQTT the filter
 * `ORDERS/#`, `+` for `*`) and the observer sends to a concrete destination the wildcard matches. ActiveMQ
 * authorizes the subscription against the wildcard destination itself (AuthorizationBroker.addConsumer reads
 * the read ACL of the consumer's destination), so the outcome can differ from a subscription on any one name
 * it covers.
 *
 * Granted: the probe's wildcard subscription receives the observer's message. Denied: a wire denial naming
 * the wildcard (`User x is not authorized to read from: queue://ORDERS.>`, MQTT SUBACK 0x80), or non-delivery
 * together with the broker's line leaving the concrete name out of the subscription: the broker checks each
 * matching destination's read ACL as well and skips those the user may not read, logging
 * `Subscription denied for … to destination queue://ORDERS.x: User u is not authorized to read from:
 * queue://ORDERS.x` at DEBUG (AbstractRegion.addConsumer), which the run's broker lets through.
 */
import { formatDestination } from '../core/destination';
import type { Destination } from '../core/types';
import { newProbeMessage } from './probe-message';
import {
  CaseClock,
  type CaseContext,
  couldNotConnect,
  decideSilence,
  loggedDenial,
  notTried,
} from './run-case';
import type { Observation } from './types';

/** How many messages the observer sends to a queue before non-delivery counts. */
export const WILDCARD_SEND_ATTEMPTS = 3;

export async function runWildcardConsume(
  ctx: CaseContext,
  wildcard: Destination,
  sendTo: Destination,
): Promise<Observation> {
  const clock = new CaseClock();
  const { client, observer } = ctx;
  const connected = await client.session();
  if (!connected.session) return couldNotConnect(clock, client, connected.observation);

  const mark = ctx.brokerLog.mark();
  const subscription = await connected.session.subscribe(wildcard, client.timeouts.operationMs);
  try {
    const subscribed = subscription.observation;
    const evidence = clock.adopt(subscribed);
    if (subscribed.outcome === 'denied') {
      return clock.done('denied', evidence, { detail: subscribed.detail ?? 'denied on the wire' });
    }
    if (subscribed.outcome !== 'granted')
      return notTried(clock, subscribed, 'the subscribe was not answered');

    // A queue hands each message to one of its consumers in turn; a consumer another client left behind
    // (a subscription whose close went unanswered) can take one, so up to WILDCARD_SEND_ATTEMPTS messages
    // are sent, each a fresh chance for the probe's subscription.
    let message = newProbeMessage('wildcard');
    for (let attempt = 1; attempt <= WILDCARD_SEND_ATTEMPTS; attempt++) {
      if (attempt > 1) message = newProbeMessage('wildcard');
      const published = await observer.publish(sendTo, message);
      if (published.outcome !== 'granted') {
        return notTried(clock, published, `the observer could not send to ${formatDestination(sendTo)}`);
      }
      evidence.push(
        clock.evidence('observer', `observer sent ${message.id} to ${formatDestination(sendTo)}`),
      );
      const received = await subscription.nextMessage(message.id, client.timeouts.deliveryMs);
      if (received) {
        evidence.push(
          clock.evidence(
            'wire',
            `probe's subscription on ${formatDestination(wildcard)} received ${message.id} sent to ${formatDestination(sendTo)}`,
          ),
        );
        return clock.done('granted', evidence);
      }
      if (sendTo.kind !== 'queue' || attempt === WILDCARD_SEND_ATTEMPTS) break;
      evidence.push(
        clock.evidence(
          'observer',
          `${message.id} not delivered to the probe within ${client.timeouts.deliveryMs} ms`,
        ),
      );
      // the broker wrote its line while it added the subscription, so it is there unless nothing was withheld
      const withheld = await loggedDenial(clock, ctx, mark, 'read from', sendTo);
      if (withheld !== null) {
        evidence.push(withheld);
        return clock.done('denied', evidence, { detail: `the broker logged: ${withheld.text}` });
      }
    }
    return await decideSilence(
      clock,
      ctx,
      mark,
      'read from',
      sendTo,
      evidence,
      `${message.id} not delivered to the probe's subscription on ${formatDestination(wildcard)} within ${client.timeouts.deliveryMs} ms`,
    );
  } finally {
    await subscription.close();
  }
}
