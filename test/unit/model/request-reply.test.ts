/** request-reply: temporary queues follow tempDestinationAuthorizationEntry only, plus the advisory rule. */
import { AuthorizationModel } from '../../../src/model/authorization-model';
import type { AuthorizationMap } from '../../../src/core/types';
import { ACTIVEMQ_5_17_2, ACTIVEMQ_5_19_8, entry } from './builders';

const advisoryAdmin = entry('topic', 'ActiveMQ.Advisory.>', {
  read: ['apps'],
  write: ['apps'],
  admin: ['apps'],
});
const queues = entry('queue', 'APP.>', { read: ['apps', 'workers'], write: ['apps', 'workers'] });
const temp = { read: ['apps'], write: ['apps'], admin: ['apps'] };

function model(map: AuthorizationMap | null, engine = ACTIVEMQ_5_19_8) {
  return new AuthorizationModel({
    map,
    engine,
    users: [
      { username: 'app', groups: ['apps'] },
      { username: 'worker', groups: ['workers'] },
    ],
  });
}

describe('request-reply', () => {
  it('is refused to a user the temp entry does not name, whatever the queue entries grant', () => {
    const d = model({ entries: [queues, advisoryAdmin], tempDestinationEntry: temp }).explain(
      'worker',
      undefined,
      'request-reply',
    );
    expect(d.allowed).toBe(false);
    expect(d.permission).toBe('admin');
    expect(d.matchedEntries).toEqual(['temp-destinations']);
    expect(d.reason).toMatch(/worker lacks admin, read, write/);
  });

  it('names the first permission missing when the temp entry grants only part of it', () => {
    const partial = { read: ['apps', 'workers'], write: ['apps'], admin: ['apps', 'workers'] };
    const d = model({ entries: [queues], tempDestinationEntry: partial }).explain(
      'worker',
      undefined,
      'request-reply',
    );
    expect(d.allowed).toBe(false);
    expect(d.permission).toBe('write');
  });

  it('is anyone’s without a temp entry, and decided by it when there is one', () => {
    expect(model({ entries: [queues] }).explain('worker', undefined, 'request-reply').allowed).toBe(true);
    const d = model({ entries: [queues], tempDestinationEntry: temp }).explain(
      'app',
      undefined,
      'request-reply',
    );
    expect(d.allowed).toBe(true);
    expect(d.decidingEntries).toEqual(['temp-destinations']);
  });

  it('before 5.19.8 also needs admin on the advisory topics named after each new temporary queue', () => {
    const noAdvisoryAdmin = { entries: [queues], tempDestinationEntry: temp };
    const old = model(noAdvisoryAdmin, ACTIVEMQ_5_17_2).explain('app', undefined, 'request-reply', {
      protocol: 'stomp',
    });
    expect(old.allowed).toBe(false);
    expect(old.reason).toContain('topic://ActiveMQ.Advisory.Consumer.Queue.');
    expect(old.reason).not.toContain('Producer');
    const openwire = model(noAdvisoryAdmin, ACTIVEMQ_5_17_2).explain('app', undefined, 'request-reply', {
      protocol: 'openwire',
    });
    expect(openwire.reason).toContain('topic://ActiveMQ.Advisory.Producer.Queue.');
    expect(model(noAdvisoryAdmin, ACTIVEMQ_5_19_8).explain('app', undefined, 'request-reply').allowed).toBe(
      true,
    );
    const granted = model({ ...noAdvisoryAdmin, entries: [queues, advisoryAdmin] }, ACTIVEMQ_5_17_2);
    expect(granted.explain('app', undefined, 'request-reply', { protocol: 'openwire' }).allowed).toBe(true);
  });
});
