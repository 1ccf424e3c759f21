/**
 * Items 3 and 4: advisory topics the broker creates on a client's behalf, cold (nobody made them exist yet)
 * and warm (an admin made them exist first), and the client id a refused connect leaves registered.
 *
 * Users (see ../brokers.ts): `noadv` holds nothing on ActiveMQ.Advisory.>, `advread` read and write but no
 * admin, `advadmin` write and admin but no read. All three hold read, write and admin on APP.>.
 */
import type { Destination } from '../../../src/core/types';
import { login, type GroupContext, type ScenarioGroup } from '../context';
import { OpenWireSession } from '../drivers/openwire';
import { PROTOCOL_NAMES, type ProduceOptions, type ProtocolName, type Session } from '../drivers/types';
import { sleep, StepClock } from '../record';
import { appDestination, dest, fresh, produceAndWatch, produceThenLook, withSession } from './helpers';

function asOpenWire(session: Session): OpenWireSession {
  if (!(session instanceof OpenWireSession)) throw new Error(`not an OpenWire session: ${session.protocol}`);
  return session;
}

/** The client id each protocol's refused cold connect uses, to try again later (item 4). */
function fixedClientId(protocol: ProtocolName): string {
  return `fixed-noadv-${protocol}`;
}

async function connectAll(ctx: GroupContext, phase: string, user: string, fixedIds = false): Promise<void> {
  for (const protocol of PROTOCOL_NAMES) {
    const attempt = await ctx.connectStep(
      { scenario: `adv.connect.${phase}.${user}.${protocol}`, user },
      protocol,
      login(user),
      fixedIds ? { clientId: fixedClientId(protocol) } : {},
    );
    await attempt.session?.close();
  }
  const nowatch = await ctx.connectStep(
    {
      scenario: `adv.connect.${phase}.${user}.openwire-nowatch`,
      user,
      action:
        'connect over openwire without the temp-destination advisory consumer (watchTopicAdvisories=false)',
    },
    'openwire',
    login(user),
    { watchTempAdvisories: false },
  );
  await nowatch.session?.close();
}

export const advisoryConnectGroup: ScenarioGroup = {
  id: 'advisory-connect',
  item: 3,
  setup: 'main',
  title:
    'connect without admin (or without read) on ActiveMQ.Advisory.>, cold then warm; client ids after a refusal',
  async run(ctx) {
    // cold: nobody has connected, so topic://ActiveMQ.Advisory.Connection does not exist
    await connectAll(ctx, 'cold', 'noadv', true);
    await connectAll(ctx, 'cold', 'advread');
    // advadmin may create the topic but may not read the temp-destination advisories
    const first = await ctx.connectStep(
      {
        scenario: 'adv.connect.cold.advadmin.openwire',
        user: 'advadmin',
        note: 'the first connection with admin on the advisory topics: it creates ActiveMQ.Advisory.Connection',
      },
      'openwire',
      login('advadmin'),
    );
    await first.session?.close();
    const warmup = await ctx.connectStep(
      {
        scenario: 'adv.connect.warm-up.admin.stomp',
        user: 'admin',
        action: 'admin connects (the topic exists from now on)',
      },
      'stomp',
      login('admin'),
    );
    await warmup.session?.close();
    for (const user of ['noadv', 'advread', 'advadmin']) await connectAll(ctx, 'warm', user);

    // item 4: the ids of the refused cold connects, after the broker's own delayed stop (2 s) of those connections
    await sleep(2_500);
    for (const protocol of PROTOCOL_NAMES) {
      const attempt = await ctx.connectStep(
        {
          scenario: `leak.same-client-id.${protocol}`,
          user: 'noadv',
          item: 4,
          action: `connect over ${protocol} with client id ${fixedClientId(protocol)}, refused cold earlier (now warm)`,
        },
        protocol,
        login('noadv'),
        { clientId: fixedClientId(protocol) },
      );
      await attempt.session?.close();
    }
    const other = await ctx.connectStep(
      {
        scenario: 'leak.same-client-id.other-user.stomp',
        user: 'admin',
        item: 4,
        action: `admin connects over stomp with client id ${fixedClientId('stomp')} (another user, same id)`,
      },
      'stomp',
      login('admin'),
      { clientId: fixedClientId('stomp') },
    );
    await other.session?.close();
  },
};

interface ProducerCase {
  protocol: ProtocolName;
  /** the destination name's suffix, one per case so that each starts cold */
  suffix: string;
  options: ProduceOptions;
  what: string;
  /** whether a warm retry (after the admin registered a producer there) tells anything */
  warm: boolean;
}

