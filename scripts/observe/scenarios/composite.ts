/**
 * Item 6: composite destinations. How STOMP reads the type of each part, a send where a part does not
 * exist, the advisory name of a composite, whether a STOMP session still answers after an operation on a
 * composite (raw frames, then the harness's own STOMP probe), and MQTT topics holding a comma.
 */
import type { Destination } from '../../../src/core/types';
import { stompAdapter } from '../../../src/probes/stomp/adapter';
import { Secret } from '../../../src/core/secret';
import { passwordOf } from '../brokers';
import type { GroupContext, ScenarioGroup } from '../context';
import { targetFor } from '../drivers';
import { MqttSession } from '../drivers/mqtt';
import { StompSession } from '../drivers/stomp';
import type { Outcome, Session } from '../drivers/types';
import { StepClock, sleep, within } from '../record';
import { dest, fresh, withSession } from './helpers';

const QA: Destination = { kind: 'queue', name: 'APP.a' };
const QB: Destination = { kind: 'queue', name: 'APP.b' };
const TA: Destination = { kind: 'topic', name: 'APP.a' };
const TB: Destination = { kind: 'topic', name: 'APP.b' };
const ALL_PARTS = [QA, QB, TA, TB];

function asStomp(session: Session): StompSession {
  if (!(session instanceof StompSession)) throw new Error(`not a STOMP session: ${session.protocol}`);
  return session;
}

/** After a send, which of the watched destinations got the body (waits one second). */
async function whoGot(watches: Map<string, () => string[]>, body: string): Promise<string[]> {
  await sleep(1_000);
  return [...watches.entries()]
    .filter(([, received]) => received().some((b) => b.includes(body)))
    .map(([d]) => d);
}

async function watchAll(
  ctx: GroupContext,
  destinations: Destination[],
): Promise<Map<string, () => string[]>> {
  const watches = new Map<string, () => string[]>();
  for (const d of destinations) watches.set(dest(d), await ctx.watch(d));
  return watches;
}

/** A STOMP SEND with the destination header written as given; the signal says where the message went. */
async function rawSend(
  ctx: GroupContext,
  session: Session,
  header: string,
  watched: Destination[],
): Promise<Outcome> {
  const watches = await watchAll(ctx, watched);
  const body = fresh('composite');
  const sent = await asStomp(session).request(
    'SEND',
    { destination: header, 'content-type': 'text/plain' },
    body,
  );
  const clock = new StepClock();
  const got = await whoGot(watches, body);
  return {
    ...sent,
    evidence: [
      ...sent.evidence,
      {
        source: 'observer',
        text: `delivered to: ${got.join(', ') || '(nothing)'} (admin subscriptions, after ${clock.ms()} ms)`,
        atMs: sent.durationMs + clock.ms(),
      },
    ],
    signal: `${sent.signal ? `${sent.signal}; ` : ''}delivered to: ${got.join(', ') || '(nothing)'}`,
  };
}

async function typeCases(ctx: GroupContext): Promise<void> {
  const headers = [
    '/topic/APP.a,APP.b',
    '/topic/APP.a,/topic/APP.b',
    '/queue/APP.a,/topic/APP.b',
    '/queue/APP.a,APP.b',
  ];
  for (const [i, header] of headers.entries()) {
    await withSession(
      ctx,
      'stomp',
      'app',
      {
        scenario: `comp.stomp-types.${i + 1}`,
        action: `SEND destination:${header} (receipt); the admin watches queue and topic APP.a and APP.b`,
      },
      (s) => rawSend(ctx, s, header, ALL_PARTS),
    );
  }
}

async function createCases(ctx: GroupContext): Promise<void> {
  const exists: Destination = { kind: 'queue', name: 'APP.exists' };
  const cases = [
    { id: 'missing-second', user: 'writer', parts: ['APP.exists', fresh('APP.nope')] },
    { id: 'missing-first', user: 'writer', parts: [fresh('APP.nope'), 'APP.exists'] },
    { id: 'missing-with-admin', user: 'app', parts: ['APP.exists', fresh('APP.new')] },
  ];
  for (const c of cases) {
    const header = c.parts.map((p) => `/queue/${p}`).join(',');
    await withSession(
      ctx,
      'stomp',
      c.user,
      {
        scenario: `comp.create.${c.id}.stomp`,
        action: `SEND destination:${header} (receipt); the admin watches queue://APP.exists`,
      },
      (s) => rawSend(ctx, s, header, [exists]),
    );
  }
  const composite: Destination = { kind: 'queue', name: `APP.exists,${fresh('APP.nope')}` };
  await withSession(
    ctx,
    'openwire',
    'writer',
    {
      scenario: 'comp.create.missing-second.openwire',
      action: `anonymous producer, PERSISTENT send to ${dest(composite)}`,
    },
    async (s) => {
      const watches = await watchAll(ctx, [exists]);
      const body = fresh('composite');
      const sent = await s.produce(composite, body, { producer: 'anonymous' });
      const got = await whoGot(watches, body);
      return {
        ...sent,
        signal: `${sent.signal ?? sent.outcome}; delivered to: ${got.join(', ') || '(nothing)'}`,
      };
    },
  );
}

