/**
 * Whole OpenWire frames with the size prefix on (`OpenWireFormat.marshal`/`unmarshal` with
 * sizePrefixDisabled=false and tight encoding off): a 4-byte big-endian length of what follows, the data
 * type byte, then the loosely encoded body.
 */
import { TYPE } from './command-types';
import type { IgnoredCommand, OpenWireCommand, WireFormatInfo } from './commands';
import { DataReader, DataWriter, OpenWireDecodeError } from './data-buffer';
import { readPrimitiveMap, writePrimitiveMap } from './primitive-map';
import { StructureReader, readByteSequence, typeOf, writeBody, writeByteSequence } from './structure-codec';

export const SIZE_PREFIX_BYTES = 4;
export const WIRE_FORMAT_MAGIC = Buffer.from('ActiveMQ', 'ascii');

export interface CodecOptions {
  /** negotiated `StackTraceEnabled`: throwables then carry their stack and cause */
  stackTraces?: boolean;
}

/** The complete frame for `command`, size prefix included. */
export function encodeFrame(command: OpenWireCommand, options: CodecOptions = {}): Buffer {
  const out = new DataWriter().int(0);
  if (command.kind === 'WireFormatInfo') {
    out.byte(TYPE.WIREFORMAT_INFO);
    writeWireFormatInfo(out, command);
  } else {
    out.byte(typeOf(command));
    writeBody(out, command, options.stackTraces ?? false);
  }
  const frame = out.toBuffer();
  frame.writeInt32BE(frame.length - SIZE_PREFIX_BYTES, 0);
  return frame;
}

function writeWireFormatInfo(out: DataWriter, info: WireFormatInfo): void {
  if (info.magic.length !== WIRE_FORMAT_MAGIC.length)
    throw new RangeError('WireFormatInfo magic must be 8 bytes');
  out.bytes(info.magic).int(info.version);
  const properties = new DataWriter();
  writePrimitiveMap(properties, info.properties);
  writeByteSequence(out, info.properties === null ? null : properties.toBuffer());
}

/**
 * Decodes one frame body (type byte onwards, size prefix already stripped). Commands a probe never acts on
 * (ConnectionControl, ConsumerControl, ...) come back as `Ignored` with their command id.
 */
export function decodeFrame(body: Buffer, options: CodecOptions = {}): OpenWireCommand | IgnoredCommand {
  const input = new DataReader(body);
  const type = input.byte() & 0xff;
  if (type === TYPE.WIREFORMAT_INFO) return readWireFormatInfo(input);
  if (type === TYPE.NULL) throw new OpenWireDecodeError('frame holds the NULL structure');
  const reader = new StructureReader(input, options.stackTraces ?? false);
  let decoded;
  try {
    decoded = reader.body(type);
  } catch (error) {
    if (error instanceof OpenWireDecodeError && /^no decoder/.test(error.message)) {
      return ignored(type, body);
    }
    throw error;
  }
  if (!('commandId' in decoded))
    throw new OpenWireDecodeError(`frame holds a bare ${decoded.kind}, not a command`);
  return decoded;
}

function ignored(dataType: number, body: Buffer): IgnoredCommand {
  // every command but WireFormatInfo starts with BaseCommand's id and responseRequired flag
  const header = new DataReader(body.subarray(1));
  return { kind: 'Ignored', dataType, commandId: header.int(), responseRequired: header.boolean() };
}

function readWireFormatInfo(input: DataReader): WireFormatInfo {
  const magic = input.bytes(WIRE_FORMAT_MAGIC.length);
  const version = input.int();
  const marshalled = readByteSequence(input);
  const properties = marshalled === null ? null : readPrimitiveMap(new DataReader(marshalled));
  return { kind: 'WireFormatInfo', magic, version, properties };
}
