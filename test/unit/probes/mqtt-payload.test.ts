import { newProbeMessage, probeIdFromBody } from '../../../src/probes/probe-message';
import { encodeProbePayload, matchProbePayload } from '../../../src/probes/mqtt/payload';

describe('MQTT probe payloads', () => {
  it('sends a body that already carries its id unchanged', () => {
    const message = newProbeMessage('produce');
    expect(encodeProbePayload(message).toString('utf8')).toBe(message.body);
  });

  it('puts the id in front of any other body, in the form every observer reads', () => {
    const payload = encodeProbePayload({ id: 'case-1', body: 'hello' }).toString('utf8');
    expect(probeIdFromBody(payload)).toBe('case-1');
    expect(matchProbePayload(payload, 'case-1')).toEqual({ id: 'case-1', body: 'hello' });
  });

  it('matches only the expected id', () => {
    const message = newProbeMessage('consume');
    const payload = encodeProbePayload(message);
    expect(matchProbePayload(payload, message.id)).toEqual(message);
    expect(matchProbePayload(payload, 'someone-else')).toBeNull();
    expect(matchProbePayload(Buffer.from('unrelated'), message.id)).toBeNull();
  });
});
