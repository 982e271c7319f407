import { describe, expect, it } from "vitest";
import type { ProviderName } from "../src/model/types.js";
import { MODEL_TABLE, MODEL_TABLE_VERSION, lookupModel, providerFromModelId } from "../src/providers/models.js";
import type { ModelInfo, ModelOverrides } from "../src/providers/types.js";

type Facts = Omit<ModelInfo, "id" | "provider">;

const OPENAI: Facts = { encoding: "o200k_base", approximate: false, minimumTokens: 1024, granularity: 128 };
const CL100K: Facts = { ...OPENAI, encoding: "cl100k_base" };
const GPT_5_6: Facts = { ...OPENAI, granularity: null };
const UNPUBLISHED: Facts = { encoding: "o200k_base", approximate: true, minimumTokens: null, granularity: null };
const BLOCKS_64: Facts = { encoding: "o200k_base", approximate: true, minimumTokens: 64, granularity: 64 };
const estimate = (minimumTokens: number | null): Facts => ({ ...UNPUBLISHED, minimumTokens });

/** The facts lookupModel returns, without the id and provider it echoes. */
function facts(modelId: string | null, provider: ProviderName, ...rest: [string?, ModelOverrides?]): Facts {
  const { encoding, approximate, minimumTokens, granularity } = lookupModel(modelId, provider, ...rest);
  return { encoding, approximate, minimumTokens, granularity };
}

describe("the model table", () => {
  it("is versioned", () => {
    expect(MODEL_TABLE_VERSION).toBe("2026-08");
  });

  it("estimates every family without a JS tokenizer with o200k_base", () => {
    for (const entry of MODEL_TABLE.filter((candidate) => candidate.provider !== "openai")) {
      expect([entry.pattern, entry.encoding, entry.approximate]).toEqual([entry.pattern, "o200k_base", true]);
    }
  });
});

