/**
 * One sender or receiver link per probe operation. The link's fate is read from the broker's answers, never from
 * rhea's `*_open` alone: ActiveMQ answers a refused attach with an attach (terminus null) and then a detach, so
 * `sender_open`/`receiver_open` fire before the error.
 */
import type { EventContext, Receiver, Sender, Session } from 'rhea';
import type { Destination } from '../../core/types';
import type { Observation, ProbeMessage, TemporarySubscription } from '../types';
import { addressToDestination, destinationToAddress } from './address';
import { classifyDeliveryState, classifyLinkError, formatAmqpError, type Verdict } from './classify';
import { LINK_CLOSE_TIMEOUT_MS, LINK_SETTLE_MS } from './constants';
import type { FrameRecorder } from './frame-recorder';
import { Inbox, toProbeMessage } from './inbox';
import { EvidenceLog, PendingResult } from './pending';
import { linkView } from './rhea-views';
import type { ConnectionLifecycle } from './lifecycle';

export interface LinkContext {
  session: Session;
  recorder: FrameRecorder;
  lifecycle: ConnectionLifecycle;
}

const RETAIN_PROPERTY = 'ActiveMQ.Retain';

type TimedVerdict = Verdict & { timedOut?: boolean };

function timeoutVerdict(what: string, timeoutMs: number): () => TimedVerdict {
  return () => ({ outcome: 'inconclusive', detail: `no ${what} within ${timeoutMs} ms`, timedOut: true });
}

function toObservation(log: EvidenceLog, verdict: TimedVerdict, timeoutMs: number): Observation {
  const extra = verdict.timedOut ? [log.timer(`timed out after ${timeoutMs} ms`)] : [];
  return {
    outcome: verdict.outcome,
    evidence: log.collect(extra),
    durationMs: log.elapsedMs(),
    detail: verdict.detail,
  };
}

function whenDown(ctx: LinkContext, pending: PendingResult<TimedVerdict>): () => void {
  return ctx.lifecycle.onDown((reason) =>
    pending.finish({ outcome: 'inconclusive', detail: `the connection went down: ${reason}` }),
  );
}

/**
 * Detaches a probe's link and waits briefly for the broker's detach, so links do not pile up at the broker.
 * `keep`: detach with closed=false, which leaves a durable subscription behind, offline (AmqpSender.detach);
 * otherwise closed=true, which also removes it (AmqpSender.close sends a RemoveSubscriptionInfo).
 */
async function closeLink(
  link: Sender | Receiver,
  closeEvent: 'sender_close' | 'receiver_close',
  keep = false,
): Promise<void> {
  if (link.is_itself_closed() || !link.is_open()) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, LINK_CLOSE_TIMEOUT_MS);
    link.once(closeEvent, () => {
      clearTimeout(timer);
      resolve();
    });
    if (keep) link.detach();
    else link.close();
  });
}

/**
 * The source of a durable subscription's receiver (what Qpid JMS sends for a durable subscriber): durable
 * unsettled-state, never expiring. ActiveMQ names the subscription after the link and the container id.
 */
function durableSource(address: string): Record<string, unknown> {
  return { address, durable: 2, expiry_policy: 'never' };
}

export async function sendOnce(
  ctx: LinkContext,
  destination: Destination,
  message: ProbeMessage,
  timeoutMs: number,
): Promise<Observation> {
  const log = new EvidenceLog(ctx.recorder);
  const pending = new PendingResult<TimedVerdict>(
    timeoutMs,
    timeoutVerdict('outcome for the send', timeoutMs),
  );
  const offDown = whenDown(ctx, pending);
  // Not pre-settled: only an unsettled transfer gets `accepted` or `rejected{unauthorized-access}` back.
  const sender = ctx.session.open_sender({ target: { address: destinationToAddress(destination) } });
  let transferred = false;

  sender.on('sender_open', () => log.note('sender_open'));
  sender.on('sendable', () => {
    if (transferred) return;
    transferred = true;
    log.note(`sendable; transfer message_id=${message.id}`);
    sender.send({
      message_id: message.id,
      body: message.body,
      // ActiveMQ keeps the last message so flagged for retroactive subscribers (RetainedMessageSubscriptionRecoveryPolicy).
      ...(message.retain ? { application_properties: { [RETAIN_PROPERTY]: true } } : {}),
    });
  });
  for (const state of ['accepted', 'rejected', 'released'] as const) {
    sender.on(state, (c: EventContext) => {
      const error = (c.delivery?.remote_state as { error?: never } | undefined)?.error;
      log.note(error ? `${state} ${formatAmqpError(error)}` : state);
      pending.finish(classifyDeliveryState(state, error));
    });
  }
  sender.on('sender_error', () => {
    const error = linkView(sender).remote.detach?.error;
    log.note(`sender_error ${formatAmqpError(error)}`);
    pending.finish(classifyLinkError(error));
  });
  sender.on('sender_close', () => {
    log.note('sender_close');
    pending.finish({ outcome: 'inconclusive', detail: 'the broker detached the sender without an error' });
  });

  const verdict = await pending.promise;
  offDown();
  if (!ctx.lifecycle.isDown) await closeLink(sender, 'sender_close');
  return toObservation(log, verdict, timeoutMs);
}

