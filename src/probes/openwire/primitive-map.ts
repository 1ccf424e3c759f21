/**
 * The "primitive map" ActiveMQ uses for message properties and WireFormatInfo options
 * (`org.apache.activemq.util.MarshallingSupport.marshalPrimitiveMap`): an int count, then per entry a
 * writeUTF key, a type byte and the value.
 *
 * Java types are chosen by the JS type on the way out: number -> int, bigint -> long. Readers of
 * WireFormatInfo cast `MaxInactivityDuration` to Long, so a long must go out as bigint.
 */
import { type DataReader, type DataWriter, OpenWireDecodeError } from './data-buffer';
import { encodeModifiedUtf8 } from './modified-utf8';

export type PrimitiveValue =
  null | boolean | number | bigint | string | Buffer | PrimitiveValue[] | PrimitiveMap;
export type PrimitiveMap = Map<string, PrimitiveValue>;

const P = {
  NULL: 0,
  BOOLEAN: 1,
  BYTE: 2,
  CHAR: 3,
  SHORT: 4,
  INTEGER: 5,
  LONG: 6,
  DOUBLE: 7,
  FLOAT: 8,
  STRING: 9,
  BYTE_ARRAY: 10,
  MAP: 11,
  LIST: 12,
  BIG_STRING: 13,
} as const;

/** MarshallingSupport.marshalString switches to the 4-byte-length form from this many UTF-16 units on. */
const BIG_STRING_FROM_UNITS = Math.floor(0x7fff / 4);

export function writePrimitiveMap(out: DataWriter, map: PrimitiveMap | null): void {
  if (map === null) {
    out.int(-1);
    return;
  }
  out.int(map.size);
  for (const [key, value] of map) {
    out.utf(key);
    writePrimitive(out, value);
  }
}

function writePrimitive(out: DataWriter, value: PrimitiveValue): void {
  if (value === null) out.byte(P.NULL);
  else if (typeof value === 'boolean') out.byte(P.BOOLEAN).boolean(value);
  else if (typeof value === 'bigint') out.byte(P.LONG).long(value);
  else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff)
      out.byte(P.INTEGER).int(value);
    else out.byte(P.DOUBLE).double(value);
  } else if (typeof value === 'string') {
    if (value.length < BIG_STRING_FROM_UNITS) out.byte(P.STRING).utf(value);
    else {
      // same bytes as writeUTF, with a 4-byte length instead of its 64 KiB limit
      const encoded = encodeModifiedUtf8(value);
      out.byte(P.BIG_STRING).int(encoded.length).bytes(encoded);
    }
  } else if (Buffer.isBuffer(value)) out.byte(P.BYTE_ARRAY).int(value.length).bytes(value);
  else if (Array.isArray(value)) {
    out.byte(P.LIST).int(value.length);
    for (const item of value) writePrimitive(out, item);
  } else {
    out.byte(P.MAP);
    writePrimitiveMap(out, value);
  }
}

export function readPrimitiveMap(input: DataReader): PrimitiveMap | null {
  const size = input.int();
  if (size < 0) return null;
  if (size > input.remaining) throw new OpenWireDecodeError(`primitive map claims ${size} entries`);
  const map: PrimitiveMap = new Map();
  for (let i = 0; i < size; i++) {
    const key = input.utf();
    map.set(key, readPrimitive(input));
  }
  return map;
}

function readPrimitive(input: DataReader): PrimitiveValue {
  const type = input.byte();
  switch (type) {
    case P.NULL:
      return null;
    case P.BOOLEAN:
      return input.boolean();
    case P.BYTE:
      return input.byte();
    case P.CHAR:
      return String.fromCharCode(input.unsignedShort());
    case P.SHORT:
      return input.short();
    case P.INTEGER:
      return input.int();
    case P.LONG:
      return input.bigLong();
    case P.DOUBLE:
      return input.double();
    case P.FLOAT:
      return input.float();
    case P.STRING:
      return input.utf();
    case P.BIG_STRING:
      return input.utfBytes(input.int());
    case P.BYTE_ARRAY:
      return input.bytes(input.int());
    case P.MAP:
      return readPrimitiveMap(input) ?? new Map();
    case P.LIST: {
      const count = input.int();
      if (count < 0 || count > input.remaining)
        throw new OpenWireDecodeError(`primitive list claims ${count} items`);
      const items: PrimitiveValue[] = [];
      for (let i = 0; i < count; i++) items.push(readPrimitive(input));
      return items;
    }
    default:
      throw new OpenWireDecodeError(`unknown primitive type ${type}`);
  }
}
