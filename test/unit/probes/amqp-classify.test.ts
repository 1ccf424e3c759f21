import {
  classifyConnectionClose,
  classifyDeliveryState,
  classifyLinkError,
  classifySaslOutcome,
  formatAmqpError,
  isClientIdConflict,
} from '../../../src/probes/amqp/classify';

const CONFLICT_TEXT =
  'Broker: test-broker - Client: fc-amqp-fixed-103323 already connected from tcp://127.0.0.1:54270';
const ADVISORY_TEXT = 'User nobody is not authorized to create: topic://ActiveMQ.Advisory.Connection';

describe('AMQP signal classification (ActiveMQ 5.17.2 record)', () => {
  it('treats SASL outcome 1 as a denial, 0 as granted and the system codes as inconclusive', () => {
    expect(classifySaslOutcome(0).outcome).toBe('granted');
    expect(classifySaslOutcome(1).outcome).toBe('denied');
    for (const code of [2, 3, 4]) expect(classifySaslOutcome(code).outcome).toBe('inconclusive');
  });

  it('denies on an advisory refusal close and keeps its text', () => {
    const verdict = classifyConnectionClose({
      condition: 'amqp:unauthorized-access',
      description: ADVISORY_TEXT,
    });
    expect(verdict).toEqual({ outcome: 'denied', detail: `amqp:unauthorized-access: ${ADVISORY_TEXT}` });
  });

  it('classifies the leaked client id close as a conflict, never a denial', () => {
    const error = {
      condition: 'amqp:invalid-field',
      description: CONFLICT_TEXT,
      info: { 'invalid-field': 'container-id' },
    };
    expect(isClientIdConflict(error)).toBe(true);
    const verdict = classifyConnectionClose(error);
    expect(verdict.outcome).toBe('inconclusive');
    expect(verdict.clientIdConflict).toBe(true);
    expect(verdict.detail).toContain(CONFLICT_TEXT);
  });

  it('recognises the conflict by its text when rhea dropped the info map', () => {
    expect(isClientIdConflict({ condition: 'amqp:invalid-field', description: CONFLICT_TEXT })).toBe(true);
    expect(isClientIdConflict({ condition: 'amqp:invalid-field', description: 'bad field' })).toBe(false);
    expect(isClientIdConflict({ condition: 'amqp:unauthorized-access', description: CONFLICT_TEXT })).toBe(
      false,
    );
  });

  it('leaves other close conditions inconclusive', () => {
    expect(classifyConnectionClose({ condition: 'amqp:internal-error', description: 'boom' }).outcome).toBe(
      'inconclusive',
    );
    expect(classifyConnectionClose(undefined).outcome).toBe('inconclusive');
  });

  it('denies a link only for amqp:unauthorized-access', () => {
    expect(classifyLinkError({ condition: 'amqp:unauthorized-access', description: 'x' }).outcome).toBe(
      'denied',
    );
    expect(classifyLinkError({ condition: 'amqp:not-found', description: 'x' }).outcome).toBe('inconclusive');
  });

  it('maps delivery states: accepted granted, rejected-unauthorized denied, the rest inconclusive', () => {
    expect(classifyDeliveryState('accepted').outcome).toBe('granted');
    expect(
      classifyDeliveryState('rejected', { condition: 'amqp:unauthorized-access', description: 'd' }).outcome,
    ).toBe('denied');
    expect(classifyDeliveryState('rejected', { condition: 'amqp:resource-limit-exceeded' }).outcome).toBe(
      'inconclusive',
    );
    expect(classifyDeliveryState('released').outcome).toBe('inconclusive');
  });

  it('formats an error as condition: description', () => {
    expect(formatAmqpError({ condition: 'amqp:unauthorized-access', description: 'no' })).toBe(
      'amqp:unauthorized-access: no',
    );
    expect(formatAmqpError({ condition: 'amqp:x' })).toBe('amqp:x');
    expect(formatAmqpError(null)).toBe('(no error)');
  });
});
