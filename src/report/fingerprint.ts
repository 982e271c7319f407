import { createHash } from "node:crypto";
import { LINE_BREAK } from "../ast/lines.js";

export function splitLines(source: string): string[] {
  return source.split(LINE_BREAK);
}

/**
 * A finding's identity that survives unrelated edits (`--baseline`, SARIF fingerprints): a hash of
 * its rule and of its line's text with whitespace collapsed, so moving or re-indenting the line
 * keeps it and editing the line makes a new one. Identical lines share a fingerprint; the
 * consumers count occurrences.
 */
export function findingFingerprint(ruleId: string, lineText: string): string {
  const normalized = lineText.trim().replace(/\s+/g, " ");
  return createHash("sha256").update(`${ruleId}\n${normalized}`).digest("hex").slice(0, 16);
}
