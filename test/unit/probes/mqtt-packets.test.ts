import {
  SUBACK_FAILURE,
  classifyConnack,
  classifySubackCode,
  formatConnack,
  formatPuback,
  formatSuback,
} from '../../../src/probes/mqtt/packets';

describe('classifyConnack', () => {
  it('CONNACK 0 is granted', () => {
    expect(classifyConnack(0).outcome).toBe('granted');
  });

  it('CONNACK 5 (what ActiveMQ sends for every bad login) and 4 are denied', () => {
    expect(classifyConnack(5)).toMatchObject({
      outcome: 'denied',
      detail: expect.stringContaining('CONNACK 5'),
    });
    expect(classifyConnack(4).outcome).toBe('denied');
  });

  it('CONNACK 2 is a client-id conflict, inconclusive, never a denial', () => {
    expect(classifyConnack(2)).toMatchObject({ outcome: 'inconclusive', clientIdConflict: true });
  });

  it.each([1, 3, 99])('CONNACK %i is inconclusive', (code) => {
    expect(classifyConnack(code)).toMatchObject({ outcome: 'inconclusive' });
    expect(classifyConnack(code).clientIdConflict).toBeUndefined();
  });
});

describe('classifySubackCode', () => {
  it.each([0, 1, 2])('granted QoS %i is an active subscription', (code) => {
    expect(classifySubackCode(code).outcome).toBe('granted');
  });
  it('0x80 is denied', () => {
    expect(SUBACK_FAILURE).toBe(128);
    expect(classifySubackCode(0x80).outcome).toBe('denied');
  });
  it('a missing or unknown code is inconclusive', () => {
    expect(classifySubackCode(undefined).outcome).toBe('inconclusive');
    expect(classifySubackCode(0x87).outcome).toBe('inconclusive');
  });
});

describe('evidence text', () => {
  it('formats packets with their return codes', () => {
    expect(formatConnack({ sessionPresent: false, returnCode: 5 })).toBe(
      'CONNACK(sessionPresent=false, returnCode=5)',
    );
    expect(formatSuback({ messageId: 7, granted: [1, 128] })).toBe(
      'SUBACK(messageId=7, granted=[0x01,0x80])',
    );
    expect(formatPuback({ messageId: 9 })).toBe('PUBACK(messageId=9)');
  });
});