/** advread has no admin on the advisory topics: the refusal names the advisory topic of the composite. */
async function advisoryNameCases(ctx: GroupContext): Promise<void> {
  for (const header of [
    '/queue/APP.a,/queue/APP.b',
    '/queue/APP.a,/topic/APP.b',
    '/topic/APP.a,/topic/APP.b',
  ]) {
    await withSession(
      ctx,
      'stomp',
      'advread',
      {
        scenario: `comp.advisory-name.subscribe.${header}`,
        action: `SUBSCRIBE destination:${header} (cold consumer advisory of the composite)`,
      },
      (s) => asStomp(s).subscribeRaw(header),
    );
  }
  const composite: Destination = { kind: 'queue', name: 'APP.a,APP.b' };
  await withSession(
    ctx,
    'openwire',
    'advread',
    {
      scenario: 'comp.advisory-name.producer.openwire',
      action: `createProducer(${dest(composite)}) (cold producer advisories)`,
    },
    (s) => s.produce(composite, fresh('composite'), { producer: 'named' }),
  );
  await withSession(
    ctx,
    'amqp',
    'advread',
    {
      scenario: 'comp.advisory-name.receiver.amqp',
      action: 'receiver on address APP.a,APP.b (cold consumer advisory)',
    },
    (s) => s.subscribe(composite),
  );
  await withSession(
    ctx,
    'mqtt',
    'advread',
    {
      scenario: 'comp.advisory-name.subscribe.mqtt',
      action: 'SUBSCRIBE APP/a,APP/b (cold consumer advisory)',
    },
    (s) => s.subscribe({ kind: 'topic', name: 'APP.a,APP.b' }),
  );
}

async function readCases(ctx: GroupContext): Promise<void> {
  const cases = [
    {
      id: 'part-missing',
      header: `/queue/APP.a,/queue/${fresh('APP.nope')}`,
      what: 'a part does not exist (read, no admin)',
    },
    { id: 'part-secret', header: '/queue/APP.a,/queue/SECRET.q', what: 'no read on one part' },
  ];
  for (const c of cases) {
    await withSession(
      ctx,
      'stomp',
      'reader',
      { scenario: `comp.read.${c.id}.stomp`, action: `SUBSCRIBE destination:${c.header}: ${c.what}` },
      (s) => asStomp(s).subscribeRaw(c.header),
    );
  }
}

/** One operation on a composite, then: does the session still answer? */
async function livenessCases(ctx: GroupContext): Promise<void> {
  const ops: Array<{ id: string; what: string; run: (s: StompSession) => Promise<Outcome> }> = [
    {
      id: 'subscribe-receipt',
      what: 'SUBSCRIBE /queue/APP.a,/queue/APP.b with receipt',
      run: (s) => s.subscribeRaw('/queue/APP.a,/queue/APP.b'),
    },
    {
      id: 'subscribe-no-receipt',
      what: 'SUBSCRIBE /queue/APP.a,/queue/APP.b without receipt',
      run: (s) => s.subscribeRaw('/queue/APP.a,/queue/APP.b', { receipt: false }),
    },
    {
      id: 'subscribe-retroactive',
      what: 'SUBSCRIBE /topic/APP.a,/topic/APP.b with receipt and activemq.retroactive:true',
      run: (s) => s.subscribeRaw('/topic/APP.a,/topic/APP.b', { extra: { 'activemq.retroactive': 'true' } }),
    },
    {
      id: 'subscribe-unsubscribe',
      what: 'SUBSCRIBE /queue/APP.a,/queue/APP.b then UNSUBSCRIBE, both with receipt',
      run: async (s) => {
        await s.subscribeRaw('/queue/APP.a,/queue/APP.b');
        return s.request('UNSUBSCRIBE', { id: 'sub-1' });
      },
    },
    {
      id: 'send-receipt',
      what: 'SEND /queue/APP.a,/queue/APP.b with receipt',
      run: (s) => s.request('SEND', { destination: '/queue/APP.a,/queue/APP.b' }, 'x'),
    },
    {
      id: 'send-no-receipt',
      what: 'SEND /queue/APP.a,/queue/APP.b without receipt',
      run: (s) => s.request('SEND', { destination: '/queue/APP.a,/queue/APP.b' }, 'x', { receipt: false }),
    },
  ];
  for (const op of ops) {
    await withSession(
      ctx,
      'stomp',
      'app',
      { scenario: `comp.stomp-liveness.${op.id}`, action: op.what },
      (s) => op.run(asStomp(s)),
    );
  }
  await withSession(
    ctx,
    'stomp',
    'reader',
    {
      scenario: 'comp.stomp-liveness.subscribe-denied',
      action: 'SUBSCRIBE /queue/APP.a,/queue/SECRET.q with receipt (no read on one part)',
    },
    (s) => asStomp(s).subscribeRaw('/queue/APP.a,/queue/SECRET.q'),
  );
  // names nobody else consumes from, so that each message can only go to the composite's subscriber
  const parts: Destination[] = [
    { kind: 'queue', name: 'APP.mix1' },
    { kind: 'queue', name: 'APP.mix2' },
    { kind: 'topic', name: 'APP.mix1' },
    { kind: 'topic', name: 'APP.mix2' },
  ];
  for (const header of [
    '/queue/APP.mix1,/topic/APP.mix2',
    '/topic/APP.mix1,/queue/APP.mix2',
    '/queue/APP.mix1,APP.mix2',
  ]) {
    await withSession(
      ctx,
      'stomp',
      'app',
      {
        scenario: `comp.stomp-mixed-delivery.${header}`,
        action: `SUBSCRIBE ${header} with receipt; the admin then sends one message to each of queue/topic APP.mix1 and APP.mix2`,
      },
      async (s) => {
        const sub = await asStomp(s).subscribeRaw(header);
        const admin = await ctx.admin();
        const sent: string[] = [];
        for (const d of parts) {
          const body = `${fresh('part')}@${dest(d)}`;
          sent.push(body);
          await admin.produce(d, body);
        }
        await sleep(1_000);
        const got = sent.filter((b) => sub.received().includes(b)).map((b) => b.split('@')[1]);
        return {
          ...sub,
          signal: `${sub.signal ?? sub.outcome}; the subscriber received from: ${got.join(', ') || '(nothing)'}`,
        };
      },
    );
  }
}

