import type { ModelInfo } from "../providers/types.js";
import type { Comparison } from "./compare.js";
import type { PromptPart } from "./render.js";
import type { Api } from "./types.js";

/** Anthropic: a read looks for earlier writes up to 20 blocks back from each breakpoint. */
const LOOKBACK_BLOCKS = 20;

export interface PredictionInput {
  api: Api;
  facts: Pick<ModelInfo, "minimumTokens" | "granularity">;
  /** The earlier request's parts: where its cache writes are. */
  previous: PromptPart[];
  /** This request's parts: where its reads are. */
  current: PromptPart[];
  comparison: Pick<Comparison, "cause" | "sharedParts" | "sharedTokens">;
}

/**
 * Cached tokens the provider's rules give for a shared prefix. Another model or routing key finds
 * nothing. Anthropic's Messages API caches only at breakpoints; the others cache the shared prefix
 * from the model's minimum on, in steps of its granularity (OpenAI before GPT-5.6: 128 tokens,
 * which with the 1,024 minimum gives 1,024, 1,152, …); without a published minimum the shared
 * prefix counts as is.
 */
export function predictCached({ api, facts, previous, current, comparison }: PredictionInput): number {
  if (comparison.cause === "model_changed" || comparison.cause === "routing_key_changed") return 0;
  if (api === "messages") return breakpointHit(facts, previous, current, comparison.sharedParts);
  const { minimumTokens, granularity } = facts;
  const shared = comparison.sharedTokens;
  if (minimumTokens !== null && shared < minimumTokens) return 0;
  return granularity ? Math.floor(shared / granularity) * granularity : shared;
}

/**
 * Anthropic writes the prefix up to each breakpoint of a request; a later request reads the
 * longest such prefix it still shares, if one of its own breakpoints is at most 20 blocks after
 * it. Only the previous request's writes are known here (earlier ones may still be cached too).
 */
function breakpointHit(facts: PredictionInput["facts"], previous: PromptPart[], current: PromptPart[], sharedParts: number): number {
  const reads = blockPositions(current).filter(({ part }) => part.breakpoint);
  let best = 0;
  for (const write of blockPositions(previous)) {
    if (!write.part.breakpoint || write.partIndex >= sharedParts) continue;
    if (facts.minimumTokens !== null && write.tokensThrough < facts.minimumTokens) continue;
    if (reads.some((read) => read.block >= write.block && read.block - write.block < LOOKBACK_BLOCKS)) best = Math.max(best, write.tokensThrough);
  }
  return best;
}

/** Each content block (not a message header or a setting) with its block number and the tokens up to its end. */
function blockPositions(parts: PromptPart[]): Array<{ part: PromptPart; partIndex: number; block: number; tokensThrough: number }> {
  const positions = [];
  let tokens = 0;
  let block = 0;
  for (const [partIndex, part] of parts.entries()) {
    tokens += part.tokens;
    if (part.header || part.kind === "tool_choice") continue;
    positions.push({ part, partIndex, block: block++, tokensThrough: tokens });
  }
  return positions;
}
