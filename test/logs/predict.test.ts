import { describe, expect, it } from "vitest";
import { predictCached } from "../../src/logs/predict.js";
import type { PromptPart } from "../../src/logs/render.js";
import type { Cause } from "../../src/logs/types.js";

type Facts = { minimumTokens: number | null; granularity: number | null };

const OPENAI: Facts = { minimumTokens: 1024, granularity: 128 };
const NO_RULES: Facts = { minimumTokens: null, granularity: null };

function openai(sharedTokens: number, facts = OPENAI, cause: Cause = "history_rewritten"): number {
  return predictCached({ api: "chat.completions", facts, previous: [], current: [], comparison: { cause, sharedParts: 0, sharedTokens } });
}

/** Content blocks of the given sizes; `*` marks a breakpoint. */
function blocks(...sizes: Array<number | `${number}*`>): PromptPart[] {
  return sizes.map((size, index) => ({
    kind: "messages",
    index,
    block: null,
    header: false,
    text: String(index),
    tokens: Number.parseInt(String(size), 10),
    breakpoint: String(size).endsWith("*"),
  }));
}

function anthropic(previous: PromptPart[], current: PromptPart[], sharedParts: number, minimumTokens: number | null = 1024): number {
  return predictCached({ api: "messages", facts: { minimumTokens, granularity: null }, previous, current, comparison: { cause: "history_rewritten", sharedParts, sharedTokens: 0 } });
}

describe("predictCached", () => {
  it("OpenAI: nothing under 1,024 tokens, then 128-token steps", () => {
    expect([1023, 1024, 1151, 1152, 1279, 5000].map((shared) => openai(shared))).toEqual([0, 1024, 1024, 1152, 1152, 4992]);
  });

  it("GPT-5.6 and providers without a published minimum: the shared prefix as is", () => {
    expect(openai(1100, { minimumTokens: 1024, granularity: null })).toBe(1100);
    expect(openai(37, NO_RULES)).toBe(37);
    expect(openai(130, { minimumTokens: 64, granularity: 64 })).toBe(128); // DeepSeek, Mistral
  });

  it("another model or routing key finds nothing", () => {
    expect(openai(5000, OPENAI, "model_changed")).toBe(0);
    expect(openai(5000, NO_RULES, "routing_key_changed")).toBe(0);
  });

  it("Anthropic: the longest earlier breakpoint inside the shared prefix that a later breakpoint reaches", () => {
    const previous = blocks("1200*", 100, "300*");
    const current = blocks("1200*", 100, 50, "80*");
    expect(anthropic(previous, current, 3)).toBe(1600);
    expect(anthropic(previous, current, 2)).toBe(1200);
    expect(anthropic(previous, current, 0)).toBe(0);
  });

  it("Anthropic: writes below the minimum are not cached; without a breakpoint nothing is read", () => {
    expect(anthropic(blocks("500*", "300*"), blocks("500*", "300*", "10*"), 2)).toBe(0);
    expect(anthropic(blocks("500*", "300*"), blocks("500*", "300*", "10*"), 2, null)).toBe(800);
    expect(anthropic(blocks("1200*"), blocks(1200, 10), 1)).toBe(0);
  });

  it("Anthropic: a read looks back 20 blocks at most", () => {
    const previous = blocks("1200*");
    expect(anthropic(previous, blocks(1200, ...Array<number>(18).fill(1), "1*"), 1)).toBe(1200); // 19 blocks later
    expect(anthropic(previous, blocks(1200, ...Array<number>(19).fill(1), "1*"), 1)).toBe(0); // 20 blocks later
  });
});
