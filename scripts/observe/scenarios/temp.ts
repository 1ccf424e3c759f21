/**
 * Item 7: temporary queues with and without `tempDestinationAuthorizationEntry` (read/write/admin =
 * admins,tempusers). `tempuser` is in the entry, `app` is not; both hold full rights on the advisory
 * topics, so no advisory refusal stands in for the decision.
 */
import type { Destination } from '../../../src/core/types';
import { login, type GroupContext, type ScenarioGroup } from '../context';
import { AmqpSession } from '../drivers/amqp';
import { OpenWireSession } from '../drivers/openwire';
import { StompSession } from '../drivers/stomp';
import type { Outcome, Session } from '../drivers/types';
import { StepClock, sleep } from '../record';
import { fresh } from './helpers';

type TempProtocol = 'openwire' | 'stomp' | 'stomp-wss' | 'amqp';

/** What a protocol does to create, read from and write to a temporary queue of its own. */
interface TempFlow {
  create(): Promise<Outcome & { destination?: Destination; address?: string }>;
  consume(): Promise<Outcome & { received?: () => string[] }>;
  produce(body: string): Promise<Outcome>;
}

function openwireFlow(session: OpenWireSession): TempFlow {
  let destination: Destination | undefined;
  return {
    async create() {
      const created = await session.createTempQueue();
      destination = created.destination;
      return created;
    },
    consume: () => session.subscribe(destination!),
    produce: (body) => session.produce(destination!, body, { producer: 'anonymous' }),
  };
}

/** STOMP has no separate create: the first `/temp-queue/<name>` in a frame creates it (DestinationInfo, one-way). */
function stompFlow(session: StompSession): TempFlow {
  const name = `/temp-queue/${fresh('t')}`;
  return {
    async create() {
      const clock = new StepClock();
      clock.add('note', `no frame of its own: the SUBSCRIBE to ${name} creates the temporary queue`);
      return clock.result('silent');
    },
    consume: () => session.subscribeRaw(name),
    produce: (body) => session.request('SEND', { destination: name }, body),
  };
}

function amqpFlow(session: AmqpSession): TempFlow {
  let address: string | undefined;
  let received: (() => string[]) | undefined;
  return {
    async create() {
      const receiver = await session.receive({ dynamic: true });
      address = receiver.address;
      if (receiver.outcome === 'accepted') received = receiver.received;
      return {
        ...receiver,
        ...(address ? { signal: `${receiver.signal ?? receiver.outcome}; address ${address}` } : {}),
      };
    },
    async consume() {
      const clock = new StepClock();
      clock.add(
        'note',
        received
          ? 'the dynamic receiver that created the queue is its consumer'
          : 'the dynamic receiver was refused: nothing consumes',
      );
      return { ...clock.result(received ? 'accepted' : 'refused'), ...(received ? { received } : {}) };
    },
    async produce(body) {
      if (!address) {
        const clock = new StepClock();
        clock.add('note', 'no temporary queue address: the dynamic receiver was refused');
        return clock.result('not-tried');
      }
      return session.produce({ kind: 'queue', name: address }, body, { producer: 'anonymous' });
    },
  };
}

function flowFor(session: Session): TempFlow {
  if (session instanceof OpenWireSession) return openwireFlow(session);
  if (session instanceof StompSession) return stompFlow(session);
  if (session instanceof AmqpSession) return amqpFlow(session);
  throw new Error(`no temporary queues over ${session.protocol}`);
}

async function tempCases(ctx: GroupContext, protocol: TempProtocol, user: string): Promise<void> {
  const setup = ctx.group.setup;
  const attempt = await ctx.connect(protocol, login(user));
  const session = attempt.session;
  if (!session || attempt.outcome !== 'accepted') {
    await ctx.step(
      { scenario: `temp.${setup}.${user}.connect.${protocol}`, protocol, user, action: 'connect' },
      async () => attempt,
    );
    await session?.close();
    return;
  }
  const flow = flowFor(session);
  const scenario = (what: string) => `temp.${setup}.${user}.${what}.${protocol}`;
  await ctx.step(
    { scenario: scenario('create'), protocol, user, action: 'create a temporary queue' },
    () => flow.create(),
    () => session,
  );
  let received: (() => string[]) | undefined;
  await ctx.step(
    { scenario: scenario('consume'), protocol, user, action: 'consume from it' },
    async () => {
      const consumed = await flow.consume();
      received = consumed.received;
      return consumed;
    },
    () => session,
  );
  const body = fresh('temp');
  await ctx.step(
    { scenario: scenario('produce'), protocol, user, action: 'send to it, from the same connection' },
    async () => {
      const sent = await flow.produce(body);
      await sleep(500);
      const got = received?.().some((b) => b.includes(body)) ?? false;
      return { ...sent, signal: `${sent.signal ?? sent.outcome}; own consumer received it: ${got}` };
    },
    () => session,
  );
  await session.close();
}

/** tempuser's temporary queue, sent to by `app` (not in the entry) from another connection. */
async function crossConnectionCase(ctx: GroupContext): Promise<void> {
  const owner = await ctx.connect('openwire', login('tempuser'));
  const other = await ctx.connect('openwire', login('app'));
  if (!(owner.session instanceof OpenWireSession) || !other.session) return;
  const created = await owner.session.createTempQueue();
  const target = created.destination;
  await ctx.step(
    {
      scenario: `temp.${ctx.group.setup}.app.send-to-others.openwire`,
      protocol: 'openwire',
      user: 'app',
      action: `send to tempuser's temporary queue (created: ${created.outcome}) from another connection`,
    },
    () => other.session!.produce(target, fresh('cross'), { producer: 'anonymous' }),
    () => other.session,
  );
  await owner.session.close();
  await other.session.close();
}

function tempGroup(setup: 'main' | 'temp-entry', id: string, title: string): ScenarioGroup {
  return {
    id,
    item: 7,
    setup,
    title,
    async run(ctx) {
      await ctx.admin();
      for (const user of ['tempuser', 'app']) {
        for (const protocol of ['openwire', 'stomp', 'stomp-wss', 'amqp'] as const)
          await tempCases(ctx, protocol, user);
      }
      await crossConnectionCase(ctx);
    },
  };
}

export const tempGroups: readonly ScenarioGroup[] = [
  tempGroup('main', 'temp-without-entry', 'temporary queues without tempDestinationAuthorizationEntry'),
  tempGroup(
    'temp-entry',
    'temp-with-entry',
    'temporary queues with tempDestinationAuthorizationEntry (admins, tempusers)',
  ),
];
