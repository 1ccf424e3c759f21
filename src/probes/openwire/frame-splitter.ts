/** Cuts a TLS byte stream into OpenWire frame bodies using the 4-byte size prefix. */
import { OpenWireDecodeError } from './data-buffer';
import { SIZE_PREFIX_BYTES } from './frame-codec';

/** Larger than anything a probe exchanges; a bigger size means the stream is not OpenWire. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export class FrameSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Feeds bytes; returns every frame body completed by them, in order. */
  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Buffer[] = [];
    let data = Buffer.concat(this.pending, this.pendingBytes);
    while (data.length >= SIZE_PREFIX_BYTES) {
      const size = data.readInt32BE(0);
      if (size <= 0 || size > MAX_FRAME_BYTES) {
        throw new OpenWireDecodeError(`frame size ${size} is out of range: the peer does not speak OpenWire`);
      }
      if (data.length < SIZE_PREFIX_BYTES + size) break;
      frames.push(data.subarray(SIZE_PREFIX_BYTES, SIZE_PREFIX_BYTES + size));
      data = data.subarray(SIZE_PREFIX_BYTES + size);
    }
    this.pending = data.length > 0 ? [data] : [];
    this.pendingBytes = data.length;
    return frames;
  }
}
