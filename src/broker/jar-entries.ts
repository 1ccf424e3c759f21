import { open } from 'node:fs/promises';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const EOCD_MIN_BYTES = 22;
/** The end-of-central-directory record may be followed by a comment of up to 65535 bytes. */
const EOCD_MAX_SEARCH_BYTES = EOCD_MIN_BYTES + 0xffff;
const CENTRAL_HEADER_FIXED_BYTES = 46;

/**
 * Names of every entry in a zip/jar, read from its central directory alone (names are stored uncompressed
 * there), so nothing is inflated and a multi-megabyte jar costs two small reads. Returns null when the file
 * is not a readable zip (e.g. truncated, or a zip64 archive, which broker jars never are).
 */
export async function readJarEntryNames(file: string): Promise<string[] | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size < EOCD_MIN_BYTES) return null;
    const tailLength = Math.min(size, EOCD_MAX_SEARCH_BYTES);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - EOCD_MIN_BYTES; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const entryCount = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (directoryOffset + directorySize > size) return null;
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);

    const names: string[] = [];
    let at = 0;
    for (let n = 0; n < entryCount; n++) {
      if (at + CENTRAL_HEADER_FIXED_BYTES > directory.length) return null;
      if (directory.readUInt32LE(at) !== CENTRAL_HEADER_SIGNATURE) return null;
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const nameStart = at + CENTRAL_HEADER_FIXED_BYTES;
      names.push(directory.toString('utf8', nameStart, nameStart + nameLength));
      at = nameStart + nameLength + extraLength + commentLength;
    }
    return names;
  } finally {
    await handle.close();
  }
}
