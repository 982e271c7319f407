import { isObject, numberOrNull, type JsonObject } from "./json-values.js";

/** What a provider reported about one request's tokens; null where the usage does not say. */
export interface ReportedUsage {
  /** All input tokens, cached ones included. */
  promptTokens: number | null;
  cachedTokens: number | null;
  outputTokens: number | null;
}

const NONE: ReportedUsage = { promptTokens: null, cachedTokens: null, outputTokens: null };

/**
 * Reads a `usage` object of any of the supported wire formats (field names from each provider's
 * API reference). Anthropic's `input_tokens` counts only the tokens after the last breakpoint, so
 * its total input is the sum of the three; a provider that omits the cached count reports null,
 * not 0.
 */
export function readUsage(usage: JsonObject | null): ReportedUsage {
  if (usage === null) return NONE;
  // Anthropic Messages (and Bedrock InvokeModel with an Anthropic body).
  if ("cache_read_input_tokens" in usage || "cache_creation_input_tokens" in usage) {
    const read = numberOrNull(usage.cache_read_input_tokens) ?? 0;
    const written = numberOrNull(usage.cache_creation_input_tokens) ?? 0;
    const input = numberOrNull(usage.input_tokens);
    return { promptTokens: input === null ? null : input + read + written, cachedTokens: read, outputTokens: numberOrNull(usage.output_tokens) };
  }
  // DeepSeek: hit + miss = prompt_tokens.
  if ("prompt_cache_hit_tokens" in usage) {
    return { promptTokens: numberOrNull(usage.prompt_tokens), cachedTokens: numberOrNull(usage.prompt_cache_hit_tokens), outputTokens: numberOrNull(usage.completion_tokens) };
  }
  // OpenAI Responses (and xAI's).
  if ("input_tokens" in usage) {
    const details = isObject(usage.input_tokens_details) ? usage.input_tokens_details : null;
    return { promptTokens: numberOrNull(usage.input_tokens), cachedTokens: numberOrNull(details?.cached_tokens), outputTokens: numberOrNull(usage.output_tokens) };
  }
  // Chat Completions: OpenAI, xAI, Groq, Mistral and other OpenAI-compatible APIs.
  const details = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : null;
  return { promptTokens: numberOrNull(usage.prompt_tokens), cachedTokens: numberOrNull(details?.cached_tokens), outputTokens: numberOrNull(usage.completion_tokens) };
}
