import { Secret } from '../../../src/core/secret';
import type { RenderTarget } from '../../../src/broker/types';
import type { AuthorizationMap, Destination, Policy, PolicyUser } from '../../../src/core/types';

export function user(username: string, password: string, groups: string[]): PolicyUser {
  return { username, password: new Secret(password), passwordSource: 'literal', groups };
}

export function policy(parts: {
  users?: PolicyUser[];
  authorization?: AuthorizationMap | null;
  destinations?: Destination[];
  anonymousAccessAllowed?: boolean;
}): Policy {
  return {
    source: { file: 'policy.yaml', kind: 'policy' },
    engine: { flavour: 'activemq', version: '5.17.2', versionParts: [5, 17, 2], id: 'activemq/5.17.2' },
    users: parts.users ?? [],
    authorization: parts.authorization === undefined ? { entries: [] } : parts.authorization,
    destinations: parts.destinations ?? [],
    expectations: [],
    anonymousAccessAllowed: parts.anonymousAccessAllowed ?? false,
    diagnostics: [],
  };
}

export const KEYSTORE_PASSWORD = 'ks&<pw>"\'';
export const TRUSTSTORE_PASSWORD = 'ts-password';

export function target(overrides: Partial<RenderTarget> = {}): RenderTarget {
  return {
    transports: ['openwire', 'amqp', 'stomp', 'mqtt', 'ws'],
    ports: { openwire: 61617, amqp: 5671, stomp: 61614, mqtt: 8883, ws: 61619 },
    keystorePath: '/run/broker/keystore.p12',
    truststorePath: '/run/broker/truststore.p12',
    keystorePassword: new Secret(KEYSTORE_PASSWORD),
    truststorePassword: new Secret(TRUSTSTORE_PASSWORD),
    bindHost: '0.0.0.0',
    ...overrides,
  };
}
