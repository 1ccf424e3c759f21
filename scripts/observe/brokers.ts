/**
 * The brokers the observations run on: a handful of policies, each rendered by the project's own renderer
 * and started as a fresh local broker (Apache's distribution of the release asked for), one at a time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderBrokerXml } from '../../src/activemq-xml/render';
import { selectRuntime } from '../../src/broker/select-runtime';
import type { RunningBroker } from '../../src/broker/types';
import { Secret } from '../../src/core/secret';
import type { AclWithLocation, AuthorizationEntry, Destination, Policy } from '../../src/core/types';
import { createRunTls } from '../../src/tls';

/** Every user's password is its name followed by this, e.g. `admin-pw-0001`. */
const PASSWORD_SUFFIX = '-pw-0001';

export function passwordOf(user: string): string {
  return `${user}${PASSWORD_SUFFIX}`;
}

interface UserSpec {
  username: string;
  groups: string[];
}

function user(username: string, groups: string[]): UserSpec {
  return { username, groups };
}

interface PolicyParts {
  users: readonly UserSpec[];
  authorization: Policy['authorization'];
  destinations?: readonly Destination[];
  anonymousAccessAllowed?: boolean;
}

/** A policy as the project's loader would produce it, for the plain `activemq/<version>` engine. */
function policyOf(version: string, parts: PolicyParts): Policy {
  return {
    source: { file: 'scripts/observe/brokers.ts', kind: 'policy' },
    engine: {
      flavour: 'activemq',
      version,
      versionParts: version.split('.').map(Number),
      id: `activemq/${version}`,
    },
    users: parts.users.map((u) => ({
      username: u.username,
      password: new Secret(passwordOf(u.username)),
      passwordSource: 'literal',
      groups: u.groups,
    })),
    authorization: parts.authorization,
    destinations: [...(parts.destinations ?? [])],
    expectations: [],
    anonymousAccessAllowed: parts.anonymousAccessAllowed ?? false,
    diagnostics: [],
  };
}

interface AclSpec {
  read?: string[];
  write?: string[];
  admin?: string[];
}

function entry(type: 'queue' | 'topic', pattern: string, acl: AclSpec): AuthorizationEntry {
  return {
    id: `${type}://${pattern}`,
    type,
    pattern,
    read: acl.read ?? [],
    write: acl.write ?? [],
    admin: acl.admin ?? [],
  };
}

/** Both types: applications use queues, MQTT only topics. */
function both(pattern: string, acl: AclSpec): AuthorizationEntry[] {
  return [entry('queue', pattern, acl), entry('topic', pattern, acl)];
}

/**
 * The users of the main policy. Every one but `admin` holds read, write and admin on `APP.>` unless its
 * name says otherwise, and each holds a different share of `ActiveMQ.Advisory.>`:
 * - admin: everything everywhere (`>`)
 * - app: full rights on the advisory topics
 * - writer / reader: write only / read only on `APP.>`; full advisory rights
 * - advread: advisory read and write, no admin
 * - advadmin: advisory write and admin, no read
 * - noadv: nothing on the advisory topics
 * - tempuser: like app; the only user (with admin) the temp-destination entry names
 */
export const MAIN_USERS: readonly UserSpec[] = [
  user('admin', ['admins']),
  user('app', ['apps']),
  user('writer', ['writers']),
  user('reader', ['readers']),
  user('advread', ['advread']),
  user('advadmin', ['advadmin']),
  user('noadv', ['noadv']),
  user('tempuser', ['tempusers']),
];

const APP_FULL = ['apps', 'advread', 'advadmin', 'noadv', 'tempusers'];

function mainEntries(): AuthorizationEntry[] {
  return [
    ...both('>', { read: ['admins'], write: ['admins'], admin: ['admins'] }),
    ...both('APP.>', {
      read: [...APP_FULL, 'readers'],
      write: [...APP_FULL, 'writers'],
      admin: APP_FULL,
    }),
    ...both('SECRET.>', { read: ['admins'], write: ['admins'], admin: ['admins'] }),
    entry('topic', 'ActiveMQ.Advisory.>', {
      read: ['admins', 'apps', 'writers', 'readers', 'advread', 'tempusers'],
      write: ['admins', 'apps', 'writers', 'readers', 'advread', 'advadmin', 'tempusers'],
      admin: ['admins', 'apps', 'writers', 'readers', 'advadmin', 'tempusers'],
    }),
  ];
}

/** Destinations the main broker declares, so that they exist before any client acts. */
export const DECLARED: readonly Destination[] = [
  { kind: 'queue', name: 'APP.exists' },
  { kind: 'topic', name: 'APP.exists' },
  { kind: 'queue', name: 'SECRET.q' },
  { kind: 'topic', name: 'SECRET.t' },
  { kind: 'queue', name: 'APP.a' },
  { kind: 'queue', name: 'APP.b' },
  { kind: 'topic', name: 'APP.a' },
  { kind: 'topic', name: 'APP.b' },
  ...['openwire', 'amqp', 'stomp', 'stomp-no-receipt', 'stomp-wss'].map((id): Destination => ({
    kind: 'queue',
    name: `APP.orphan.${id}`,
  })),
  ...[
    'stomp',
    'stomp-wss',
    'mqtt',
    'mqtt-wss',
    'amqp',
    'amqp-relay',
    'openwire',
    'openwire-anonymous',
  ].flatMap((p): Destination[] => [
    { kind: 'queue', name: `APP.p.${p}` },
    { kind: 'queue', name: `APP.c.${p}` },
    { kind: 'topic', name: `APP.p.${p}` },
    { kind: 'topic', name: `APP.c.${p}` },
  ]),
];