const PRODUCER_CASES: readonly ProducerCase[] = [
  {
    protocol: 'openwire',
    suffix: 'openwire',
    options: { producer: 'named' },
    what: 'createProducer(dest), PERSISTENT send',
    warm: true,
  },
  {
    protocol: 'openwire',
    suffix: 'openwire-anonymous',
    options: { producer: 'anonymous' },
    what: 'anonymous producer, PERSISTENT send',
    warm: false,
  },
  {
    protocol: 'amqp',
    suffix: 'amqp',
    options: { producer: 'named' },
    what: 'sender attached to the address',
    warm: true,
  },
  {
    protocol: 'amqp',
    suffix: 'amqp-relay',
    options: { producer: 'anonymous' },
    what: 'anonymous relay sender',
    warm: false,
  },
  { protocol: 'stomp', suffix: 'stomp', options: {}, what: 'SEND with receipt', warm: false },
  { protocol: 'stomp-wss', suffix: 'stomp-wss', options: {}, what: 'SEND with receipt', warm: false },
  { protocol: 'mqtt', suffix: 'mqtt', options: { qos: 1 }, what: 'PUBLISH QoS 1', warm: false },
  { protocol: 'mqtt-wss', suffix: 'mqtt-wss', options: { qos: 1 }, what: 'PUBLISH QoS 1', warm: false },
];

/** The admin registers a producer bound to `destination` (OpenWire), which makes its producer advisory exist. */
async function warmProducer(ctx: GroupContext, destination: Destination): Promise<void> {
  const attempt = await ctx.connect('openwire', login('admin'));
  await ctx.step(
    {
      scenario: `adv.produce.warm-up.${destination.name}`,
      protocol: 'openwire',
      user: 'admin',
      action: `admin: createProducer(${dest(destination)}) and a send (makes ActiveMQ.Advisory.Producer... exist)`,
    },
    async () => attempt.session!.produce(destination, fresh('warm'), { producer: 'named' }),
  );
  await attempt.session?.close();
}

async function producerCases(ctx: GroupContext): Promise<void> {
  for (const c of PRODUCER_CASES) {
    const destination = appDestination(c.protocol, `APP.p.${c.suffix}`);
    const run = (phase: string) =>
      withSession(
        ctx,
        c.protocol,
        'advread',
        {
          scenario: `adv.produce.${phase}.advread.${c.suffix}`,
          action: `${c.what} to ${dest(destination)} (${phase})`,
        },
        (s) => produceAndWatch(ctx, s, destination, c.options),
      );
    await run('cold');
    if (c.warm) {
      await warmProducer(ctx, destination);
      await run('warm');
    }
  }
}

interface OrphanCase {
  protocol: ProtocolName;
  id: string;
  /** STOMP: SUBSCRIBE with a receipt (prefetch 0 until the RECEIPT) or without (prefetch 1000 at once) */
  receipt: boolean;
}

const ORPHAN_CASES: readonly OrphanCase[] = [
  { protocol: 'openwire', id: 'openwire', receipt: true },
  { protocol: 'amqp', id: 'amqp', receipt: true },
  { protocol: 'stomp', id: 'stomp', receipt: true },
  { protocol: 'stomp', id: 'stomp-no-receipt', receipt: false },
  { protocol: 'stomp-wss', id: 'stomp-wss', receipt: true },
];

/** How many messages the admin sends after the refused client left, to see whether something still takes some. */
const LATER_MESSAGES = 6;

/**
 * After a subscribe refused by the consumer advisory: is a consumer left registered at the broker that
 * takes the queue's messages, while the refusing client is connected and after it has gone?
 */
async function orphanCheck(ctx: GroupContext, c: OrphanCase): Promise<void> {
  const destination: Destination = { kind: 'queue', name: `APP.orphan.${c.id}` };
  const attempt = await ctx.connect(c.protocol, login('advread'));
  const session = attempt.session;
  if (!session) return;
  await ctx.step(
    {
      scenario: `adv.consume.orphan.${c.id}`,
      protocol: c.protocol,
      user: 'advread',
      action: `subscribe${c.receipt ? '' : ' (no receipt)'} to ${dest(destination)}, refused by the cold consumer advisory; then the admin sends 1 message, subscribes, and sends ${LATER_MESSAGES} more after the refused client disconnected`,
    },
    async () => {
      const clock = new StepClock();
      const refused = await session.subscribe(destination, { receipt: c.receipt });
      clock.evidence.push(...refused.evidence);
      const admin = await ctx.admin();
      const first = fresh('orphan');
      await admin.produce(destination, first);
      clock.add('observer', `admin sent ${first}`);
      const received = await ctx.watch(destination);
      const whileOpen = await ctx.delivered(received, first);
      clock.add(
        'observer',
        `while the refused client is connected, the admin's subscription got ${first}: ${whileOpen}`,
      );
      await session.close();
      clock.add('client', 'the refused client disconnected');
      const afterClose = whileOpen || (await ctx.delivered(received, first));
      clock.add('observer', `after it disconnected, the admin's subscription got ${first}: ${afterClose}`);
      const later = Array.from({ length: LATER_MESSAGES }, () => fresh('later'));
      for (const body of later) await admin.produce(destination, body);
      await sleep(1_500);
      const got = later.filter((body) => received().some((b) => b.includes(body)));
      clock.add(
        'observer',
        `of ${LATER_MESSAGES} messages sent afterwards the admin got ${got.length}: ${got.join(' ')}`,
      );
      const all = afterClose && got.length === LATER_MESSAGES;
      return {
        ...clock.result(all ? 'delivered' : 'not-delivered'),
        signal: `${refused.signal ?? refused.outcome}; admin got first=${afterClose}, later=${got.length}/${LATER_MESSAGES}`,
      };
    },
  );
}

