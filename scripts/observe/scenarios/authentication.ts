/**
 * Item 1: a wrong password, an unknown user and no credentials at all, over every protocol; and what the
 * broker does with the connection afterwards. Item 8 (identity): how each protocol names the broker.
 */
import { saslFailureThenWait } from '../drivers/amqp';
import { targetFor } from '../drivers';
import { PROTOCOL_NAMES, type Login } from '../drivers/types';
import { login, type ScenarioGroup } from '../context';

/** How long the bare SASL exchange waits for the broker to hang up after a failed authentication. */
const SASL_CLOSE_WAIT_MS = 35_000;

const CASES: ReadonlyArray<{ id: string; user: string; who: Login }> = [
  { id: 'bad-password', user: 'app', who: { username: 'app', password: 'not-the-password-1' } },
  { id: 'unknown-user', user: 'ghost', who: { username: 'ghost', password: 'ghost-pw-0001' } },
  { id: 'no-credentials', user: '(none)', who: {} },
];

export const authenticationGroup: ScenarioGroup = {
  id: 'authentication',
  item: 1,
  setup: 'main',
  title: 'bad password, unknown user, no credentials (anonymousAccessAllowed=false)',
  async run(ctx) {
    // started first: it only waits, so it runs alongside the other steps
    const bareSasl = saslFailureThenWait(
      targetFor(ctx.broker, 'amqp'),
      { username: 'app', password: 'not-the-password-1' },
      SASL_CLOSE_WAIT_MS,
    );
    for (const protocol of PROTOCOL_NAMES) {
      for (const c of CASES) {
        await ctx.connectStep({ scenario: `auth.${c.id}.${protocol}`, user: c.user }, protocol, c.who);
      }
    }
    await ctx.step(
      {
        scenario: 'auth.bad-password.amqp-bare-sasl',
        protocol: 'amqp',
        user: 'app',
        action: `bare SASL PLAIN exchange with a wrong password, then wait up to ${SASL_CLOSE_WAIT_MS} ms for the broker to close`,
      },
      () => bareSasl,
    );
  },
};

export const identityGroup: ScenarioGroup = {
  id: 'identity',
  item: 8,
  setup: 'main',
  title: 'how each protocol names the broker and its version',
  async run(ctx) {
    for (const protocol of PROTOCOL_NAMES) {
      const attempt = await ctx.connectStep(
        {
          scenario: `identity.${protocol}`,
          user: 'admin',
          action: `connect as admin over ${protocol}; the broker's greeting`,
        },
        protocol,
        login('admin'),
      );
      await attempt.session?.close();
    }
  },
};
