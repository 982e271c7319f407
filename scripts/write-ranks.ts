/*
 * Writes dist/ranks/<encoding>.bin, the tokenizer tables the analyzer loads (src/tokens/rank-file.ts),
 * from js-tiktoken's ranks: js-tiktoken is the reference the counts are tested against, and only
 * a build needs it. Run by `npm run build`; the tests' global setup (test/setup-ranks.ts) runs it
 * when the files are missing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TiktokenBPE } from "js-tiktoken/lite";
import { ENCODINGS } from "../src/providers/types.js";
import { writeRankFile } from "../src/tokens/rank-file.js";
import { rankTableFromCompressed } from "../src/tokens/rank-build.js";

export const RANKS_DIR = fileURLToPath(new URL("../dist/ranks/", import.meta.url));

export function writeRanks(): void {
  mkdirSync(RANKS_DIR, { recursive: true });
  for (const name of ENCODINGS) {
    const ranks = createRequire(import.meta.url)(`js-tiktoken/ranks/${name}`) as TiktokenBPE;
    writeFileSync(path.join(RANKS_DIR, `${name}.bin`), writeRankFile({ pattern: ranks.pat_str, table: rankTableFromCompressed(ranks.bpe_ranks) }));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) writeRanks();
