import { RankTable } from "./rank-table.js";

/*
 * An encoding as the analyzer loads it: its pre-tokenizer pattern and the arrays of its
 * RankTable, written by `npm run build` (scripts/write-ranks.ts) from js-tiktoken's ranks to
 * dist/ranks/<encoding>.bin. Loading one is one file read: no module of megabytes of base64 to
 * parse and decode, no hash table to fill (about 60 ms for o200k_base, once per process).
 *
 * Layout: a header of five 32-bit words (FORMAT, then the length of the pattern in UTF-8 bytes,
 * of the slots, of the starts and of the bytes), then the pattern, the slots, the starts and the
 * bytes, each from a multiple of 4. Words are in the machine's byte order, little-endian on every
 * platform Node ships for; on another, FORMAT does not match and the file is refused.
 */

/** "PCR1". Change it with the layout, or with the hash in rank-table.ts that placed the slots. */
const FORMAT = 0x31524350;
const HEADER_BYTES = 5 * 4;

export interface Encoding {
  /** js-tiktoken's `pat_str`. */
  pattern: string;
  table: RankTable;
}

export function writeRankFile({ pattern, table }: Encoding): Uint8Array {
  const text = Buffer.from(pattern, "utf8");
  const parts = [text, table.slots, table.starts, table.bytes];
  const file = new Uint8Array(HEADER_BYTES + parts.reduce((sum, part) => sum + aligned(part.byteLength), 0));
  new Uint32Array(file.buffer, 0, 5).set([FORMAT, text.length, table.slots.length, table.starts.length, table.bytes.length]);
  let at = HEADER_BYTES;
  for (const part of parts) {
    file.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += aligned(part.byteLength);
  }
  return file;
}

/** The encoding in a rank file; its arrays are views of the file's own memory. */
export function readRankFile(data: Uint8Array, name: string): Encoding {
  // Typed arrays over the file need its start aligned: a pooled buffer is copied.
  const file = data.byteOffset % 4 === 0 ? data : data.slice();
  const header = file.byteLength >= HEADER_BYTES ? new Uint32Array(file.buffer, file.byteOffset, 5) : null;
  const [format, patternLength = 0, slotCount = 0, startCount = 0, byteCount = 0] = header ?? [];
  const size = HEADER_BYTES + aligned(patternLength) + aligned(slotCount * 4) + aligned(startCount * 4) + aligned(byteCount);
  if (format !== FORMAT || size !== file.byteLength) throw new Error(`${name} is not a rank file of this version of prompt-cache (run \`npm run build\`).`);
  let at = file.byteOffset + HEADER_BYTES;
  const pattern = Buffer.from(file.buffer, at, patternLength).toString("utf8");
  at += aligned(patternLength);
  const slots = new Int32Array(file.buffer, at, slotCount);
  at += slotCount * 4;
  const starts = new Int32Array(file.buffer, at, startCount);
  at += startCount * 4;
  return { pattern, table: new RankTable(new Uint8Array(file.buffer, at, byteCount), starts, slots) };
}

function aligned(length: number): number {
  return Math.ceil(length / 4) * 4;
}