export async function subscribeOnce(
  ctx: LinkContext,
  destination: Destination,
  timeoutMs: number,
  options: {
    browser?: boolean;
    dynamic?: boolean;
    /** a durable subscription: the link's name; closing the subscription detaches and keeps it */
    durableName?: string;
    /** with durableName: attach with a null source, which asks the broker for the stored subscription */
    recover?: boolean;
    /** with durableName: closing detaches with closed=true, which removes the subscription */
    removeOnClose?: boolean;
  } = {},
): Promise<TemporarySubscription> {
  const log = new EvidenceLog(ctx.recorder);
  const pending = new PendingResult<TimedVerdict>(
    timeoutMs,
    timeoutVerdict('answer to the attach', timeoutMs),
  );
  const offDown = whenDown(ctx, pending);
  const inbox = new Inbox();
  const address = destinationToAddress(destination);
  // distribution mode `copy`: ActiveMQ makes the receiver a queue browser (ConsumerInfo browser=true)
  // dynamic: the broker creates a temporary queue for the receiver and names it in its attach
  const durable = options.durableName;
  const source = options.dynamic
    ? { dynamic: true }
    : durable !== undefined
      ? options.recover
        ? null
        : durableSource(address)
      : options.browser
        ? { address, distribution_mode: 'copy' }
        : { address };
  const receiver = ctx.session.open_receiver(
    durable !== undefined ? { name: durable, source: source as never } : { source: source as never },
  );
  const keep = durable !== undefined && !options.removeOnClose;
  let settleTimer: NodeJS.Timeout | undefined;
  let attachedAddress: string | undefined;

  receiver.on('message', (c: EventContext) => {
    if (c.message) inbox.add(toProbeMessage(c.message));
  });
  receiver.on('receiver_open', () => {
    const source = linkView(receiver).remote.attach?.source;
    log.note(`receiver_open source=${source?.address ?? 'null'}`);
    // A refusal's attach has a null source and its detach follows at once; wait for it rather than guess.
    if (!source) return;
    attachedAddress = source.address;
    settleTimer = setTimeout(
      () =>
        pending.finish({
          outcome: 'granted',
          detail: `attach answered with source ${source.address ?? '(none)'}; no detach within ${LINK_SETTLE_MS} ms`,
        }),
      LINK_SETTLE_MS,
    );
  });
  receiver.on('receiver_error', () => {
    const error = linkView(receiver).remote.detach?.error;
    log.note(`receiver_error ${formatAmqpError(error)}`);
    pending.finish(classifyLinkError(error));
  });
  receiver.on('receiver_close', () => {
    log.note('receiver_close');
    inbox.close();
    pending.finish({ outcome: 'inconclusive', detail: 'the broker detached the receiver without an error' });
  });

  const verdict = await pending.promise;
  clearTimeout(settleTimer);
  offDown();
  const observation = toObservation(log, verdict, timeoutMs);
  if (verdict.outcome !== 'granted') {
    inbox.close();
    if (!ctx.lifecycle.isDown) await closeLink(receiver, 'receiver_close');
  } else {
    ctx.lifecycle.onDown(() => inbox.close());
  }
  const named = options.dynamic && attachedAddress ? addressToDestination(attachedAddress) : null;
  return {
    observation,
    ...(named && verdict.outcome === 'granted' ? { destination: named } : {}),
    nextMessage: (id, waitMs) => inbox.next(id, waitMs),
    close: async () => {
      inbox.close();
      if (!ctx.lifecycle.isDown) await closeLink(receiver, 'receiver_close', keep);
    },
  };
}

/**
 * Removes the durable subscription `name` of this connection's container id: attach to it again and detach
 * with closed=true (AmqpSender.close sends the RemoveSubscriptionInfo, unanswered on the wire), then attach
 * with a null source, which the broker answers with `amqp:not-found` `Unknown subscription link: <name>`
 * once the subscription is gone: that answer is the proof of the removal.
 */
export async function removeDurableOnce(
  ctx: LinkContext,
  destination: Destination,
  name: string,
  timeoutMs: number,
): Promise<Observation> {
  const attached = await subscribeOnce(ctx, destination, timeoutMs, {
    durableName: name,
    removeOnClose: true,
  });
  if (attached.observation.outcome !== 'granted') return attached.observation;
  await attached.close();
  const check = await subscribeOnce(ctx, destination, timeoutMs, { durableName: name, recover: true });
  await check.close();
  const evidence = [...attached.observation.evidence, ...check.observation.evidence];
  const durationMs = attached.observation.durationMs + check.observation.durationMs;
  const gone = evidence.some((e) => e.text.includes(`Unknown subscription link: ${name}`));
  return gone
    ? { outcome: 'granted', evidence, durationMs, detail: `the broker no longer knows ${name}` }
    : {
        outcome: 'inconclusive',
        evidence,
        durationMs,
        detail: `after detaching ${name} with closed=true the broker did not answer a recovering attach with amqp:not-found`,
      };
}
