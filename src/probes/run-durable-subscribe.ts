/**
 * durable-subscribe: the life of a durable topic subscription, on a connection of the case's own (its
 * client id names the subscription). The probe makes the durable subscription and closes its subscriber,
 * which leaves the subscription offline; the admin observer sends a PERSISTENT message to the topic; the
 * probe resumes the subscription and must be handed that message; then it closes the subscriber again and
 * removes the subscription (JMS `session.unsubscribe`, STOMP UNSUBSCRIBE with `activemq.subscriptionName`,
 * an AMQP detach with closed=true).
 *
 * Granted: the resumed subscription delivered the message sent while it was offline, and the broker
 * confirmed the removal. Denied: the broker refused making or resuming the subscription on the wire
 * (`User x is not authorized to read from: topic://...`, MQTT SUBACK 0x80), or the message was not handed
 * over and the broker logged the refusal. A removal the broker did not confirm leaves the case inconclusive.
 */
import { formatDestination } from '../core/destination';
import type { Destination } from '../core/types';
import { newProbeId, newProbeMessage } from './probe-message';
import { CaseClock, type CaseContext, couldNotConnect, decideSilence, notTried } from './run-case';
import type { Observation, Subscription } from './types';

export async function runDurableSubscribe(ctx: CaseContext, topic: Destination): Promise<Observation> {
  const clock = new CaseClock();
  const { client, observer } = ctx;
  const connected = await clock.phases.time('connect', client.session());
  if (!connected.session) return couldNotConnect(clock, client, connected.observation);
  const session = connected.session;
  const { operationMs, deliveryMs } = client.timeouts;
  const where = formatDestination(topic);
  if (!session.removeDurable) {
    return clock.done('inconclusive', [], {
      detail: `the ${session.protocol} probe cannot remove a durable subscription on its connection`,
    });
  }
  const name = newProbeId('amqauth-durable');
  const durable = { durableName: name };

  const mark = ctx.brokerLog.mark();
  const created = await clock.phases.time('subscribe', session.subscribe(topic, operationMs, durable));
  const evidence = [...created.observation.evidence];
  if (created.observation.outcome === 'denied') {
    await created.close();
    return clock.done('denied', evidence, { detail: created.observation.detail ?? 'denied on the wire' });
  }
  if (created.observation.outcome !== 'granted') {
    await created.close();
    return notTried(clock, created.observation, `the durable subscribe to ${where} was not answered`);
  }
  let made = true;
  let resumed: Subscription | undefined;
  try {
    evidence.push(clock.evidence('client', `durable subscription ${name} made on ${where}`));
    await clock.phases.time('close', created.close());
    evidence.push(clock.evidence('client', `subscriber of ${name} closed: the subscription is offline`));

    const message = newProbeMessage('durable', { persistent: true });
    const published = await clock.phases.time('observerSend', observer.publish(topic, message));
    if (published.outcome !== 'granted') {
      return notTried(clock, published, `the observer could not send to ${where}`);
    }
    evidence.push(
      clock.evidence(
        'observer',
        `observer sent ${message.id} (persistent) to ${where} while ${name} was offline`,
      ),
    );

    resumed = await clock.phases.time('subscribe', session.subscribe(topic, operationMs, durable));
    evidence.push(...resumed.observation.evidence);
    if (resumed.observation.outcome === 'denied') {
      return clock.done('denied', evidence, {
        detail: resumed.observation.detail ?? 'resuming was denied on the wire',
      });
    }
    if (resumed.observation.outcome !== 'granted')
      return notTried(clock, resumed.observation, `resuming ${name} on ${where} was not answered`);
    const received = await clock.phases.time('delivery', resumed.nextMessage(message.id, deliveryMs));
    if (!received) {
      return await decideSilence(
        clock,
        ctx,
        mark,
        'read from',
        topic,
        evidence,
        `${message.id} not handed to the resumed subscription ${name} within ${deliveryMs} ms`,
      );
    }
    evidence.push(
      clock.evidence(
        'wire',
        `resumed subscription ${name} was handed ${message.id}, sent while it was offline`,
      ),
    );
    await clock.phases.time('close', resumed.close());
    resumed = undefined;
    const removed = await clock.phases.time('close', session.removeDurable(topic, name, operationMs));
    made = removed.outcome !== 'granted';
    evidence.push(...removed.evidence);
    if (removed.outcome !== 'granted') {
      return clock.done('inconclusive', evidence, {
        detail: `the broker did not confirm removing the durable subscription ${name}: ${removed.detail ?? removed.outcome}`,
      });
    }
    evidence.push(clock.evidence('client', `durable subscription ${name} removed`));
    return clock.done('granted', evidence);
  } finally {
    // whatever went wrong, the subscription must not stay behind and collect the topic's messages
    if (resumed) await resumed.close();
    if (made && session.isOpen())
      await session.removeDurable(topic, name, operationMs).catch(() => undefined);
  }
}
