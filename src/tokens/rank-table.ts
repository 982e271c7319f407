/**
 * Token bytes to rank, for the BPE merge in encoder.ts: an open-addressing table in typed
 * arrays, which rank-file.ts stores as it is, so a process loads it without building anything
 * (a `Map` of o200k_base's 200,000 tokens took 100-150 ms to build; rank-build.ts builds it). Keys are UTF-8 bytes as
 * char codes 0-255 (`utf8Bytes`), and a lookup reads a range of such a string without slicing it.
 * A token's rank is its index: both encodings rank their tokens 0 to n-1.
 */
export class RankTable {
  private readonly mask: number;

  constructor(
    /** Every token's bytes, one after the other, in rank order. */
    readonly bytes: Uint8Array,
    /** Where the token of rank `i` starts in `bytes`; `starts[i + 1]` is where it ends. */
    readonly starts: Int32Array,
    /** Open addressing, linear probing, a power of two long: a token's rank plus one, 0 for an empty slot. */
    readonly slots: Int32Array,
  ) {
    this.mask = slots.length - 1;
  }

  /** The rank of the token `key.slice(start, end)` (char codes 0-255), or -1 when it is not a token. */
  rank(key: string, start: number, end: number): number {
    const length = end - start;
    for (let slot = hashText(key, start, end) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      const token = entry - 1;
      const from = this.starts[token]!;
      if (this.starts[token + 1]! - from === length && sameBytes(this.bytes, from, key, start, length)) return token;
    }
  }
}

/** FNV-1a over bytes; hashText gives the same value for the same bytes as char codes. Stored tables depend on it: see rank-file.ts. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
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
