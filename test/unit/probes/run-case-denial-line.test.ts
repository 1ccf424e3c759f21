import { denialLinePattern } from '../../../src/probes/run-case';

const QUEUE = { kind: 'queue', name: 'APP.q' } as const;
const TOPIC = { kind: 'topic', name: 'APP.t' } as const;
const securityLine = (text: string) =>
  `2026-11-22 10:50:42,694 | WARN  | Security Error occurred on connection to: tcp://127.0.0.1:39876, ${text} | org.apache.activemq.broker.TransportConnection.Service`;

describe('denialLinePattern', () => {
  it('matches the broker line naming user, verb and destination', () => {
    const line = securityLine('User reader is not authorized to write to: topic://APP.t');
    expect(denialLinePattern('write to', TOPIC, 'reader').test(line)).toBe(true);
    expect(denialLinePattern('write to', TOPIC).test(line)).toBe(true);
  });

  it.each([
    ['another user', 'User other is not authorized to write to: topic://APP.t'],
    ['another verb', 'User reader is not authorized to read from: topic://APP.t'],
    ['another destination kind', 'User reader is not authorized to write to: queue://APP.t'],
    ['a longer name with the same start', 'User reader is not authorized to write to: topic://APP.t.more'],
    ['a name that only looks alike', 'User reader is not authorized to write to: topic://APPxt'],
  ])('ignores a line for %s', (_label, text) => {
    expect(denialLinePattern('write to', TOPIC, 'reader').test(securityLine(text))).toBe(false);
  });

  it('accepts an MQTT publish failure only when it names the destination', () => {
    const pattern = denialLinePattern('write to', QUEUE, 'reader');
    expect(pattern.test('WARN | Failed to send MQTT Publish: queue://APP.q')).toBe(true);
    expect(pattern.test('WARN | Failed to send MQTT Publish: ')).toBe(false);
  });
});
