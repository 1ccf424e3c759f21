import type { AuthorizationEntry, AuthorizationMap, DestinationType, Engine } from '../../../src/core/types';

export interface Groups {
  read?: string[];
  write?: string[];
  admin?: string[];
}

export function entry(type: DestinationType, pattern: string, groups: Groups): AuthorizationEntry {
  return {
    id: `${type}://${pattern}`,
    type,
    pattern,
    read: groups.read ?? [],
    write: groups.write ?? [],
    admin: groups.admin ?? [],
  };
}

export function mapOf(...entries: AuthorizationEntry[]): AuthorizationMap {
  return { entries };
}

export function engine(flavour: Engine['flavour'], version: string): Engine {
  return { flavour, version, versionParts: version.split('.').map(Number), id: `${flavour}/${version}` };
}

export const ACTIVEMQ_5_17_2 = engine('activemq', '5.17.2');
export const ACTIVEMQ_5_19_8 = engine('activemq', '5.19.8');

/** The security part of the broker recorded in the shared 5.17.2 reference ("Configuration under test"). */
export function referenceMap(): AuthorizationMap {
  const all = (groups: string) => groups.split(',');
  return {
    entries: [
      entry('queue', '>', { read: ['admins'], write: ['admins'], admin: ['admins'] }),
      entry('topic', '>', { read: ['admins'], write: ['admins'], admin: ['admins'] }),
      entry('queue', 'ORDERS.>', {
        read: ['consumers'],
        write: ['producers', 'writers'],
        admin: ['producers', 'consumers'],
      }),
      entry('queue', 'ORDERS.vip', { read: ['vip'] }),
      entry('topic', 'ORDERS.>', {
        read: ['consumers'],
        write: ['producers', 'writers'],
        admin: ['producers', 'consumers'],
      }),
      entry('topic', 'EVENTS.*', { read: ['consumers'], write: ['producers'], admin: ['producers'] }),
      entry('queue', 'SCRATCH.>', { read: ['advreaders'], write: ['advreaders'], admin: ['advreaders'] }),
      entry('topic', 'ActiveMQ.Advisory.>', {
        read: all('admins,producers,consumers,writers,vip,advreaders'),
        write: all('admins,producers,consumers,writers,vip'),
        admin: all('admins,producers,consumers,writers,vip'),
      }),
    ],
    tempDestinationEntry: {
      read: all('admins,producers,consumers,writers,vip'),
      write: all('admins,producers,consumers,writers,vip'),
      admin: all('admins,producers,consumers,writers,vip'),
    },
  };
}

export const REFERENCE_USERS = [
  { username: 'admin', groups: ['admins'] },
  { username: 'producer', groups: ['producers'] },
  { username: 'consumer', groups: ['consumers'] },
  { username: 'nobody', groups: ['nogroup'] },
  { username: 'writer-noadmin', groups: ['writers'] },
  { username: 'vip', groups: ['vip'] },
  { username: 'advonly', groups: ['advreaders'] },
];
