import { createRequire } from "node:module";
import type { TiktokenBPE } from "js-tiktoken/lite";
import type { EncodingName } from "../providers/types.js";
import { RankTable } from "./rank-table.js";

/**
 * A BPE token counter over js-tiktoken's ranks. Only counts are needed, never token ids or
 * decoding, so it keeps one table from a token's bytes to its rank (rank-table.ts) and none of
 * js-tiktoken's other tables: for o200k_base it is built in about 50 ms into 5 MB of typed
 * arrays (`new Tiktoken(ranks)`: about 0.7 s and 65 MB). The merge is js-tiktoken's own (same
 * order, same ties), so the counts are the same; test/tokens.test.ts checks them against
 * js-tiktoken.
 */
export interface Encoder {
  /** The pre-tokenizer: the regex that splits text before BPE, with js-tiktoken's flags. */
  pattern: RegExp;
  /**
   * Tokens of one pre-tokenizer match, given as its UTF-8 bytes (`utf8Bytes`). BPE is quadratic
   * in the length of a match: count.ts cuts long ones first.
   */
  matchTokens(bytes: string): number;
}

const encoders = new Map<EncodingName, Encoder>();

/**
 * The encoder of an encoding, built on first use: the ranks are megabytes of data, which a lint
 * run without a token-based rule should not load. ESLint rules are synchronous, so the ranks are
 * loaded with `require` (js-tiktoken ships them as CommonJS too) rather than `import()`.
 */
export function getEncoder(name: EncodingName): Encoder {
  let encoder = encoders.get(name);
  if (!encoder) {
    const ranks = createRequire(import.meta.url)(`js-tiktoken/ranks/${name}`) as TiktokenBPE;
    const table = new RankTable(ranks.bpe_ranks);
    // The same flags js-tiktoken compiles `pat_str` with.
    encoder = { pattern: new RegExp(ranks.pat_str, "gu"), matchTokens: (bytes) => matchTokens(bytes, table) };
    encoders.set(name, encoder);
  }
  return encoder;
}

/** Whether an encoding's ranks have been loaded in this process (for tests and benchmarks). */
export function isEncoderLoaded(name: EncodingName): boolean {
  return encoders.has(name);
}

/**
 * The UTF-8 bytes of a text as a string of char codes 0-255 (the map's key). A lone surrogate
 * becomes U+FFFD, as with js-tiktoken's TextEncoder.
 */
export function utf8Bytes(text: string): string {
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) > 0x7f) return Buffer.from(text, "utf8").toString("latin1");
  }
  return text; // ASCII: one byte per character already
}

/** js-tiktoken's `encode` of one match, counted: a known token, or the parts BPE merges it into. */
function matchTokens(bytes: string, table: RankTable): number {
  if (bytes.length === 1 || table.rank(bytes, 0, bytes.length) >= 0) return 1;
  // js-tiktoken's bytePairMerge: parts start at bounds[i] and end at bounds[i + 1]; repeatedly
  // merge the adjacent pair of lowest rank (the first one on a tie) until no pair has a rank.
  const bounds = Array.from({ length: bytes.length + 1 }, (_, index) => index);
  while (bounds.length > 2) {
    let best = -1;
    let bestRank = Infinity;
    for (let index = 0; index < bounds.length - 2; index++) {
      const rank = table.rank(bytes, bounds[index]!, bounds[index + 2]!);
      if (rank >= 0 && rank < bestRank) {
        bestRank = rank;
        best = index;
      }
    }
    if (best === -1) break;
    bounds.splice(best + 1, 1);
  }
  // Parts without a rank are dropped, as js-tiktoken's filter does (every single byte has one).
  let count = 0;
  for (let index = 0; index < bounds.length - 1; index++) {
    if (table.rank(bytes, bounds[index]!, bounds[index + 1]!) >= 0) count++;
  }
  return count;
}
