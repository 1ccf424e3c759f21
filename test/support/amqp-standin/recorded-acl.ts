/**
 * The authorization map of the recorded broker (activemq-5.17.2-auth-behaviour.md, "Configuration under test"),
 * as a stand-in ACL: every matching entry's groups are unioned, `create` needs admin. A fixture, not the model:
 * patterns are the few the record uses, matched with ActiveMQ's `.`, `*` and `>` rules.
 */
import { Secret } from '../../../src/core/secret';
import type { Destination, DestinationType } from '../../../src/core/types';
import type { StandinAcl, StandinOperation, StandinUser } from './config';

export interface RecordedEntry {
  type: DestinationType;
  pattern: string;
  read: string[];
  write: string[];
  admin: string[];
}

const ADVISORY_GROUPS = ['admins', 'producers', 'consumers', 'writers', 'vip'];

export const RECORDED_ENTRIES: RecordedEntry[] = [
  { type: 'queue', pattern: '>', read: ['admins'], write: ['admins'], admin: ['admins'] },
  { type: 'topic', pattern: '>', read: ['admins'], write: ['admins'], admin: ['admins'] },
  {
    type: 'queue',
    pattern: 'ORDERS.>',
    read: ['consumers'],
    write: ['producers', 'writers'],
    admin: ['producers', 'consumers'],
  },
  { type: 'queue', pattern: 'ORDERS.vip', read: ['vip'], write: [], admin: [] },
  { type: 'topic', pattern: 'EVENTS.*', read: ['consumers'], write: ['producers'], admin: ['producers'] },
  {
    type: 'topic',
    pattern: 'ActiveMQ.Advisory.>',
    read: [...ADVISORY_GROUPS, 'advreaders'],
    write: ADVISORY_GROUPS,
    admin: ADVISORY_GROUPS,
  },
];

function matches(pattern: string, name: string): boolean {
  const p = pattern.split('.');
  const n = name.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return true;
    if (i >= n.length) return false;
    if (p[i] !== '*' && p[i] !== n[i]) return false;
  }
  return p.length === n.length;
}

const PERMISSION: Record<StandinOperation, 'read' | 'write' | 'admin'> = {
  read: 'read',
  write: 'write',
  create: 'admin',
};

export const recordedAcl: StandinAcl = (principal, operation, destination: Destination) => {
  const allowed = new Set(
    RECORDED_ENTRIES.filter(
      (e) => e.type === destination.kind && matches(e.pattern, destination.name),
    ).flatMap((e) => e[PERMISSION[operation]]),
  );
  return principal.groups.some((g) => allowed.has(g));
};

/** The record's users; passwords are test fixtures of a throwaway stand-in. */
export const RECORDED_USERS: StandinUser[] = [
  { username: 'admin', password: new Secret('adminpw'), groups: ['admins'] },
  { username: 'producer', password: new Secret('producerpw'), groups: ['producers'] },
  { username: 'consumer', password: new Secret('consumerpw'), groups: ['consumers'] },
  { username: 'nobody', password: new Secret('nobodypw'), groups: ['nogroup'] },
  { username: 'writer-noadmin', password: new Secret('writerpw'), groups: ['writers'] },
  { username: 'vip', password: new Secret('vippw'), groups: ['vip'] },
];

/** Pre-created as in the record (ORDERS.new, ORDERS.vip) plus the connection advisory topic, so nobody can connect. */
export const RECORDED_DESTINATIONS: Destination[] = [
  { kind: 'queue', name: 'ORDERS.new' },
  { kind: 'queue', name: 'ORDERS.vip' },
  { kind: 'topic', name: 'ActiveMQ.Advisory.Connection' },
];
