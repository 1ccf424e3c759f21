import * as frames from 'rhea/lib/frames.js';
import * as terminus from 'rhea/lib/terminus.js';
import { FrameRecorder } from '../../../src/probes/amqp/frame-recorder';

const SASL_HEADER = Buffer.from('414d515003010000', 'hex');
const AMQP_HEADER = Buffer.from('414d515000010000', 'hex');

const sasl = (performative: unknown) => frames.write_frame(frames.sasl_frame(performative));
const amqp = (performative: unknown) => frames.write_frame(frames.amqp_frame(0, performative));

function byteByByte(recorder: FrameRecorder, bytes: Buffer): void {
  for (const byte of bytes) recorder.push(Buffer.from([byte]));
}

describe('FrameRecorder', () => {
  it('records a failed SASL exchange with its outcome code, even when bytes arrive one at a time', () => {
    const recorder = new FrameRecorder();
    byteByByte(
      recorder,
      Buffer.concat([
        SASL_HEADER,
        sasl(frames.sasl_mechanisms({ sasl_server_mechanisms: ['PLAIN', 'ANONYMOUS'] })),
        sasl(frames.sasl_outcome({ code: 1 })),
      ]),
    );
    expect(recorder.saslOutcomeCode).toBe(1);
    expect(recorder.frames.map((f) => f.text)).toEqual([
      'protocol-header AMQP {"protocol_id":3,"major":1,"minor":0,"revision":0}',
      'sasl_mechanisms {"sasl_server_mechanisms":["PLAIN","ANONYMOUS"]}',
      'sasl_outcome {"code":"1 (auth)"}',
    ]);
  });

  it('follows SASL ok into the AMQP layer and renders a link refusal as the record does', () => {
    const recorder = new FrameRecorder();
    const refusal = {
      condition: 'amqp:unauthorized-access',
      description: 'User consumer is not authorized to write to: queue://ORDERS.new',
    };
    recorder.push(
      Buffer.concat([
        SASL_HEADER,
        sasl(frames.sasl_outcome({ code: 0 })),
        AMQP_HEADER,
        amqp(frames.open({ container_id: 'test-broker' })),
        amqp(
          frames.attach({
            name: 'l',
            handle: 0,
            role: true,
            source: terminus.source({}).described(),
            target: null,
          }),
        ),
        amqp(frames.detach({ handle: 0, closed: true, error: refusal })),
      ]),
    );
    const texts = recorder.frames.map((f) => f.text);
    expect(recorder.saslOutcomeCode).toBe(0);
    expect(texts[2]).toBe('protocol-header AMQP {"protocol_id":0,"major":1,"minor":0,"revision":0}');
    expect(texts[3]).toContain('open {"container_id":"test-broker"');
    expect(texts[4]).toBe('attach {"role":"receiver","source":{},"target":null}');
    expect(texts[5]).toBe(`detach {"closed":true,"error":${JSON.stringify(refusal)}}`);
    expect(recorder.summary(4)).toBe(`${texts[4]} | ${texts[5]}`);
  });

  it('stops decoding, and says so, when the bytes are not AMQP', () => {
    const recorder = new FrameRecorder();
    recorder.push(Buffer.concat([SASL_HEADER, Buffer.from([0, 0, 0, 9, 0, 9, 0, 0, 0])]));
    expect(recorder.frames.at(-1)?.name).toBe('undecodable');
  });
});
