import { RankTable } from "./rank-table.js";

/*
 * An encoding as the analyzer loads it: its pre-tokenizer pattern and the arrays of its
 * RankTable, written by `npm run build` (scripts/write-ranks.ts) from js-tiktoken's ranks to
 * dist/ranks/<encoding>.bin. Loading one is one file read: no module of megabytes of base64 to
 * parse and decode, no hash table to fill (about 60 ms for o200k_base, once per process).
 *
 * Layout, little-endian: a header of five 32-bit words (FORMAT, then the length of the pattern in
 * UTF-8 bytes, of the slots, of the starts and of the bytes), then the pattern, the slots, the
 * starts and the bytes, each from a multiple of 4. On a little-endian machine (every common one)
 * the arrays are views of the file; on a big-endian one (s390x, AIX) they are read word by word.
 */

/** "PCR1". Change it with the layout, or with the hash in rank-table.ts that placed the slots. */
const FORMAT = 0x31524350;
const HEADER_WORDS = 5;
const HEADER_BYTES = HEADER_WORDS * 4;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface Encoding {
  /** js-tiktoken's `pat_str`. */
  pattern: string;
  table: RankTable;
}

/** `littleEndianHost` is the machine's byte order (a parameter so that tests can take the other path). */
export function writeRankFile({ pattern, table }: Encoding, littleEndianHost = LITTLE_ENDIAN_HOST): Uint8Array {
  const text = Buffer.from(pattern, "utf8");
  const file = new Uint8Array(HEADER_BYTES + aligned(text.length) + aligned(table.slots.byteLength) + aligned(table.starts.byteLength) + aligned(table.bytes.length));
  const view = new DataView(file.buffer);
  [FORMAT, text.length, table.slots.length, table.starts.length, table.bytes.length].forEach((word, index) => view.setUint32(index * 4, word, true));
  let at = HEADER_BYTES;
  file.set(text, at);
  at += aligned(text.length);
  for (const words of [table.slots, table.starts]) {
    if (littleEndianHost) file.set(new Uint8Array(words.buffer, words.byteOffset, words.byteLength), at);
    else words.forEach((word, index) => view.setInt32(at + index * 4, word, true));
    at += words.byteLength;
  }
  file.set(table.bytes, at);
  return file;
}

/** The encoding in a rank file (`name`, for the error). */
export function readRankFile(data: Uint8Array, name: string, littleEndianHost = LITTLE_ENDIAN_HOST): Encoding {
  // Typed arrays over the file need its start aligned: copy it when it is not.
  const file = data.byteOffset % 4 === 0 ? data : new Uint8Array(data);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const header = file.byteLength >= HEADER_BYTES ? Array.from({ length: HEADER_WORDS }, (_, index) => view.getUint32(index * 4, true)) : [];
  const [format, patternLength = 0, slotCount = 0, startCount = 0, byteCount = 0] = header;
  const size = HEADER_BYTES + aligned(patternLength) + slotCount * 4 + startCount * 4 + aligned(byteCount);
  if (format !== FORMAT || size !== file.byteLength) {
    throw new Error(`${name} is not a rank file of this version of prompt-cache: reinstall eslint-plugin-prompt-cache, or run \`npm run build\` in its repository.`);
  }
  let at = HEADER_BYTES;
  const pattern = Buffer.from(file.buffer, file.byteOffset + at, patternLength).toString("utf8");
  at += aligned(patternLength);
  const words = (count: number): Int32Array => {
    const start = at;
    at += count * 4;
    return littleEndianHost ? new Int32Array(file.buffer, file.byteOffset + start, count) : Int32Array.from({ length: count }, (_, index) => view.getInt32(start + index * 4, true));
  };
  const slots = words(slotCount);
  const starts = words(startCount);
  return { pattern, table: new RankTable(new Uint8Array(file.buffer, file.byteOffset + at, byteCount), starts, slots) };
}

function aligned(length: number): number {
  return Math.ceil(length / 4) * 4;
}
