import { describe, expect, it } from "vitest";
import { LruMap } from "../../src/logs/lru.js";
import { readUsage } from "../../src/logs/usage.js";

describe("readUsage", () => {
  it.each([
    ["OpenAI Chat Completions", { prompt_tokens: 1400, completion_tokens: 12, prompt_tokens_details: { cached_tokens: 1280 } }, { promptTokens: 1400, cachedTokens: 1280, outputTokens: 12 }],
    ["OpenAI Responses", { input_tokens: 900, input_tokens_details: { cached_tokens: 768 }, output_tokens: 40 }, { promptTokens: 900, cachedTokens: 768, outputTokens: 40 }],
    // input_tokens counts only what follows the last breakpoint.
    ["Anthropic", { input_tokens: 25, cache_read_input_tokens: 1500, cache_creation_input_tokens: 30, output_tokens: 9 }, { promptTokens: 1555, cachedTokens: 1500, outputTokens: 9 }],
    ["DeepSeek", { prompt_tokens: 300, prompt_cache_hit_tokens: 256, prompt_cache_miss_tokens: 44, completion_tokens: 5 }, { promptTokens: 300, cachedTokens: 256, outputTokens: 5 }],
    ["a provider without cached counts", { prompt_tokens: 80, completion_tokens: 3 }, { promptTokens: 80, cachedTokens: null, outputTokens: 3 }],
  ])("reads %s usage", (_, usage, expected) => {
    expect(readUsage(usage)).toEqual(expected);
  });

  it("reads no usage as unknown, not 0", () => {
    expect(readUsage(null)).toEqual({ promptTokens: null, cachedTokens: null, outputTokens: null });
  });
});

describe("LruMap", () => {
  it("forgets the least recently used entry beyond its limit", () => {
    const map = new LruMap<string, number>(2);
    map.set("a", 1);
    map.set("b", 2);
    expect(map.get("a")).toBe(1); // "b" is now the least recently used
    map.set("c", 3);
    expect([map.get("a"), map.get("b"), map.get("c"), map.size]).toEqual([1, undefined, 3, 2]);
  });
});