/** How often each racy sequence runs: the stall needs a MESSAGE to arrive after the close began. */
const SELF_SEND_ROUNDS = 5;

/**
 * A session subscribed to `destination` sends to it and closes the subscription right after the RECEIPT,
 * the way the harness's probes and observer do; the copies of the message (one per part of a composite)
 * may arrive after the close began. Raw frames: does the broker answer UNSUBSCRIBE and DISCONNECT?
 */
async function rawSelfSend(ctx: GroupContext, destination: Destination, round: number): Promise<Outcome> {
  const attempt = await ctx.connect('stomp', { username: 'app', password: passwordOf('app') });
  const s = asStomp(attempt.session!);
  const clock = new StepClock();
  const header = destination.name
    .split(',')
    .map((p) => `/queue/${p}`)
    .join(',');
  await s.subscribeRaw(header);
  const sent = await s.request('SEND', { destination: header }, `self-${round}`);
  const unsubscribed = await s.request('UNSUBSCRIBE', { id: 'sub-1' }, '', { timeoutMs: 2_000 });
  const messages = s.wire.frames.filter((f) => f.command === 'MESSAGE').length;
  clock.add(
    'wire',
    `SEND ${sent.outcome}; UNSUBSCRIBE ${unsubscribed.outcome}; MESSAGE frames received: ${messages}`,
  );
  await s.close();
  return {
    ...clock.result(unsubscribed.outcome),
    signal: `UNSUBSCRIBE ${unsubscribed.outcome} after ${messages} MESSAGE frame(s)`,
  };
}

/** The same sequence with the harness's own STOMP probe (stompit); each close is bounded by the probe's 2 s timeouts. */
async function harnessSelfSend(
  ctx: GroupContext,
  destination: Destination,
): Promise<{ stalled: boolean; text: string }> {
  const connected = await stompAdapter.connect(
    targetFor(ctx.broker, 'stomp'),
    { username: 'app', password: new Secret(passwordOf('app')) },
    { clientId: fresh('harness-probe'), timeoutMs: 5_000 },
  );
  const session = connected.session;
  if (!session) return { stalled: false, text: `connect ${connected.observation.outcome}` };
  const sub = await session.subscribe(destination, 5_000);
  const sent = await session.send(destination, { id: fresh('self'), body: 'amq-auth-probe self' }, 5_000);
  const started = performance.now();
  await within(sub.close(), 6_000, undefined);
  const unsubscribeMs = Math.round(performance.now() - started);
  const closing = performance.now();
  await within(session.close(), 6_000, undefined);
  const closeMs = Math.round(performance.now() - closing);
  // the probe waits 2000 ms for each RECEIPT before giving up; a wait that long means no RECEIPT was read
  const stalled = unsubscribeMs >= 1_900 || closeMs >= 1_900;
  return {
    stalled,
    text: `subscribe ${sub.observation.outcome}, send ${sent.observation.outcome}, subscription close ${unsubscribeMs} ms, session close ${closeMs} ms`,
  };
}

