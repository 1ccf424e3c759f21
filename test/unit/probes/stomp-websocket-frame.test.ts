/** STOMP over WebSocket: a frame whose binary body the broker re-encoded keeps a content-length stompit can follow. */
import { withTrueContentLength } from '../../../src/probes/stomp/websocket-stream';

const NUL = '\u0000';

describe('withTrueContentLength', () => {
  it("sets content-length to the body's real length when the broker's text message re-encoded a binary body", () => {
    // as ActiveMQ 5.18.7 sent an AMQP-native message a virtual topic copied into a consumer queue: U+FFFD for
    // each byte that was not UTF-8 makes the body longer than the 12 bytes the broker counted
    const body = `${NUL}Sp\uFFFD\uFFFDamq-auth`;
    const frame = Buffer.from(
      `MESSAGE\nJMS_AMQP_NATIVE:true\ncontent-length:12\nsubscription:s-1\n\n${body}${NUL}`,
    );
    const fixed = withTrueContentLength(frame).toString('utf8');
    const length = Buffer.byteLength(body, 'utf8');
    expect(length).not.toBe(12);
    expect(fixed).toBe(
      `MESSAGE\nJMS_AMQP_NATIVE:true\ncontent-length:${length}\nsubscription:s-1\n\n${body}${NUL}`,
    );
  });

  it('leaves frames alone whose content-length is right, that have none, and heart-beats', () => {
    const right = Buffer.from(`MESSAGE\ncontent-length:5\n\nhello${NUL}`);
    expect(withTrueContentLength(right)).toBe(right);
    const none = Buffer.from(`RECEIPT\nreceipt-id:7\n\n${NUL}`);
    expect(withTrueContentLength(none)).toBe(none);
    const beat = Buffer.from('\n');
    expect(withTrueContentLength(beat)).toBe(beat);
  });
});