const TEMP_ENTRY: AclWithLocation = {
  read: ['admins', 'tempusers'],
  write: ['admins', 'tempusers'],
  admin: ['admins', 'tempusers'],
};

export type SetupName =
  | 'main'
  | 'main-undeclared'
  | 'temp-entry'
  | 'anon-everyone'
  | 'anon-everyone-group'
  | 'anon-anonymous-group'
  | 'anon-off-everyone';

export interface BrokerSetup {
  name: SetupName;
  /** what is special about it, for the report */
  description: string;
  policy(version: string): Policy;
  /** an edit of the rendered XML for what the policy format cannot say (anonymousGroup) */
  editXml?: (xml: string) => string;
}

function mainPolicy(version: string, extra: Partial<PolicyParts> = {}): Policy {
  return policyOf(version, {
    users: MAIN_USERS,
    authorization: { entries: mainEntries() },
    destinations: DECLARED,
    ...extra,
  });
}

/** Anonymous access: `everyone` (or `anonymous`) gets APP.> and the advisory topics; admin stays admin. */
function anonymousPolicy(version: string, group: string, allowed: boolean): Policy {
  return policyOf(version, {
    users: [user('admin', ['admins']), user('member', ['everyone'])],
    anonymousAccessAllowed: allowed,
    authorization: {
      entries: [
        ...both('>', { read: ['admins'], write: ['admins'], admin: ['admins'] }),
        ...both('APP.>', { read: [group], write: [group], admin: [group] }),
        entry('topic', 'ActiveMQ.Advisory.>', { read: [group], write: [group], admin: [group] }),
      ],
    },
    destinations: [
      { kind: 'queue', name: 'APP.exists' },
      { kind: 'topic', name: 'APP.exists' },
    ],
  });
}

export const SETUPS: Readonly<Record<SetupName, BrokerSetup>> = {
  main: {
    name: 'main',
    description: 'main users and map, declared destinations, no tempDestinationAuthorizationEntry',
    policy: (v) => mainPolicy(v),
  },
  'main-undeclared': {
    name: 'main-undeclared',
    description:
      'main users and map, no declared destinations (so ActiveMQ.Advisory.Queue/Topic do not exist)',
    policy: (v) => mainPolicy(v, { destinations: [] }),
  },
  'temp-entry': {
    name: 'temp-entry',
    description:
      'main users and map plus tempDestinationAuthorizationEntry read/write/admin=admins,tempusers',
    policy: (v) =>
      mainPolicy(v, { authorization: { entries: mainEntries(), tempDestinationEntry: TEMP_ENTRY } }),
  },
  'anon-everyone': {
    name: 'anon-everyone',
    description:
      'anonymousAccessAllowed="true" (anonymousGroup not set); APP.> and ActiveMQ.Advisory.> granted to everyone',
    policy: (v) => anonymousPolicy(v, 'everyone', true),
  },
  'anon-everyone-group': {
    name: 'anon-everyone-group',
    description:
      'anonymousAccessAllowed="true" anonymousGroup="everyone"; APP.> and ActiveMQ.Advisory.> granted to everyone',
    policy: (v) => anonymousPolicy(v, 'everyone', true),
    editXml: (xml) =>
      xml.replace(
        '<simpleAuthenticationPlugin anonymousAccessAllowed="true"',
        '<simpleAuthenticationPlugin anonymousAccessAllowed="true" anonymousGroup="everyone"',
      ),
  },
  'anon-anonymous-group': {
    name: 'anon-anonymous-group',
    description:
      'anonymousAccessAllowed="true"; APP.> and ActiveMQ.Advisory.> granted to the group anonymous',
    policy: (v) => anonymousPolicy(v, 'anonymous', true),
  },
  'anon-off-everyone': {
    name: 'anon-off-everyone',
    description: 'anonymousAccessAllowed="false"; APP.> and ActiveMQ.Advisory.> granted to everyone',
    policy: (v) => anonymousPolicy(v, 'everyone', false),
  },
};

export interface ObservedBroker {
  broker: RunningBroker;
  /** the activemq.xml the broker ran, for the record */
  xml: string;
  stop(): Promise<void>;
}

/** A fresh local broker of `version` for `setup`, with every transport; stop() removes its files. */
export async function startBroker(setup: BrokerSetup, version: string): Promise<ObservedBroker> {
  const { runtime } = await selectRuntime('local', { brokerVersion: version });
  const transports = await runtime.capabilities(version);
  const runDir = await mkdtemp(join(tmpdir(), 'amq-observe-'));
  const brokerName = `observe-${randomBytes(4).toString('hex')}`;
  const policy = setup.policy(version);
  let xml = '';
  try {
    const broker = await runtime.start({
      brokerName,
      renderXml: (target) => {
        const rendered = renderBrokerXml(policy, target, { brokerName });
        xml = setup.editXml ? setup.editXml(rendered) : rendered;
        return xml;
      },
      tls: await createRunTls(),
      transports,
      brokerVersion: version,
      runDir,
    });
    return {
      broker,
      xml,
      stop: async () => {
        await broker.stop();
        if (!process.env.AMQ_OBSERVE_KEEP_RUN_DIRS) await rm(runDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
}
