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

export class StompWebSocketStream extends Duplex {
  private pending = Buffer.alloc(0);

  constructor(private readonly ws: WebSocket) {
    super();
    ws.on('message', (data: RawData) => {
      this.push(Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));
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
