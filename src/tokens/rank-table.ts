/**
 * Token bytes to rank, for the BPE merge in encoder.ts. A `Map` of o200k_base's 200,000 tokens
 * took 100-150 ms to build, most of a linter's first token count; this open-addressing table in
 * typed arrays is built in a fraction of that. Keys are UTF-8 bytes as char codes 0-255 (`utf8Bytes`), and
 * a lookup reads a range of such a string without slicing it.
 */
export class RankTable {
  /** Every token's bytes, one after the other, in the order of the ranks file. */
  private readonly bytes: Uint8Array;
  /** Where token `i` starts in `bytes`; `starts[i + 1]` is where it ends. */
  private readonly starts: Int32Array;
  private readonly ranks: Int32Array;
  /** Open addressing, linear probing: a token's index plus one, 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /**
   * js-tiktoken's compressed ranks: lines of `<anything> <first rank> <base64 token>...`, each
   * token ranked one above the one before it. Decoded in one pass straight into `bytes`: neither
   * `split` nor a string per token (atob) is needed.
   */
  constructor(compressed: string) {
    let capacity = 1;
    for (let index = compressed.indexOf(" "); index >= 0; index = compressed.indexOf(" ", index + 1)) capacity++;
    this.bytes = new Uint8Array(Math.ceil((compressed.length * 3) / 4));
    this.starts = new Int32Array(capacity + 1);
    this.ranks = new Int32Array(capacity);
    let count = 0;
    let written = 0;
    for (let lineStart = 0; lineStart < compressed.length; ) {
      let lineEnd = compressed.indexOf("\n", lineStart);
      if (lineEnd < 0) lineEnd = compressed.length;
      const rankStart = compressed.indexOf(" ", lineStart) + 1;
      let field = compressed.indexOf(" ", rankStart);
      if (rankStart > 0 && field >= 0 && field < lineEnd) {
        let rank = Number.parseInt(compressed.slice(rankStart, field), 10);
        while (field < lineEnd) {
          const tokenStart = field + 1;
          field = compressed.indexOf(" ", tokenStart);
          if (field < 0 || field > lineEnd) field = lineEnd;
          this.starts[count] = written;
          this.ranks[count++] = rank++;
          written = decodeBase64(compressed, tokenStart, field, this.bytes, written);
        }
      }
      lineStart = lineEnd + 1;
    }
    this.starts[count] = written;
    let size = 1;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let token = 0; token < count; token++) {
      let slot = hashBytes(this.bytes, this.starts[token]!, this.starts[token + 1]!) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = token + 1;
    }
  }

  /** The rank of the token `key.slice(start, end)` (char codes 0-255), or -1 when it is not a token. */
  rank(key: string, start: number, end: number): number {
    const length = end - start;
    for (let slot = hashText(key, start, end) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      const token = entry - 1;
      const from = this.starts[token]!;
      if (this.starts[token + 1]! - from === length && sameBytes(this.bytes, from, key, start, length)) return this.ranks[token]!;
    }
  }
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

/** FNV-1a over bytes; hashText gives the same value for the same bytes as char codes. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let value = 0x811c9dc5;
  for (let index = start; index < end; index++) value = Math.imul(value ^ bytes[index]!, 0x01000193);
  return value >>> 0;
}

function hashText(text: string, start: number, end: number): number {
  let value = 0x811c9dc5;
  for (let index = start; index < end; index++) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193);
  return value >>> 0;
}

function sameBytes(bytes: Uint8Array, from: number, text: string, start: number, length: number): boolean {
  for (let index = 0; index < length; index++) {
    if (bytes[from + index] !== text.charCodeAt(start + index)) return false;
  }
  return true;
}
