/**
 * Item 2: produce, consume and create without permission, per protocol; the exact signal and whether the
 * connection still answers afterwards. Every user here has full rights on the advisory topics, so no
 * advisory refusal can stand in for the decision under test.
 */
import type { Destination } from '../../../src/core/types';
import type { ScenarioGroup, GroupContext } from '../context';
import { PROTOCOL_NAMES, type ProduceOptions, type ProtocolName } from '../drivers/types';
import {
  appDestination,
  dest,
  fresh,
  isMqtt,
  produceAndWatch,
  produceThenLook,
  withSession,
} from './helpers';

interface ProduceVariant {
  id: string;
  options: ProduceOptions;
  what: string;
}

/** Every way each protocol can send, so that each signal is on record. */
function produceVariants(protocol: ProtocolName): ProduceVariant[] {
  switch (protocol) {
    case 'stomp':
    case 'stomp-wss':
      return [
        { id: 'receipt', options: { receipt: true }, what: 'SEND with receipt' },
        { id: 'no-receipt', options: { receipt: false }, what: 'SEND without receipt' },
      ];
    case 'mqtt':
    case 'mqtt-wss':
      return [
        { id: 'qos1', options: { qos: 1 }, what: 'PUBLISH QoS 1' },
        { id: 'qos0', options: { qos: 0 }, what: 'PUBLISH QoS 0' },
      ];
    case 'amqp':
      return [
        {
          id: 'sender',
          options: { producer: 'named' },
          what: 'sender attached to the address, unsettled transfer',
        },
        {
          id: 'relay',
          options: { producer: 'anonymous' },
          what: 'anonymous relay sender, transfer with `to`',
        },
      ];
    case 'openwire':
      return [
        { id: 'named', options: { producer: 'named' }, what: 'createProducer(dest) then a PERSISTENT send' },
        {
          id: 'anonymous',
          options: { producer: 'anonymous' },
          what: 'anonymous producer, PERSISTENT (sync) send',
        },
        {
          id: 'anonymous-nonpersistent',
          options: { producer: 'anonymous', persistent: false },
          what: 'anonymous producer, NON_PERSISTENT (one-way) send',
        },
      ];
  }
}

async function produceCases(ctx: GroupContext, protocol: ProtocolName): Promise<void> {
  const exists = appDestination(protocol, 'APP.exists');
  for (const v of produceVariants(protocol)) {
    await withSession(
      ctx,
      protocol,
      'app',
      {
        scenario: `ops.produce-allowed.${v.id}.${protocol}`,
        action: `${v.what} to ${dest(exists)} (write granted)`,
      },
      (s) => produceAndWatch(ctx, s, exists, v.options),
    );
    await withSession(
      ctx,
      protocol,
      'reader',
      {
        scenario: `ops.produce-denied.${v.id}.${protocol}`,
        action: `${v.what} to ${dest(exists)} (read only)`,
      },
      (s) => produceAndWatch(ctx, s, exists, v.options),
    );
    const missing: Destination = appDestination(protocol, fresh('APP.fresh'));
    await withSession(
      ctx,
      protocol,
      'writer',
      {
        scenario: `ops.create-denied-by-send.${v.id}.${protocol}`,
        action: `${v.what} to ${dest(missing)}, which does not exist (write, no admin)`,
      },
      (s) => produceThenLook(ctx, s, missing, v.options),
    );
  }
}

async function consumeCases(ctx: GroupContext, protocol: ProtocolName): Promise<void> {
  const exists = appDestination(protocol, 'APP.exists');
  await withSession(
    ctx,
    protocol,
    'writer',
    { scenario: `ops.consume-denied.${protocol}`, action: `subscribe to ${dest(exists)} (write only)` },
    (s) => s.subscribe(exists),
  );
  const missing = appDestination(protocol, fresh('APP.freshsub'));
  await withSession(
    ctx,
    protocol,
    'reader',
    {
      scenario: `ops.create-denied-by-subscribe.${protocol}`,
      action: `subscribe to ${dest(missing)}, which does not exist (read, no admin)`,
    },
    (s) => s.subscribe(missing),
  );
  await withSession(
    ctx,
    protocol,
    'reader',
    { scenario: `ops.consume-allowed.${protocol}`, action: `subscribe to ${dest(exists)} (read granted)` },
    (s) => s.subscribe(exists),
  );
  if (isMqtt(protocol)) {
    await withSession(
      ctx,
      protocol,
      'reader',
      {
        scenario: `ops.wildcard-subscribe-no-admin.${protocol}`,
        action: 'subscribe to APP/# (a wildcard never creates a destination; read, no admin)',
      },
      (s) => s.subscribe({ kind: 'topic', name: 'APP.>' }),
    );
  }
}

export const operationsGroup: ScenarioGroup = {
  id: 'operations',
  item: 2,
  setup: 'main',
  title: 'unauthorized produce, consume and create (auto-create without admin), per protocol',
  async run(ctx) {
    await ctx.admin();
    for (const protocol of PROTOCOL_NAMES) {
      await produceCases(ctx, protocol);
      await consumeCases(ctx, protocol);
    }
  },
};
