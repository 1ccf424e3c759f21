import type { Message, Sender } from 'rhea';
import { formatDestination } from '../../../src/core/destination';
import type { Destination } from '../../../src/core/types';

/**
 * Just enough of a broker's routing for a probe to observe delivery: a queue keeps messages until some consumer
 * has credit (one consumer each), a topic hands each message to every subscriber present at the time.
 */
export class StandinRouter {
  private readonly consumers = new Map<string, Sender[]>();
  private readonly queued = new Map<string, Message[]>();

  addConsumer(destination: Destination, sender: Sender): void {
    const key = formatDestination(destination);
    this.consumers.set(key, [...(this.consumers.get(key) ?? []), sender]);
    sender.on('sendable', () => this.drain(destination));
    this.drain(destination);
  }

  removeConsumer(sender: Sender): void {
    for (const [key, senders] of this.consumers) {
      this.consumers.set(
        key,
        senders.filter((s) => s !== sender),
      );
    }
  }

  route(destination: Destination, message: Message): void {
    const key = formatDestination(destination);
    if (destination.kind === 'topic' || destination.kind === 'temp-topic') {
      for (const sender of this.consumers.get(key) ?? []) {
        if (sender.sendable()) sender.send(copyForDelivery(message));
      }
      return;
    }
    this.queued.set(key, [...(this.queued.get(key) ?? []), message]);
    this.drain(destination);
  }

  private drain(destination: Destination): void {
    const key = formatDestination(destination);
    const pending = this.queued.get(key);
    if (!pending) return;
    for (const sender of this.consumers.get(key) ?? []) {
      while (pending.length > 0 && sender.is_open() && sender.sendable()) {
        const next = pending.shift();
        if (next) sender.send(copyForDelivery(next));
      }
    }
  }
}

/** The fields a consumer sees; link-level delivery state of the incoming transfer must not travel with it. */
function copyForDelivery(message: Message): Message {
  const { message_id, body, to, subject, application_properties, correlation_id } = message;
  return { message_id, body, to, subject, application_properties, correlation_id };
}
