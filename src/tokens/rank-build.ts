import { hashBytes, RankTable } from "./rank-table.js";

/*
 * Building a RankTable from js-tiktoken's ranks: done by `npm run build` (scripts/write-ranks.ts),
 * which stores the table (rank-file.ts); kept apart from rank-table.ts so that the plugin and the
 * CLI, which only load stored tables, do not carry it.
 */

/**
 * From js-tiktoken's compressed ranks: lines of `<anything> <first rank> <base64 token>...`,
 * each token ranked one above the one before it. Decoded in one pass straight into `bytes`:
 * neither `split` nor a string per token (atob) is needed. Run at build time (scripts/write-ranks.ts).
 */
export function rankTableFromCompressed(compressed: string): RankTable {
  let capacity = 1;
  for (let index = compressed.indexOf(" "); index >= 0; index = compressed.indexOf(" ", index + 1)) capacity++;
  const bytes = new Uint8Array(Math.ceil((compressed.length * 3) / 4));
  const starts = new Int32Array(capacity + 1);
  let count = 0;
  let written = 0;
  for (let lineStart = 0; lineStart < compressed.length; ) {
    let lineEnd = compressed.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = compressed.length;
    const rankStart = compressed.indexOf(" ", lineStart) + 1;
    let field = compressed.indexOf(" ", rankStart);
    if (rankStart > 0 && field >= 0 && field < lineEnd) {
      const first = Number.parseInt(compressed.slice(rankStart, field), 10);
      if (first !== count) throw new Error(`ranks are not contiguous: a line starts at rank ${first} after ${count} tokens`);
      while (field < lineEnd) {
        const tokenStart = field + 1;
        field = compressed.indexOf(" ", tokenStart);
        if (field < 0 || field > lineEnd) field = lineEnd;
        starts[count++] = written;
        written = decodeBase64(compressed, tokenStart, field, bytes, written);
      }
    }
    lineStart = lineEnd + 1;
  }
  starts[count] = written;
  const tokenStarts = starts.slice(0, count + 1);
  return new RankTable(bytes.slice(0, written), tokenStarts, slotsFor(bytes, tokenStarts));
}

/** The hash table of the tokens `starts` delimits in `bytes`: at most half full. */
function slotsFor(bytes: Uint8Array, starts: Int32Array): Int32Array {
  const count = starts.length - 1;
  let size = 1;
  while (size < count * 2) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let token = 0; token < count; token++) {
    let slot = hashBytes(bytes, starts[token]!, starts[token + 1]!) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = token + 1;
  }
  return slots;
}

/** Base64 digit values by char code; -1 for `=` and anything else. */
const DIGITS = new Int8Array(128).fill(-1);
for (const [index, character] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) DIGITS[character.charCodeAt(0)] = index;

/** Decodes `text.slice(start, end)` into `out` from `at`; returns the index after the last byte. */
function decodeBase64(text: string, start: number, end: number, out: Uint8Array, at: number): number {
  let buffer = 0;
  let bits = 0;
  let written = at;
  for (let index = start; index < end; index++) {
    const digit = DIGITS[text.charCodeAt(index)] ?? -1;
    if (digit < 0) break; // padding
    buffer = ((buffer << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = (buffer >> bits) & 0xff;
    }
  }
  return written;
}