async function consumerCases(ctx: GroupContext): Promise<void> {
  for (const protocol of PROTOCOL_NAMES) {
    const destination = appDestination(protocol, `APP.c.${protocol}`);
    const run = (phase: string) =>
      withSession(
        ctx,
        protocol,
        'advread',
        {
          scenario: `adv.consume.${phase}.advread.${protocol}`,
          action: `subscribe to ${dest(destination)} (${phase})`,
        },
        (s) => s.subscribe(destination),
      );
    await run('cold');
    // the admin's subscription makes the consumer advisory exist
    await ctx.watch(destination);
    await run('warm');
  }
  for (const c of ORPHAN_CASES) await orphanCheck(ctx, c);
}

export const advisoryProducerConsumerGroup: ScenarioGroup = {
  id: 'advisory-producer-consumer',
  item: 3,
  setup: 'main',
  title:
    'first producer and first consumer on a destination without admin on ActiveMQ.Advisory.>, cold then warm',
  async run(ctx) {
    await ctx.admin();
    await producerCases(ctx);
    await consumerCases(ctx);
  },
};

export const advisoryDestinationGroup: ScenarioGroup = {
  id: 'advisory-destination',
  item: 3,
  setup: 'main-undeclared',
  title:
    'auto-creating a destination fires ActiveMQ.Advisory.Queue/Topic/TempQueue: cold, with admin on the destination but not on the advisory',
  async run(ctx) {
    await ctx.admin();
    const q1: Destination = { kind: 'queue', name: fresh('APP.new') };
    const send = (scenario: string, protocol: ProtocolName, destination: Destination, note?: string) =>
      withSession(
        ctx,
        protocol,
        'advread',
        {
          scenario,
          action: `send to ${dest(destination)}, which does not exist (admin on APP.>, not on advisories)`,
          ...(note ? { note } : {}),
        },
        (s) => produceThenLook(ctx, s, destination),
      );
    await send('adv.create-queue.cold.advread.stomp', 'stomp', q1);
    await send(
      'adv.create-queue.again-same.advread.stomp',
      'stomp',
      q1,
      'the same queue again: it was created by the refused send',
    );
    await send('adv.create-queue.cold-other.advread.stomp', 'stomp', {
      kind: 'queue',
      name: fresh('APP.new'),
    });
    await send('adv.create-queue.cold.advread.openwire', 'openwire', {
      kind: 'queue',
      name: fresh('APP.new'),
    });
    await send('adv.create-topic.cold.advread.mqtt', 'mqtt', { kind: 'topic', name: fresh('APP.newtopic') });
    await withSession(
      ctx,
      'openwire',
      'advread',
      {
        scenario: 'adv.create-temp-queue.cold.advread.openwire',
        action: 'createTemporaryQueue() (no tempDestinationAuthorizationEntry)',
      },
      (s) => asOpenWire(s).createTempQueue(),
    );
    // warm: the admin creates a queue and a temporary queue, which makes those advisory topics exist
    const admin = await ctx.admin();
    await admin.produce({ kind: 'queue', name: fresh('APP.byadmin') }, 'warm');
    const adminOw = await ctx.connect('openwire', login('admin'));
    if (adminOw.session) await asOpenWire(adminOw.session).createTempQueue();
    await send('adv.create-queue.warm.advread.stomp', 'stomp', { kind: 'queue', name: fresh('APP.new') });
    await withSession(
      ctx,
      'openwire',
      'advread',
      {
        scenario: 'adv.create-temp-queue.warm.advread.openwire',
        action: 'createTemporaryQueue() after the admin created one',
      },
      (s) => asOpenWire(s).createTempQueue(),
    );
  },
};
