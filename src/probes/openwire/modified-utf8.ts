/**
 * Java's "modified UTF-8" (java.io.DataOutput#writeUTF): each UTF-16 code unit is encoded on its own, so a
 * character outside the BMP becomes two 3-byte sequences, and U+0000 becomes `C0 80`. OpenWire writes every
 * string this way, and ActiveMQTextMessage bodies too (MarshallingSupport.writeUTF8 differs only in its
 * 4-byte length).
 */

export function modifiedUtf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x0001 && unit <= 0x007f) length += 1;
    else if (unit > 0x07ff) length += 3;
    else length += 2;
  }
  return length;
}

export function encodeModifiedUtf8(text: string): Buffer {
  const out = Buffer.allocUnsafe(modifiedUtf8Length(text));
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x0001 && unit <= 0x007f) {
      out[at++] = unit;
    } else if (unit > 0x07ff) {
      out[at++] = 0xe0 | ((unit >> 12) & 0x0f);
      out[at++] = 0x80 | ((unit >> 6) & 0x3f);
      out[at++] = 0x80 | (unit & 0x3f);
    } else {
      out[at++] = 0xc0 | ((unit >> 6) & 0x1f);
      out[at++] = 0x80 | (unit & 0x3f);
    }
  }
  return out;
}

/** Decodes; throws RangeError on a sequence Java's DataInput#readUTF would reject. */
export function decodeModifiedUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let at = 0;
  const continuation = (index: number): number => {
    const byte = bytes[index];
    if (byte === undefined || (byte & 0xc0) !== 0x80) {
      throw new RangeError(`malformed modified UTF-8 at byte ${index}`);
    }
    return byte & 0x3f;
  };
  while (at < bytes.length) {
    const lead = bytes[at] as number;
    if (lead < 0x80) {
      units.push(lead);
      at += 1;
    } else if (lead >> 5 === 0b110) {
      units.push(((lead & 0x1f) << 6) | continuation(at + 1));
      at += 2;
    } else if (lead >> 4 === 0b1110) {
      units.push(((lead & 0x0f) << 12) | (continuation(at + 1) << 6) | continuation(at + 2));
      at += 3;
    } else {
      throw new RangeError(`malformed modified UTF-8 at byte ${at}`);
    }
  }
  let text = '';
  const CHUNK = 8192;
  for (let i = 0; i < units.length; i += CHUNK) text += String.fromCharCode(...units.slice(i, i + CHUNK));
  return text;
}
