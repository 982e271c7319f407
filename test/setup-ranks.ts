import { existsSync } from "node:fs";
import path from "node:path";
import { ENCODINGS } from "../src/providers/types.js";
import { RANKS_DIR, writeRanks } from "../scripts/write-ranks.js";

/** Vitest's global setup: the tokenizer tables `npm run build` writes, for a run of the tests without a build. */
export default function setup(): void {
  if (!ENCODINGS.every((name) => existsSync(path.join(RANKS_DIR, `${name}.bin`)))) writeRanks();
}