async function harnessProbeCases(ctx: GroupContext): Promise<void> {
  const targets: Destination[] = [
    { kind: 'queue', name: 'APP.self1,APP.self2' },
    { kind: 'queue', name: 'APP.self3' },
  ];
  for (const destination of targets) {
    const id = destination.name.includes(',') ? 'composite' : 'plain';
    await ctx.step(
      {
        scenario: `comp.self-send.raw.${id}`,
        protocol: 'stomp',
        user: 'app',
        action: `raw frames, ${SELF_SEND_ROUNDS} rounds: SUBSCRIBE ${dest(destination)}, SEND to it, UNSUBSCRIBE right after the RECEIPT`,
      },
      async () => {
        const clock = new StepClock();
        let answered = 0;
        for (let round = 1; round <= SELF_SEND_ROUNDS; round++) {
          const r = await rawSelfSend(ctx, destination, round);
          clock.add('wire', `round ${round}: ${r.signal ?? r.outcome}`);
          if (r.outcome === 'accepted') answered++;
        }
        return {
          ...clock.result(answered === SELF_SEND_ROUNDS ? 'accepted' : 'no-answer'),
          signal: `the broker answered UNSUBSCRIBE in ${answered} of ${SELF_SEND_ROUNDS} rounds`,
        };
      },
    );
    await ctx.step(
      {
        scenario: `comp.self-send.harness-probe.${id}`,
        protocol: 'stomp',
        user: 'app',
        action: `the harness's STOMP probe (stompit), ${SELF_SEND_ROUNDS} rounds: subscribe to ${dest(destination)}, send to it, close the subscription and the session`,
      },
      async () => {
        const clock = new StepClock();
        let stalls = 0;
        for (let round = 1; round <= SELF_SEND_ROUNDS; round++) {
          const r = await harnessSelfSend(ctx, destination);
          clock.add(
            'client',
            `round ${round}: ${r.text}${r.stalled ? ' (stalled: no RECEIPT was read)' : ''}`,
          );
          if (r.stalled) stalls++;
        }
        return {
          ...clock.result(stalls > 0 ? 'no-answer' : 'accepted'),
          signal: `${stalls} of ${SELF_SEND_ROUNDS} rounds stalled`,
        };
      },
    );
  }
}

async function mqttCases(ctx: GroupContext): Promise<void> {
  await withSession(
    ctx,
    'mqtt',
    'app',
    {
      scenario: 'comp.mqtt-comma.publish',
      action: 'PUBLISH QoS 1 to APP/a,APP/b; the admin watches topic://APP.a and topic://APP.b',
    },
    async (s) => {
      const watches = await watchAll(ctx, [TA, TB]);
      const body = fresh('comma');
      if (!(s instanceof MqttSession)) throw new Error('not an MQTT session');
      const sent = await s.publishRaw('APP/a,APP/b', body, 1);
      const got = await whoGot(watches, body);
      return {
        ...sent,
        outcome: got.length > 0 ? 'delivered' : 'not-delivered',
        signal: `PUBACK; delivered to: ${got.join(', ') || '(nothing)'}`,
      };
    },
  );
  await withSession(
    ctx,
    'mqtt',
    'app',
    {
      scenario: 'comp.mqtt-comma.subscribe',
      action: 'SUBSCRIBE APP/a,APP/b; the admin sends one message to each of topic://APP.a and topic://APP.b',
    },
    async (s) => {
      const sub = await s.subscribe({ kind: 'topic', name: 'APP.a,APP.b' });
      const admin = await ctx.admin();
      const sent = [`${fresh('ta')}@topic://APP.a`, `${fresh('tb')}@topic://APP.b`];
      await admin.produce(TA, sent[0] ?? '');
      await admin.produce(TB, sent[1] ?? '');
      await sleep(1_000);
      const got = sent.filter((b) => sub.received().includes(b)).map((b) => b.split('@')[1]);
      return {
        ...sub,
        signal: `${sub.signal ?? sub.outcome}; received from: ${got.join(', ') || '(nothing)'}`,
      };
    },
  );
}

export const compositeGroup: ScenarioGroup = {
  id: 'composite',
  item: 6,
  setup: 'main',
  title: 'composite destinations: part types, creation, advisory names, STOMP liveness, MQTT commas',
  async run(ctx) {
    await ctx.admin();
    // first, while the composites' advisory topics do not exist yet
    await advisoryNameCases(ctx);
    await typeCases(ctx);
    await createCases(ctx);
    await readCases(ctx);
    await livenessCases(ctx);
    await harnessProbeCases(ctx);
    await mqttCases(ctx);
  },
};
