/** The broker policy and helpers the STOMP and observer integration tests share. */
import { Secret } from '../../src/core/secret';
import type { AuthorizationEntry, Destination, DestinationType } from '../../src/core/types';
import type { Credentials } from '../../src/probes/types';
import { testPolicy } from '../support/broker';

export const BROKER_START_TIMEOUT_MS = 60_000;
export const PROBE_TIMEOUT_MS = 5_000;

export const USERS = [
  { username: 'admin', password: 'admin-secret-pw', groups: ['admins'] },
  // write on APP.> but no admin: may use declared destinations, may not create new ones
  { username: 'writer', password: 'writer-secret-pw', groups: ['writers'] },
  { username: 'reader', password: 'reader-secret-pw', groups: ['readers'] },
  // read, write and admin on APP.>: may create
  { username: 'owner', password: 'owner-secret-pw', groups: ['owners'] },
];
const everyGroup = ['admins', 'writers', 'readers', 'owners'];

function entries(
  type: DestinationType,
  pattern: string,
  acl: Pick<AuthorizationEntry, 'read' | 'write' | 'admin'>,
) {
  return { id: `${type}://${pattern}`, type, pattern, ...acl };
}

const APP_ACL = {
  read: ['readers', 'owners', 'admins'],
  write: ['writers', 'owners', 'admins'],
  admin: ['owners', 'admins'],
};
const SECRET_ACL = { read: ['owners'], write: ['owners'], admin: ['owners'] };

export const APP_QUEUE: Destination = { kind: 'queue', name: 'APP.q' };
export const APP_TOPIC: Destination = { kind: 'topic', name: 'APP.t' };
/** a queue the admin observer itself may not read */
export const SECRET_QUEUE: Destination = { kind: 'queue', name: 'SECRET.q' };

export const stompPolicy = testPolicy({
  users: USERS,
  authorization: {
    entries: [
      entries('queue', 'APP.>', APP_ACL),
      entries('topic', 'APP.>', APP_ACL),
      entries('queue', 'SECRET.>', SECRET_ACL),
      entries('topic', 'SECRET.>', SECRET_ACL),
      // advisory rights for everyone, so no connect depends on who connected first (BROKER-FACTS.md)
      entries('topic', 'ActiveMQ.Advisory.>', { read: everyGroup, write: everyGroup, admin: everyGroup }),
    ],
  },
  destinations: [APP_QUEUE, APP_TOPIC, SECRET_QUEUE],
});

export function login(username: string, password?: string): Credentials {
  const user = USERS.find((u) => u.username === username);
  return { username, password: new Secret(password ?? user?.password ?? 'not-a-user-pw') };
}

/** All evidence texts of an observation, for assertions. */
export function evidenceText(observation: { evidence: { text: string }[] }): string {
  return observation.evidence.map((e) => e.text).join('\n');
}
