import type { EncodingName } from "../providers/types.js";
import { getEncoder, utf8Bytes, type Encoder } from "./encoder.js";

/**
 * js-tiktoken's BPE merge is quadratic in the UTF-8 length of one pre-tokenizer match (10,000 `a`s
 * take seconds, a long emoji run minutes). Matches longer than this many bytes are counted in
 * chunks of at most this size: an approximation (a token may span a cut), only for such runs.
 * Up to it, a match costs at most a few milliseconds and the count is exact.
 */
const MAX_MATCH_BYTES = 128;

/** Rules ask for the same text again and again: counts of recent strings, per encoding. */
const CACHE_SIZE = 10_000;
const caches = new Map<EncodingName, Map<string, number>>();

/**
 * Tokens of `text` as ordinary text, like tiktoken's `encode_ordinary`: special tokens such as
 * `<|endoftext|>` count as the characters they are made of.
 */
export function countTokens(text: string, encoding: EncodingName): number {
  if (text === "") return 0; // without loading the encoder
  let cache = caches.get(encoding);
  if (!cache) caches.set(encoding, (cache = new Map()));
  let count = cache.get(text);
  if (count === undefined) {
    count = countUncached(text, getEncoder(encoding));
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  } else {
    cache.delete(text); // re-inserted below as the most recent
  }
  cache.set(text, count);
  return count;
}

/**
 * BPE runs on each pre-tokenizer match separately, so the count of a text is the sum of the
 * counts of its matches. A long match is counted in chunks, each split and counted as a text.
 */
function countUncached(text: string, encoder: Encoder): number {
  let total = 0;
  for (const [match] of text.matchAll(encoder.pattern)) {
    const bytes = utf8Bytes(match);
    if (bytes.length <= MAX_MATCH_BYTES) total += encoder.matchTokens(bytes);
    else for (const chunk of chunks(match)) total += countUncached(chunk, encoder);
  }
  return total;
}

/** Cuts text into pieces of at most MAX_MATCH_BYTES UTF-8 bytes, never inside a code point. */
function* chunks(text: string): Generator<string> {
  let start = 0;
  let bytes = 0;
  for (let index = 0; index < text.length; ) {
    const codePoint = text.codePointAt(index)!;
    // A lone surrogate is encoded as U+FFFD: 3 bytes.
    const size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    if (bytes + size > MAX_MATCH_BYTES) {
      yield text.slice(start, index);
      start = index;
      bytes = 0;
    }
    bytes += size;
    index += size === 4 ? 2 : 1;
  }
  yield text.slice(start);
}
