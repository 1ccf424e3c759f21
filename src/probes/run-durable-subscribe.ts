/**
 * durable-subscribe: the life of a durable topic subscription, on a connection of the case's own (its
 * client id names the subscription). The probe makes the durable subscription and closes its subscriber,
 * which leaves the subscription offline; the admin observer sends a PERSISTENT message to the topic; the
 * probe resumes the subscription and must be handed that message; then it closes the subscriber again and
 * removes the subscription (JMS `session.unsubscribe`, STOMP UNSUBSCRIBE with `activemq.subscriptionName`,
 * an AMQP detach with closed=true). MQTT keeps durable subscriptions in sessions instead: see
 * runMqttDurableSession.
 *
 * Granted: the resumed subscription delivered the message sent while it was offline, and the broker
 * confirmed the removal. Denied: the broker refused making or resuming the subscription on the wire
 * (`User x is not authorized to read from: topic://...`, MQTT SUBACK 0x80), or the message was not handed
 * over and the broker logged the refusal. A removal the broker did not confirm leaves the case inconclusive.
 */
import { formatDestination } from '../core/destination';
import type { Destination } from '../core/types';
import { newProbeId, newProbeMessage } from './probe-message';
import {
  CaseClock,
  type CaseContext,
  couldNotConnect,
  decideSilence,
  deniedOnTheWire,
  notTried,
} from './run-case';
import type { Evidence, Observation, ProbeMessage, Subscription } from './types';

export async function runDurableSubscribe(ctx: CaseContext, topic: Destination): Promise<Observation> {
  const protocol = ctx.client.adapter.protocol;
  if (protocol === 'mqtt' || protocol === 'mqtt-wss') return runMqttDurableSession(ctx, topic);
  const clock = new CaseClock();
  const { client } = ctx;
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
    const detail = created.observation.detail ?? 'denied on the wire';
    return deniedOnTheWire(clock, ctx, mark, 'read from', topic, evidence, detail);
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

    const sent = await sendWhileOffline(clock, ctx, topic, name, evidence);
    if ('failed' in sent) return sent.failed;
    const { message } = sent;

    resumed = await clock.phases.time('subscribe', session.subscribe(topic, operationMs, durable));
    evidence.push(...resumed.observation.evidence);
    if (resumed.observation.outcome === 'denied') {
      const detail = resumed.observation.detail ?? 'resuming was denied on the wire';
      return await deniedOnTheWire(clock, ctx, mark, 'read from', topic, evidence, detail);
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

/**
 * MQTT's durable subscription is its session's: a cleanSession=false connection with a fixed client id
 * subscribes at QoS 1 (MQTTDefaultSubscriptionStrategy makes that a durable topic subscription named
 * `AT_LEAST_ONCE:<topic>` under the client id) and disconnects; the observer sends a PERSISTENT message; the
 * same client id reconnects with cleanSession=false, and the broker restores the subscription by itself
 * (with the same read check) and delivers the message; a last CONNECT with cleanSession=true deletes the
 * client id's durable subscriptions. MQTT acknowledges that deletion with nothing but its CONNACK.
 *
 * Denied: SUBACK 0x80 to the first subscribe, or the message not delivered after the reconnect together
 * with the broker's `read from` line.
 */
/** The observer's persistent message to `topic` while `offline`'s durable subscription has no subscriber. */
async function sendWhileOffline(
  clock: CaseClock,
  ctx: CaseContext,
  topic: Destination,
  offline: string,
  evidence: Evidence[],
): Promise<{ message: ProbeMessage } | { failed: Observation }> {
  const where = formatDestination(topic);
  const message = newProbeMessage('durable', { persistent: true });
  const published = await clock.phases.time('observerSend', ctx.observer.publish(topic, message));
  if (published.outcome !== 'granted') {
    return { failed: notTried(clock, published, `the observer could not send to ${where}`) };
  }
  evidence.push(
    clock.evidence(
      'observer',
      `observer sent ${message.id} (persistent) to ${where} while ${offline} was offline`,
    ),
  );
  return { message };
}

async function runMqttDurableSession(ctx: CaseContext, topic: Destination): Promise<Observation> {
  const clock = new CaseClock();
  const { client } = ctx;
  const { connectMs, operationMs, deliveryMs } = client.timeouts;
  const where = formatDestination(topic);
  const clientId = newProbeId('amqauth-durable');
  const connect = (cleanSession: boolean) =>
    clock.phases.time(
      'connect',
      client.adapter.connect(client.target, client.credentials, {
        clientId,
        timeoutMs: connectMs,
        cleanSession,
      }),
    );
  let removed = false;
  const remove = async (): Promise<Observation> => {
    removed = true;
    const clean = await connect(true);
    await clean.session?.close();
    return clean.observation;
  };

  const first = await connect(false);
  if (!first.session) return couldNotConnect(clock, client, first.observation);
  const mark = ctx.brokerLog.mark();
  const made = await clock.phases.time('subscribe', first.session.subscribe(topic, operationMs));
  const evidence = [...first.observation.evidence, ...made.observation.evidence];
  await clock.phases.time('close', first.session.close());
  if (made.observation.outcome !== 'granted') {
    // a refused subscription leaves nothing to delete, but the kept session is ended all the same
    const ended = await remove();
    if (made.observation.outcome === 'denied') {
      const detail = made.observation.detail ?? 'denied on the wire';
      return deniedOnTheWire(clock, ctx, mark, 'read from', topic, [...evidence, ...ended.evidence], detail);
    }
    return notTried(clock, made.observation, `the durable subscribe to ${where} was not answered`);
  }
  try {
    evidence.push(
      clock.evidence(
        'client',
        `client id ${clientId} disconnected: its durable subscription on ${where} is offline`,
      ),
    );
    const sent = await sendWhileOffline(clock, ctx, topic, clientId, evidence);
    if ('failed' in sent) return sent.failed;
    const { message } = sent;

    const second = await connect(false);
    if (!second.session) return notTried(clock, second.observation, `${clientId} could not reconnect`);
    evidence.push(...second.observation.evidence);
    const back = second.session.restored?.(topic);
    const received = back
      ? await clock.phases.time('delivery', back.nextMessage(message.id, deliveryMs))
      : null;
    await back?.close();
    await clock.phases.time('close', second.session.close());
    if (!received) {
      return await decideSilence(
        clock,
        ctx,
        mark,
        'read from',
        topic,
        evidence,
        `${message.id} not delivered to ${clientId} after it reconnected with cleanSession=false within ${deliveryMs} ms`,
      );
    }
    evidence.push(
      clock.evidence(
        'wire',
        `resumed subscription of ${clientId} was handed ${message.id}, sent while it was offline (no SUBSCRIBE after the reconnect)`,
      ),
    );
    const ended = await clock.phases.time('close', remove());
    evidence.push(...ended.evidence);
    if (ended.outcome !== 'granted') {
      return clock.done('inconclusive', evidence, {
        detail: `the cleanSession=true CONNECT that deletes the durable subscription was not accepted: ${ended.detail ?? ended.outcome}`,
      });
    }
    evidence.push(
      clock.evidence('client', `durable subscription of ${clientId} removed by a cleanSession=true CONNECT`),
    );
    return clock.done('granted', evidence);
  } finally {
    if (!removed) await remove().catch(() => undefined);
  }
}
