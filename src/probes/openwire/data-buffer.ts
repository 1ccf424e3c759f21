/**
 * Big-endian primitives as java.io.DataOutput/DataInput write and read them, which is all OpenWire's loose
 * encoding uses (`BaseDataStreamMarshaller` loose* methods).
 */
import { encodeModifiedUtf8, decodeModifiedUtf8 } from './modified-utf8';

/** A frame or structure that cannot be what it claims to be. */
export class OpenWireDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenWireDecodeError';
  }
}

const MAX_SHORT_UTF_BYTES = 0xffff;

export class DataWriter {
  private buffer = Buffer.allocUnsafe(256);
  private length = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  byte(value: number): this {
    this.reserve(1);
    this.buffer.writeInt8((value << 24) >> 24, this.length);
    this.length += 1;
    return this;
  }

  boolean(value: boolean): this {
    return this.byte(value ? 1 : 0);
  }

  short(value: number): this {
    this.reserve(2);
    this.buffer.writeInt16BE(value, this.length);
    this.length += 2;
    return this;
  }

  int(value: number): this {
    this.reserve(4);
    this.buffer.writeInt32BE(value, this.length);
    this.length += 4;
    return this;
  }

  long(value: number | bigint): this {
    this.reserve(8);
    this.buffer.writeBigInt64BE(BigInt(value), this.length);
    this.length += 8;
    return this;
  }

  double(value: number): this {
    this.reserve(8);
    this.buffer.writeDoubleBE(value, this.length);
    this.length += 8;
    return this;
  }

  bytes(value: Uint8Array): this {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** DataOutput#writeUTF: 2-byte length, modified UTF-8. */
  utf(value: string): this {
    const encoded = encodeModifiedUtf8(value);
    if (encoded.length > MAX_SHORT_UTF_BYTES) {
      throw new RangeError(`string of ${encoded.length} bytes is too long for writeUTF`);
    }
    return this.short(encoded.length).bytes(encoded);
  }

  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

export class DataReader {
  private at = 0;

  constructor(private readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.at;
  }

  private take(bytes: number, what: string): number {
    if (bytes < 0 || this.at + bytes > this.buffer.length) {
      throw new OpenWireDecodeError(
        `truncated structure: ${what} needs ${bytes} bytes at offset ${this.at} of ${this.buffer.length}`,
      );
    }
    const start = this.at;
    this.at += bytes;
    return start;
  }

  byte(): number {
    return this.buffer.readInt8(this.take(1, 'byte'));
  }

  boolean(): boolean {
    return this.buffer.readUInt8(this.take(1, 'boolean')) !== 0;
  }

  short(): number {
    return this.buffer.readInt16BE(this.take(2, 'short'));
  }

  unsignedShort(): number {
    return this.buffer.readUInt16BE(this.take(2, 'short'));
  }

  int(): number {
    return this.buffer.readInt32BE(this.take(4, 'int'));
  }

  bigLong(): bigint {
    return this.buffer.readBigInt64BE(this.take(8, 'long'));
  }

  /** A long as a number; OpenWire's ids, sequence numbers and timestamps stay far below 2^53. */
  long(): number {
    return Number(this.bigLong());
  }

  float(): number {
    return this.buffer.readFloatBE(this.take(4, 'float'));
  }

  double(): number {
    return this.buffer.readDoubleBE(this.take(8, 'double'));
  }

  bytes(length: number): Buffer {
    const start = this.take(length, `${length}-byte array`);
    return Buffer.from(this.buffer.subarray(start, start + length));
  }

  /** DataInput#readUTF. */
  utf(): string {
    return this.utfBytes(this.unsignedShort());
  }

  utfBytes(length: number): string {
    const start = this.take(length, 'string');
    try {
      return decodeModifiedUtf8(this.buffer.subarray(start, start + length));
    } catch (error) {
      throw new OpenWireDecodeError((error as Error).message);
    }
  }
}
