/**
 * browse: a queue browser (JMS QueueBrowser, STOMP `browser:true`, AMQP distribution mode `copy`) sees the
 * messages a queue holds without taking them. The observer sends first, then the probe browses: granted when
 * the browser is handed the observer's message, denied on a wire denial (the broker checks read, as for a
 * consumer) or on non-delivery together with the broker's `read from` line. The message stays on the queue,
 * as browsing leaves it, until it expires once the browse is over.
 */
import { formatDestination } from '../core/destination';
import type { Destination } from '../core/types';
import { newProbeMessage } from './probe-message';
import { CaseClock, type CaseContext, couldNotConnect, decideSilence, notTried } from './run-case';
import type { Observation } from './types';

/** How much longer than the browse may take the message a browser must find stays on the queue. */
export const BROWSED_MESSAGE_GRACE_MS = 1_000;

export async function runBrowse(ctx: CaseContext, destination: Destination): Promise<Observation> {
  const clock = new CaseClock();
  const { client, observer } = ctx;
  const connected = await client.session();
  if (!connected.session) return couldNotConnect(clock, client, connected.observation);

  // it expires soon after the case: a browse leaves it on the queue, and later consumers of the queue
  // should not have to take it (a STOMP consumer that gets an unexpected message while it unsubscribes
  // stalls, docs/broker-behaviour.md section 6)
  const { operationMs, deliveryMs } = client.timeouts;
  const probe = newProbeMessage('browse');
  const message = {
    ...probe,
    expiresInMs: operationMs + deliveryMs + BROWSED_MESSAGE_GRACE_MS,
    correlationId: probe.id,
  };
  const published = await observer.publish(destination, message);
  if (published.outcome !== 'granted') {
    return notTried(clock, published, `the observer could not send to ${formatDestination(destination)}`);
  }
  const where = formatDestination(destination);
  const evidence = [clock.evidence('observer', `observer sent ${message.id} to ${where} before the browse`)];
  const mark = ctx.brokerLog.mark();
  const browser = await connected.session.subscribe(destination, client.timeouts.operationMs, {
    browser: true,
  });
  try {
    const subscribed = browser.observation;
    evidence.push(...clock.adopt(subscribed));
    if (subscribed.outcome === 'denied') {
      return clock.done('denied', evidence, { detail: subscribed.detail ?? 'browse denied on the wire' });
    }
    if (subscribed.outcome !== 'granted') return notTried(clock, subscribed, 'the browse was not answered');
    const seen = await browser.nextMessage(message.id, client.timeouts.deliveryMs);
    if (seen) {
      evidence.push(clock.evidence('wire', `probe's browser was handed ${message.id} from ${where}`));
      return clock.done('granted', evidence);
    }
    return await decideSilence(
      clock,
      ctx,
      mark,
      'read from',
      destination,
      evidence,
      `${message.id} not shown to the probe's browser within ${client.timeouts.deliveryMs} ms`,
    );
  } finally {
    await browser.close();
    if (!ctx.coldBroker) await takeBack(ctx, destination, message.id);
  }
}

/**
 * The observer takes the browsed message back off the queue, selecting it alone: a consumer of the queue
 * that is handed an unexpected message while it unsubscribes stalls (docs/broker-behaviour.md section 6)
 * and stays registered, taking messages meant for later cases.
 */
async function takeBack(ctx: CaseContext, destination: Destination, id: string): Promise<void> {
  const watch = await ctx.observer.watch(destination, { selector: `JMSCorrelationID = '${id}'` });
  try {
    if (watch.observation.outcome === 'granted') await watch.waitFor(id, ctx.client.timeouts.deliveryMs);
  } finally {
    await watch.close();
  }
}
