/**
 * Item 5: clients without credentials under `anonymousAccessAllowed`, with and without `anonymousGroup`,
 * where the map grants APP.> and ActiveMQ.Advisory.> to `everyone` (or to `anonymous`). Cold first (the
 * connection advisory topic does not exist), then warm (the admin connected), then what the anonymous
 * identity may do on APP.exists, which tells which group it holds.
 */
import type { Destination } from '../../../src/core/types';
import { login, type GroupContext, type ScenarioGroup } from '../context';
import type { BrokerSetup } from '../brokers';
import { PROTOCOL_NAMES } from '../drivers/types';
import { appDestination, dest, produceAndWatch, withSessionAs } from './helpers';

async function connectAllAnonymous(ctx: GroupContext, phase: string): Promise<void> {
  for (const protocol of PROTOCOL_NAMES) {
    const attempt = await ctx.connectStep(
      { scenario: `anon.${ctx.group.setup}.${phase}.${protocol}`, user: '(none)' },
      protocol,
      {},
    );
    await attempt.session?.close();
  }
  const nowatch = await ctx.connectStep(
    {
      scenario: `anon.${ctx.group.setup}.${phase}.openwire-nowatch`,
      user: '(none)',
      action: 'connect over openwire without the temp-destination advisory consumer',
    },
    'openwire',
    {},
    { watchTempAdvisories: false },
  );
  await nowatch.session?.close();
}

async function whatAnonymousMayDo(ctx: GroupContext): Promise<void> {
  const setup = ctx.group.setup;
  for (const protocol of ['stomp', 'mqtt', 'amqp'] as const) {
    const exists: Destination = appDestination(protocol, 'APP.exists');
    await withSessionAs(
      ctx,
      protocol,
      '(none)',
      {},
      {
        scenario: `anon.${setup}.produce.${protocol}`,
        action: `send to ${dest(exists)} without credentials (APP.> is granted to the group the map names)`,
      },
      (s) => produceAndWatch(ctx, s, exists),
    );
    await withSessionAs(
      ctx,
      protocol,
      '(none)',
      {},
      {
        scenario: `anon.${setup}.consume.${protocol}`,
        action: `subscribe to ${dest(exists)} without credentials`,
      },
      (s) => s.subscribe(exists),
    );
  }
}

function anonymousGroup(setup: BrokerSetup['name'], title: string): ScenarioGroup {
  return {
    id: setup,
    item: 5,
    setup,
    title,
    async run(ctx) {
      await connectAllAnonymous(ctx, 'cold');
      const member = await ctx.connectStep(
        {
          scenario: `anon.${setup}.member.stomp`,
          user: 'member',
          action: 'member (group everyone) connects over stomp',
        },
        'stomp',
        login('member'),
      );
      await member.session?.close();
      await ctx.admin();
      await connectAllAnonymous(ctx, 'warm');
      await whatAnonymousMayDo(ctx);
      const named = await ctx.connectStep(
        {
          scenario: `anon.${setup}.login-anonymous.stomp`,
          user: 'anonymous',
          action: 'CONNECT login:anonymous without passcode',
        },
        'stomp',
        { username: 'anonymous' },
      );
      await named.session?.close();
    },
  };
}

export const anonymousGroups: readonly ScenarioGroup[] = [
  anonymousGroup('anon-everyone', 'anonymous access, everyone granted, anonymousGroup not set'),
  anonymousGroup('anon-everyone-group', 'anonymous access, everyone granted, anonymousGroup="everyone"'),
  anonymousGroup('anon-anonymous-group', 'anonymous access, the group anonymous granted'),
  anonymousGroup('anon-off-everyone', 'anonymous access off, everyone granted'),
];
