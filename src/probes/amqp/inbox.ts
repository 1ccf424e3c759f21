import type { Message } from 'rhea';
import type { ProbeMessage } from '../types';

interface Waiter {
  id: string;
  resolve: (message: ProbeMessage | null) => void;
  timer: NodeJS.Timeout;
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  // A data section (e.g. a message another protocol sent as bytes) arrives as rhea's typed wrapper.
  const content = (body as { content?: unknown } | null)?.content;
  if (Buffer.isBuffer(content)) return content.toString('utf8');
  return body === undefined || body === null ? '' : JSON.stringify(body);
}

export function toProbeMessage(message: Message): ProbeMessage {
  const id = message.message_id;
  return { id: id === undefined || id === null ? '' : String(id), body: bodyText(message.body) };
}

/**
 * A probe message matches by its AMQP message-id; the body is searched too because a message sent over another
 * protocol reaches AMQP with a broker-made message-id, and the probe id is in its body.
 */
export function matchesProbeId(message: ProbeMessage, id: string): boolean {
  return message.id === id || message.body.includes(id);
}

/** Messages a receiver got, kept until a probe asks for them by id. */
export class Inbox {
  private readonly messages: ProbeMessage[] = [];
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  add(message: ProbeMessage): void {
    for (const waiter of this.waiters) {
      if (matchesProbeId(message, waiter.id)) {
        this.settle(waiter, message);
        return;
      }
    }
    this.messages.push(message);
  }

  next(id: string, timeoutMs: number): Promise<ProbeMessage | null> {
    const index = this.messages.findIndex((m) => matchesProbeId(m, id));
    if (index >= 0) return Promise.resolve(this.messages.splice(index, 1)[0] ?? null);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter: Waiter = { id, resolve, timer: setTimeout(() => this.settle(waiter, null), timeoutMs) };
      this.waiters.add(waiter);
    });
  }

  /** No more messages will come: every waiter gets null now. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters) this.settle(waiter, null);
  }

  private settle(waiter: Waiter, message: ProbeMessage | null): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(message);
  }
}