describe("lookupModel", () => {
  it.each([
    ["gpt-4o", OPENAI],
    ["GPT-4o-Mini-2024-07-18", OPENAI],
    ["chatgpt-4o-latest", OPENAI],
    ["gpt-4.1-nano", OPENAI],
    ["gpt-4.5-preview", OPENAI],
    ["o1", OPENAI],
    ["o3-mini", OPENAI],
    ["o4-mini", OPENAI],
    ["gpt-5", OPENAI],
    ["gpt-5.2", OPENAI],
    ["gpt-5.5-pro", OPENAI],
    ["gpt-5.6", GPT_5_6],
    ["gpt-5.6-terra", GPT_5_6],
    ["gpt-4", CL100K],
    ["gpt-4-turbo-2024-04-09", CL100K],
    ["gpt-3.5-turbo", CL100K],
    ["gpt-oss-120b", UNPUBLISHED],
  ] satisfies Array<[string, Facts]>)("OpenAI %s", (model, expected) => {
    expect(facts(model, "openai")).toEqual(expected);
  });

  it.each([
    // Anthropic, in both spellings: Anthropic's ids and OpenRouter's (`anthropic/claude-sonnet-4.5`).
    ["claude-opus-5", 512],
    ["claude-mythos-5", 512],
    ["claude-fable-5", 1024],
    ["claude-sonnet-5", 1024],
    ["claude-mythos-preview", 4096],
    ["claude-opus-4-8", 1024],
    ["claude-opus-4-7", 4096],
    ["claude-opus-4-6", 4096],
    ["anthropic/claude-opus-4.5", 4096],
    ["claude-opus-4-1-20250805", 1024],
    ["claude-opus-4-20250514", 1024],
    ["claude-sonnet-4-6", 2048],
    ["anthropic/claude-sonnet-4.5", 1024],
    ["claude-sonnet-4-20250514", 1024],
    ["claude-3-7-sonnet-20250219", 1024],
    ["claude-haiku-4-5", 4096],
    ["claude-3-5-haiku-20241022", 2048],
    ["claude-3-haiku-20240307", 2048],
    ["claude-3-opus-20240229", null],
    // Gemini implicit caching.
    ["gemini-2.5-flash", 2048],
    ["gemini-2.5-flash-lite", null],
    ["models/gemini-2.5-pro", 4096],
    ["gemini-3-flash-preview", 4096],
    ["gemini-3.1-pro", 4096],
    ["gemini-2.0-flash", null],
  ] satisfies Array<[string, number | null]>)("%s has minimum %s, estimated", (model, minimum) => {
    expect(facts(model, "openai-compatible")).toEqual(estimate(minimum));
  });

  it("knows the other providers' families", () => {
    expect(facts("grok-4", "xai")).toEqual(UNPUBLISHED);
    expect(facts("deepseek-reasoner", "deepseek")).toEqual(BLOCKS_64);
    expect(facts("mistral-large-latest", "mistral")).toEqual(BLOCKS_64);
    expect(facts("codestral-2508", "mistral")).toEqual(BLOCKS_64);
    expect(facts("openai/gpt-oss-120b", "groq")).toEqual(UNPUBLISHED);
  });

  it("applies a vendor's facts through pass-through providers, not on hosts with their own cache", () => {
    expect(facts("openai/gpt-4o", "openrouter")).toEqual(OPENAI);
    expect(facts("deepseek/deepseek-chat", "openrouter")).toEqual(BLOCKS_64);
    expect(facts("gpt-4o", "openai-compatible")).toEqual(OPENAI);
    expect(facts("deepseek-ai/DeepSeek-V3", "together")).toEqual(UNPUBLISHED);
    expect(facts("accounts/fireworks/models/deepseek-v3", "fireworks")).toEqual(UNPUBLISHED);
  });

  it("falls back to the provider's facts for an unknown model", () => {
    expect(facts("ft:gpt-4o-mini:acme::abc123", "openai")).toEqual({ ...OPENAI, approximate: true });
    expect(facts("llama-3.3-70b-versatile", "groq")).toEqual(UNPUBLISHED);
    expect(facts("deepseek-v9", "deepseek")).toEqual(BLOCKS_64);
    expect(facts("my-model", "openai-compatible")).toEqual(UNPUBLISHED);
  });

  it("uses the configured default model, else the provider's, when the model is not known", () => {
    expect(lookupModel(null, "openai", "gpt-4")).toMatchObject({ id: "gpt-4", provider: "openai", encoding: "cl100k_base" });
    expect(lookupModel("gpt-4o", "openai", "gpt-4").id).toBe("gpt-4o");
    const defaults: Record<ProviderName, string> = {
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
    for (const [provider, id] of Object.entries(defaults) as Array<[ProviderName, string]>) {
      expect(lookupModel(null, provider)).toMatchObject({ id, provider });
    }
  });

  it("lets overrides win over the table, later matching globs last", () => {
    expect(facts("gpt-4o", "openai", undefined, { "gpt-4o*": { minimumTokens: 2048 } })).toEqual({ ...OPENAI, minimumTokens: 2048 });
    expect(facts("gpt-4o", "openai", undefined, { "*": { granularity: null, minimumTokens: null }, "GPT-4O": { granularity: 64 } })).toEqual({
      ...OPENAI,
      minimumTokens: null,
      granularity: 64,
    });
    expect(facts("my-llama", "openai-compatible", undefined, { "my-*": { encoding: "cl100k_base", minimumTokens: 256 } })).toEqual({
      ...UNPUBLISHED,
      encoding: "cl100k_base",
      minimumTokens: 256,
    });
    expect(facts("gpt-4o", "openai", undefined, { "gpt-4.1*": { minimumTokens: 1 } })).toEqual(OPENAI);
  });

  it("overrides the default model too, and treats glob characters other than * and ? literally", () => {
    expect(facts(null, "xai", undefined, { "grok-4": { minimumTokens: 128 } })).toEqual(estimate(128));
    expect(facts("gpt-4o", "openai", undefined, { "gpt-4.": { minimumTokens: 1 }, "gpt-4(o)": { minimumTokens: 2 } })).toEqual(OPENAI);
    expect(facts("gpt-4o", "openai", undefined, { "gpt-4?": { minimumTokens: 3 } })).toEqual({ ...OPENAI, minimumTokens: 3 });
  });
});

describe("providerFromModelId", () => {
  it.each([
    ["grok-4", "xai"],
    ["grok-code-fast-1", "xai"],
    ["gpt-4o", "openai"],
    ["o3-mini", "openai"],
    ["openai/gpt-5", "openai"],
    ["deepseek-chat", "deepseek"],
    ["mistral-small-latest", "mistral"],
    ["claude-sonnet-4-5", null],
    ["gemini-2.5-pro", null],
    ["openai/gpt-oss-120b", null],
    ["llama-3.3-70b-versatile", null],
  ] satisfies Array<[string, ProviderName | null]>)("%s → %s", (model, provider) => {
    expect(providerFromModelId(model)).toBe(provider);
  });
});
