import type { EncodingName } from "../providers/types.js";
import { countTokens } from "../tokens/count.js";
import { getEncoder } from "../tokens/encoder.js";
import type { PartKind, PromptPart } from "./render.js";
import type { Cause, Divergence } from "./types.js";

/** The parts of a request that `compare` needs. */
export interface Comparable {
  model: string;
  routingKey: string | null;
  parts: PromptPart[];
}

export interface Comparison {
  /** Leading parts that are identical in both prompts. */
  sharedParts: number;
  /** Tokens of the common prefix: the shared parts, plus the common start of the first differing part. */
  sharedTokens: number;
  cause: Cause;
  /** Null when the earlier prompt was reused whole (`appended`). */
  divergence: Divergence | null;
}

const CAUSE_OF_PART: Record<Divergence["part"], Cause> = {
  model: "model_changed",
  routing_key: "routing_key_changed",
  tools: "tools_changed",
  response_format: "response_format_changed",
  tool_choice: "tool_choice_changed",
  system: "system_changed",
  messages: "history_rewritten",
  image: "image_changed",
};

const PREFIX_RANK: Record<PartKind, number> = { tools: 0, response_format: 1, system: 2, tool_choice: 3, messages: 4, image: 4 };

/**
 * Compares a request with the earlier one it continues. A different model or routing key is the
 * divergence even when the text is shared (another model has another cache; another key goes to
 * another server); otherwise the first differing part is. A prompt that contains the whole earlier
 * prompt diverges nowhere: `appended`.
 */
export function compare(previous: Comparable, current: Comparable, encoding: EncodingName): Comparison {
  let sharedParts = 0;
  let sharedTokens = 0;
  while (sharedParts < previous.parts.length && sharedParts < current.parts.length && samePart(previous.parts[sharedParts]!, current.parts[sharedParts]!)) {
    sharedTokens += previous.parts[sharedParts]!.tokens;
    sharedParts++;
  }
  const before = previous.parts[sharedParts];
  const after = current.parts[sharedParts];
  if (before && after && before.kind === after.kind && !isAtomic(before) && !isAtomic(after)) {
    sharedTokens += commonPrefixTokens(before.text, after.text, encoding);
  }

  if (previous.model !== current.model) return { sharedParts, sharedTokens, ...setting("model", previous.model, current.model) };
  if (previous.routingKey !== current.routingKey) return { sharedParts, sharedTokens, ...setting("routing_key", previous.routingKey ?? "", current.routingKey ?? "") };
  if (!before) return { sharedParts, sharedTokens, cause: "appended", divergence: null };

  const named = after === undefined || namesChange(before, after) ? before : after;
  const offset = after === undefined || before.kind !== after.kind ? 0 : commonPrefixLength(before.text, after.text);
  const divergence: Divergence = {
    part: named.kind,
    index: named.index,
    block: named.block,
    before: excerpt(before.text, offset),
    after: after === undefined ? "" : excerpt(after.text, offset),
  };
  return { sharedParts, sharedTokens, cause: CAUSE_OF_PART[named.kind], divergence };
}

function setting(part: "model" | "routing_key", before: string, after: string): Pick<Comparison, "cause" | "divergence"> {
  return { cause: CAUSE_OF_PART[part], divergence: { part, index: null, block: null, before, after } };
}

/** Which of two parts at the same place names the change: an image, else the earlier kind in the prefix. */
function namesChange(before: PromptPart, after: PromptPart): boolean {
  if (before.kind === "image" || after.kind === "image") return before.kind === "image";
  return PREFIX_RANK[before.kind] <= PREFIX_RANK[after.kind];
}

function samePart(a: PromptPart, b: PromptPart): boolean {
  return a.kind === b.kind && a.header === b.header && a.text === b.text;
}

/** Headers, settings and images are shared whole or not at all. */
function isAtomic(part: PromptPart): boolean {
  return part.header || part.kind === "tool_choice" || part.kind === "image";
}

/**
 * Tokens of the start that two texts share. BPE runs on each pre-tokenizer match separately, so
 * every match that ends before the cut is tokenized alike in both texts; the match that straddles
 * the cut counts only when both texts continue it identically. What remains inexact is the
 * pre-tokenizer's own look-ahead at the cut: at most one token.
 */
export function commonPrefixTokens(a: string, b: string, encoding: EncodingName): number {
  const length = commonPrefixLength(a, b);
  if (length === 0) return 0;
  const { pattern } = getEncoder(encoding);
  let lastStart = 0;
  for (const match of a.slice(0, length).matchAll(pattern)) lastStart = match.index;
  const sticky = new RegExp(pattern.source, "uy");
  const matchAt = (text: string) => {
    sticky.lastIndex = lastStart;
    return sticky.exec(text)?.[0];
  };
  const straddling = matchAt(a);
  const end = straddling !== undefined && straddling === matchAt(b) ? lastStart + straddling.length : lastStart;
  return countTokens(a.slice(0, end), encoding);
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  // Never split a surrogate pair: the excerpt and the count would hold half a character.
  if (index > 0 && index < limit && isHighSurrogate(a.charCodeAt(index - 1))) index--;
  return index;
}

const EXCERPT_BEFORE = 30;
const EXCERPT_AFTER = 50;

/** The text around `offset`, `…` where it is cut. */
function excerpt(text: string, offset: number): string {
  let start = Math.max(0, offset - EXCERPT_BEFORE);
  let end = Math.min(text.length, offset + EXCERPT_AFTER);
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;
  return `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
