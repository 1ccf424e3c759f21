/**
 * A byte stream over a STOMP WebSocket, for stompit. ActiveMQ's WebSocket transport parses every text
 * message as exactly one STOMP frame and ignores binary messages (`AbstractStompSocket.processStompFrame`,
 * `StompSocket.onWebSocketBinary` in apache/activemq, activemq-http), while stompit writes one frame in
 * several pieces. `ws.createWebSocketStream` would send each piece as its own binary message, so this
 * stream collects the pieces and sends each complete frame (through its NUL) as one text message.
 */
import { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';

const NUL = 0x00;

/**
 * ActiveMQ sends each STOMP frame as one WebSocket text message made from a Java String, so a binary body (an
 * AMQP message the broker keeps in its native encoding, `JMS_AMQP_NATIVE:true`, e.g. one a virtual topic
 * copied into a consumer queue) arrives re-encoded and longer than the `content-length` the broker wrote;
 * stompit then stops at the mismatch (`expected null byte`) and drops the connection. A text message is one
 * whole frame, so its body is everything between the blank line and the final NUL: the header is set to that.
 */
export function withTrueContentLength(frame: Buffer): Buffer {
  const headerEnd = frame.indexOf('\n\n');
  if (headerEnd < 0 || frame[frame.length - 1] !== NUL) return frame;
  const head = frame.subarray(0, headerEnd).toString('utf8');
  const declared = /(^|\n)content-length:(\d+)(?=\n|$)/.exec(head);
  if (!declared) return frame;
  const actual = frame.length - (headerEnd + 2) - 1;
  if (Number(declared[2]) === actual) return frame;
  const fixed = head.replace(/(^|\n)content-length:\d+/, `$1content-length:${actual}`);
  return Buffer.concat([Buffer.from(fixed, 'utf8'), frame.subarray(headerEnd)]);
}

export class StompWebSocketStream extends Duplex {
  private pending = Buffer.alloc(0);

  constructor(private readonly ws: WebSocket) {
    super();
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      this.push(isBinary ? bytes : withTrueContentLength(bytes));
    });
    ws.on('close', () => this.push(null));
    ws.on('error', (error) => this.destroy(error));
  }

  override _read(): void {
    // messages are pushed as they arrive
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    const frames: string[] = [];
    for (let end = this.pending.indexOf(NUL); end >= 0; end = this.pending.indexOf(NUL)) {
      // stompit follows each NUL with a newline: between frames it is a heart-beat, not part of a frame
      const frame = this.pending
        .subarray(0, end + 1)
        .toString('utf8')
        .replace(/^[\r\n]+/, '');
      this.pending = this.pending.subarray(end + 1);
      frames.push(frame);
    }
    if (frames.length === 0) {
      callback();
      return;
    }
    this.whenOpen((error) => {
      if (error) return callback(error);
      for (const frame of frames) this.ws.send(frame, { binary: false });
      callback();
    });
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    callback(error);
  }

  private whenOpen(then: (error?: Error) => void): void {
    if (this.ws.readyState === WebSocket.OPEN) return then();
    if (this.ws.readyState !== WebSocket.CONNECTING) return then(new Error('WebSocket is not open'));
    const onOpen = () => {
      this.ws.off('close', onClose);
      then();
    };
    const onClose = () => {
      this.ws.off('open', onOpen);
      then(new Error('WebSocket closed before it opened'));
    };
    this.ws.once('open', onOpen);
    this.ws.once('close', onClose);
  }
}
