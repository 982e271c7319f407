import type { ProviderName } from "../model/types.js";
import type { ModelInfo } from "./types.js";

/*
 * What each provider documents about its prompt cache, by model-id pattern, as of August 2026
 * (sources cited per entry). The docs change often and contradict each other, so this is data with
 * a version, and users can override any entry (`ModelOverrides`).
 */

export const MODEL_TABLE_VERSION = "2026-08";

export type ModelFacts = Pick<ModelInfo, "encoding" | "approximate" | "minimumTokens" | "granularity">;

export interface ModelTableEntry extends ModelFacts {
  /** Glob matched case-insensitively against the model id: `*` any run of characters, `?` one. */
  pattern: string;
  /**
   * The provider whose API these facts describe. The entry applies to requests sent to it, or
   * through a pass-through provider (see models.ts). Without it, the entry applies everywhere.
   */
  provider?: ProviderName;
}

/** OpenAI before GPT-5.6: min 1024, hits in 128-token increments (guide; Prompt_Caching_201 §1.1). */
const OPENAI_O200K: ModelFacts = { encoding: "o200k_base", approximate: false, minimumTokens: 1024, granularity: 128 };
/** Every tokenizer that js-tiktoken lacks is estimated with o200k_base. */
const ESTIMATE: Omit<ModelFacts, "minimumTokens"> = { encoding: "o200k_base", approximate: true, granularity: null };

function openai(pattern: string, facts: Partial<ModelFacts> = {}): ModelTableEntry {
  return { pattern, provider: "openai", ...OPENAI_O200K, ...facts };
}

function estimate(pattern: string, minimumTokens: number | null, more: Partial<ModelTableEntry> = {}): ModelTableEntry {
  return { pattern, ...ESTIMATE, minimumTokens, ...more };
}

/** First match wins: specific patterns come before the families that contain them. */
export const MODEL_TABLE: readonly ModelTableEntry[] = [
  // GPT-5.6+: implicit breakpoint, "no 128-token rounding"; minimum still 1024 per the guide.
  // Later models are assumed to keep that behaviour.
  ...["gpt-5.6*", "gpt-5.7*", "gpt-5.8*", "gpt-5.9*", "gpt-6*"].map((pattern) => openai(pattern, { granularity: null })),
  ...["gpt-5*", "gpt-4.5*", "gpt-4.1*", "gpt-4o*", "chatgpt-4o*", "o1*", "o3*", "o4*"].map((pattern) => openai(pattern)),
  // cl100k_base models (tiktoken model_to_encoding.json). The guide lists caching for "gpt-4o and
  // newer" only; the facts are kept for the token count.
  ...["gpt-4*", "gpt-3.5-turbo*", "gpt-35-turbo*"].map((pattern) => openai(pattern, { encoding: "cl100k_base" })),
  // gpt-oss uses o200k_harmony (not in js-tiktoken). Its hosts publish no per-model minimum (Groq:
  // "128 to 1024 tokens depending on the specific model", console.groq.com prompt-caching).
  estimate("gpt-oss*", null),

  // xAI: minimum and granularity not published (3rd-party measurement of 128-token blocks ignored).
  estimate("grok-*", null, { provider: "xai" }),
  // DeepSeek: 64-token storage unit, < 64 not cached (news0802, 2024). The current kv_cache guide
  // describes "prefix units" persisted at request boundaries instead; 64 is kept as the step.
  estimate("deepseek*", 64, { provider: "deepseek", granularity: 64 }),
  // Mistral: 64-token blocks, < 64 won't benefit (summary of docs.mistral.ai prompt-caching).
  ...["mistral-*", "magistral-*", "ministral-*", "codestral-*", "devstral-*", "pixtral-*", "voxtral-*", "open-mistral-*", "open-mixtral-*"].map(
    (pattern) => estimate(pattern, 64, { provider: "mistral", granularity: 64 }),
  ),

  // Anthropic (platform.claude.com prompt-caching unless noted). `?` matches both "4-5" and
  // OpenRouter's "4.5". Where sources conflict, the larger minimum:
  estimate("claude-opus-5*", 512),
  estimate("claude-mythos-5*", 512),
  // Fable 5: 512 (Anthropic release notes, LiteLLM) vs 1024 on Bedrock (Portkey Bedrock table).
  estimate("claude-fable-5*", 1024),
  estimate("claude-sonnet-5*", 1024),
  estimate("claude-mythos-preview*", 4096),
  estimate("claude-opus-4?8*", 1024),
  // Opus 4.7: 2048 (dev.to/creeta, LiteLLM) vs 4096 (OpenRouter, rig docs).
  estimate("claude-opus-4?7*", 4096),
  estimate("claude-opus-4?6*", 4096),
  estimate("claude-opus-4?5*", 4096),
  estimate("claude-opus-4?1*", 1024),
  estimate("claude-opus-4*", 1024),
  // Sonnet 4.6: 2048 (bilingual docs mirror, OpenRouter, rig) vs 1024 (anthropic-sdk-python #1194).
  estimate("claude-sonnet-4?6*", 2048),
  estimate("claude-sonnet-4*", 1024),
  estimate("claude-3?7-sonnet*", 1024),
  estimate("claude-haiku-4?5*", 4096),
  estimate("claude-3?5-haiku*", 2048),
  estimate("claude-3-haiku*", 2048),
  estimate("claude*", null),

  // Amazon Nova on Bedrock: 1000 tokens (Portkey Bedrock table); system and messages only.
  // Bedrock ids (`us.amazon.nova-pro-v1:0`) match without their prefix (see models.ts).
  ...["nova-micro*", "nova-lite*", "nova-pro*"].map((pattern) => estimate(pattern, 1000, { provider: "bedrock" })),

  // Gemini implicit caching (ai.google.dev caching, two versions; the larger minimum):
  // 2.5 Flash 1024 vs 2048; 2.5 Pro 4096 vs 2048; 3 Flash Preview 1024 vs 4096 for all 3.x.
  estimate("gemini-2.5-flash-lite*", null), // not listed in either version
  estimate("gemini-2.5-flash*", 2048),
  estimate("gemini-2.5-pro*", 4096),
  estimate("gemini-3*", 4096),
  estimate("gemini*", null),
];

