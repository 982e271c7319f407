import { createRequire } from "node:module";
import { Tiktoken, type TiktokenBPE } from "js-tiktoken/lite";
import type { EncodingName } from "../providers/types.js";

/** A js-tiktoken encoder and its pre-tokenizer, the regex that splits text before BPE. */
export interface Encoder {
  tiktoken: Tiktoken;
  pattern: RegExp;
}

const encoders = new Map<EncodingName, Encoder>();

/**
 * The encoder of an encoding, built on first use: the ranks are megabytes of data and about a
 * second of work, which a lint run without a token-based rule should not pay. ESLint rules are
 * synchronous, so the ranks are loaded with `require` (js-tiktoken ships them as CommonJS too)
 * rather than `import()`.
 */
export function getEncoder(name: EncodingName): Encoder {
  let encoder = encoders.get(name);
  if (!encoder) {
    const ranks = createRequire(import.meta.url)(`js-tiktoken/ranks/${name}`) as TiktokenBPE;
    // The same flags js-tiktoken compiles `pat_str` with.
    encoder = { tiktoken: new Tiktoken(ranks), pattern: new RegExp(ranks.pat_str, "gu") };
    encoders.set(name, encoder);
  }
  return encoder;
}

/** Whether an encoding's ranks have been loaded in this process (for tests and benchmarks). */
export function isEncoderLoaded(name: EncodingName): boolean {
  return encoders.has(name);
}
