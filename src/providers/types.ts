import type { ProviderName } from "../model/types.js";

/** Encodings js-tiktoken ships that the estimate uses (their rank files: src/tokens/rank-file.ts). */
export const ENCODINGS = ["o200k_base", "cl100k_base"] as const;
export type EncodingName = (typeof ENCODINGS)[number];

/** What the analyzer knows about a model's prompt cache (see providers/models.ts). */
export interface ModelInfo {
  /** The model id used for the lookup (the call's own, or the default model). */
  id: string;
  provider: ProviderName;
  encoding: EncodingName;
  /** True when the encoding is not the model's real tokenizer, so counts are estimates. */
  approximate: boolean;
  /** Smallest prefix the provider caches, in tokens; null when not published. */
  minimumTokens: number | null;
  /** Cache hits come in steps of this many tokens (OpenAI before GPT-5.6: 128); null if none. */
  granularity: number | null;
}

/** User overrides of the model table: model-id pattern (a glob with `*`) to partial facts. */
export type ModelOverrides = Record<string, Partial<Pick<ModelInfo, "minimumTokens" | "granularity" | "encoding">>>;
