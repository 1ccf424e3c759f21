import { renderBrokerXml } from '../activemq-xml/render';
import type { Policy } from '../core/types';
import { Secret } from '../core/secret';
import { AMAZON_MQ_PORTS } from '../broker/transports';
import { TRANSPORTS } from '../core/types';

/** Placeholders a deployer replaces; the generated file never holds a real keystore password. */
export const GENERATED_KEYSTORE_PATH = '${activemq.conf}/broker.p12';
export const GENERATED_TRUSTSTORE_PATH = '${activemq.conf}/truststore.p12';

/**
 * The broker XML of a policy as a reviewer should see it: every TLS connector on Amazon MQ's ports,
 * keystore paths relative to the broker's conf folder. Passwords of generated users are random per call,
 * so checked-in output uses `withPasswords: false`, which writes a marker instead.
 */
export function generateBrokerXml(policy: Policy, opts: { withPasswords?: boolean } = {}): string {
  const shown: Policy = opts.withPasswords
    ? policy
    : {
        ...policy,
        users: policy.users.map((u) => ({ ...u, password: new Secret(`\${${envName(u.username)}}`) })),
      };
  return renderBrokerXml(
    shown,
    {
      transports: [...TRANSPORTS],
      ports: AMAZON_MQ_PORTS,
      bindHost: '0.0.0.0',
      keystorePath: GENERATED_KEYSTORE_PATH,
      truststorePath: GENERATED_TRUSTSTORE_PATH,
      keystorePassword: new Secret('${amq.keystore.password}'),
      truststorePassword: new Secret('${amq.truststore.password}'),
    },
    { propertyPlaceholders: true },
  );
}

/** `orders-writer` -> `AMQ_PASSWORD_ORDERS_WRITER`, the property a deployer supplies. */
export function envName(username: string): string {
  return `AMQ_PASSWORD_${username.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
