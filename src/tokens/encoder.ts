import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { EncodingName } from "../providers/types.js";
import { readRankFile } from "./rank-file.js";
import type { RankTable } from "./rank-table.js";

/**
 * A BPE token counter over js-tiktoken's ranks. Only counts are needed, never token ids or
 * decoding, so it keeps one table from a token's bytes to its rank (rank-table.ts), loaded ready
 * to use from a file the build writes (rank-file.ts), and none of js-tiktoken's other tables
 * (`new Tiktoken(ranks)`: about 0.7 s and 65 MB). The merge is js-tiktoken's own (same order,
 * same ties), so the counts are the same; test/tokens.test.ts checks them against js-tiktoken.
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
 * The encoder of an encoding, loaded on first use: its table is megabytes, which a lint run
 * without a token-based rule should not read. Synchronous, as ESLint rules are.
 */
export function getEncoder(name: EncodingName): Encoder {
  let encoder = encoders.get(name);
  if (!encoder) {
    const file = rankFilePath(name);
    const { pattern, table } = readRankFile(readFileSync(file), file);
    // The same flags js-tiktoken compiles `pat_str` with.
    encoder = { pattern: new RegExp(pattern, "gu"), matchTokens: (bytes) => matchTokens(bytes, table) };
    encoders.set(name, encoder);
  }
  return encoder;
}

/**
 * Where dist/ranks/ is from this module, wherever it runs: bundled into dist/index.js, in
 * dist/src/tokens/ or bundled into dist/src/cli/ (the engine's modules, the CLI), or in
 * src/tokens/ (the tests, which run the sources after a build or the tests' setup wrote the files).
 */
const RANK_DIRS = ["./ranks/", "../../ranks/", "../../dist/ranks/"];

function rankFilePath(name: EncodingName): string {
  for (const dir of RANK_DIRS) {
    const file = fileURLToPath(new URL(`${dir}${name}.bin`, import.meta.url));
    if (existsSync(file)) return file;
  }
  throw new Error(`prompt-cache cannot find its tokenizer table ${name}.bin near ${fileURLToPath(import.meta.url)}: reinstall eslint-plugin-prompt-cache, or run \`npm run build\` in its repository.`);
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
