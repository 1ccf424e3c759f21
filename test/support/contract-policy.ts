/**
 * The policy every probe contract runs against: one user per kind of right, so each case has a user the
 * broker grants and one it denies, on destinations the broker pre-creates.
 */
import { Secret } from '../../src/core/secret';
import type { Destination, DestinationType, Policy } from '../../src/core/types';
import type { Credentials } from '../../src/probes/types';
import { testEntry as entry, testPolicy } from './broker';

export const CONTRACT_USERS = [
  { username: 'admin', password: 'admin-secret-pw', groups: ['admins'] },
  // write on APP.> but no admin: may use declared destinations, may not create new ones
  { username: 'writer', password: 'writer-secret-pw', groups: ['writers'] },
  { username: 'reader', password: 'reader-secret-pw', groups: ['readers'] },
  // read, write and admin on APP.>: may create
  { username: 'owner', password: 'owner-secret-pw', groups: ['owners'] },
  // read and write on APP.> but no rights on ActiveMQ.Advisory.>
  { username: 'outsider', password: 'outsider-secret-pw', groups: ['outsiders'] },
];

/** Every group but the outsiders': advisory rights, so no connect depends on who connected first. */
const ADVISORY_GROUPS = ['admins', 'writers', 'readers', 'owners'];
const APP_ACL = {
  read: ['readers', 'owners', 'admins', 'outsiders'],
  write: ['writers', 'owners', 'admins', 'outsiders'],
  admin: ['owners', 'admins'],
};
const SECRET_ACL = { read: ['owners'], write: ['owners'], admin: ['owners'] };

export const APP_QUEUE: Destination = { kind: 'queue', name: 'APP.q' };
export const APP_TOPIC: Destination = { kind: 'topic', name: 'APP.t' };
/** a queue the admin observer itself may not use */
export const SECRET_QUEUE: Destination = { kind: 'queue', name: 'SECRET.q' };

/** The declared destination of each kind. */
export const APP_DESTINATION: Record<DestinationType, Destination> = { queue: APP_QUEUE, topic: APP_TOPIC };

export function contractPolicy(brokerVersion: string): Policy {
  return testPolicy({
    brokerVersion,
    users: CONTRACT_USERS,
    authorization: {
      entries: [
        entry('queue', 'APP.>', APP_ACL),
        entry('topic', 'APP.>', APP_ACL),
        entry('queue', 'SECRET.>', SECRET_ACL),
        entry('topic', 'SECRET.>', SECRET_ACL),
        entry('topic', 'ActiveMQ.Advisory.>', {
          read: ADVISORY_GROUPS,
          write: ADVISORY_GROUPS,
          admin: ADVISORY_GROUPS,
        }),
      ],
    },
    destinations: [APP_QUEUE, APP_TOPIC, SECRET_QUEUE],
  });
}

/** A user's own credentials, or `password` instead; a name the policy lacks gets a password of its own. */
export function login(username: string, password?: string): Credentials {
  const user = CONTRACT_USERS.find((u) => u.username === username);
  return { username, password: new Secret(password ?? user?.password ?? `${username}-not-a-user-pw`) };
}