/**
 * Claude models that accept `role: "system"` messages inside `messages` (mid-conversation system
 * instructions that keep the cache); other models reject them with a 400 error: "Opus 4.8+,
 * Fable/Mythos" (failure-patterns P8). The current SDK types allow the role
 * (`MessageParam.role: 'user' | 'assistant' | 'system'` in anthropic-sdk-typescript
 * `src/resources/messages/messages.ts`) while its `messages` docs still say there is no system
 * role. Sonnet 5, released after Opus 4.8, is assumed to accept them (quiet rather than wrong).
 */
export const MID_CONVERSATION_SYSTEM_MODELS: readonly string[] = ["claude-opus-4?8*", "claude-opus-5*", "claude-sonnet-5*", "claude-fable-5*", "claude-mythos-5*"];

/**
 * Facts when no entry matches. Providers without a minimum of their own (Groq: "128 to 1024
 * tokens depending on the specific model", no per-model values; xAI, Together, Fireworks: none
 * published) get null. An unknown OpenAI model keeps OpenAI's documented minimum.
 */
export const PROVIDER_FALLBACK: Record<ProviderName, ModelFacts> = {
  openai: { ...OPENAI_O200K, approximate: true },
  "openai-compatible": { ...ESTIMATE, minimumTokens: null },
  openrouter: { ...ESTIMATE, minimumTokens: null },
  together: { ...ESTIMATE, minimumTokens: null },
  fireworks: { ...ESTIMATE, minimumTokens: null },
  xai: { ...ESTIMATE, minimumTokens: null },
  groq: { ...ESTIMATE, minimumTokens: null },
  deepseek: { ...ESTIMATE, minimumTokens: 64, granularity: 64 },
  mistral: { ...ESTIMATE, minimumTokens: 64, granularity: 64 },
  // Unlisted Claude models get no minimum rather than a guess; Gemini and Ollama publish none.
  anthropic: { ...ESTIMATE, minimumTokens: null },
  bedrock: { ...ESTIMATE, minimumTokens: null },
  google: { ...ESTIMATE, minimumTokens: null },
  ollama: { ...ESTIMATE, minimumTokens: null },
};

/** The model a request is assumed to use when its `model` is not a string literal. */
export const PROVIDER_DEFAULT_MODEL: Record<ProviderName, string> = {
  openai: "gpt-4o",
  "openai-compatible": "gpt-4o",
  openrouter: "gpt-4o",
  together: "gpt-4o",
  fireworks: "gpt-4o",
  xai: "grok-4",
  groq: "openai/gpt-oss-120b",
  deepseek: "deepseek-chat",
  mistral: "mistral-large-latest",
  anthropic: "claude-sonnet-4-5",
  bedrock: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  google: "gemini-2.5-flash",
  ollama: "llama3.1",
};
