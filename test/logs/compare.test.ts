import { describe, expect, it } from "vitest";
import { commonPrefixTokens, compare, type Comparable } from "../../src/logs/compare.js";
import { countParts, renderPrompt } from "../../src/logs/render.js";
import { tokens } from "./analyze-helpers.js";

function chat(messages: Array<{ role: string; content: string }>, extra: object = {}): Comparable {
  return { model: "gpt-5.2", routingKey: null, parts: countParts(renderPrompt("chat.completions", "openai", { messages, ...extra }, null), "o200k_base", null).parts };
}

describe("commonPrefixTokens", () => {
  it("counts only the tokens both texts share: a word cut at the divergence is not shared", () => {
    // "hello wo|rld" vs "hello wo|mbat": " world" and " wombat" are different tokens.
    expect(commonPrefixTokens("hello world", "hello wombat", "o200k_base")).toBe(tokens("hello"));
    expect(commonPrefixTokens("Current time: 9:14:03", "Current time: 9:15:40", "o200k_base")).toBe(tokens("Current time: 9:"));
  });

  it("keeps the word at the cut when both texts continue it alike", () => {
    expect(commonPrefixTokens("hello world. Bye", "hello world! Hi", "o200k_base")).toBe(tokens("hello world"));
    expect(commonPrefixTokens("same text", "same text", "o200k_base")).toBe(tokens("same text"));
    expect(commonPrefixTokens("abc", "xyz", "o200k_base")).toBe(0);
  });

  it("never splits a surrogate pair", () => {
    expect(commonPrefixTokens("ok 😀", "ok 😁", "o200k_base")).toBe(tokens("ok"));
  });
});

describe("compare", () => {
  const system = { role: "system", content: "You are helpful." };
  const user = { role: "user", content: "Hi" };

  it("appended: the later prompt contains the whole earlier one", () => {
    const earlier = chat([system, user]);
    const result = compare(earlier, chat([system, user, { role: "assistant", content: "Hello" }]), "o200k_base");
    expect(result).toEqual({ sharedParts: 4, sharedTokens: earlier.parts.reduce((sum, part) => sum + part.tokens, 0), cause: "appended", divergence: null });
  });

  it("a removed last message is history_rewritten with nothing after", () => {
    const result = compare(chat([system, user, { role: "assistant", content: "Hello" }]), chat([system, user]), "o200k_base");
    expect(result).toMatchObject({ sharedParts: 4, cause: "history_rewritten", divergence: { part: "messages", index: 2, block: null, before: "assistant", after: "" } });
  });

  it("added tools name the change even though the earlier prompt had a system message there", () => {
    const tool = { type: "function", function: { name: "f" } };
    const result = compare(chat([system, user]), chat([system, user], { tools: [tool] }), "o200k_base");
    expect(result).toMatchObject({ sharedParts: 0, sharedTokens: 0, cause: "tools_changed", divergence: { part: "tools", index: 0, before: "system", after: '{"type":"function","function":{"name":"f"}}' } });
  });

  it("the model, then the routing key, come before any text", () => {
    const earlier = chat([system, user]);
    expect(compare(earlier, { ...earlier, model: "gpt-5-mini", routingKey: "k" }, "o200k_base").cause).toBe("model_changed");
    expect(compare(earlier, { ...earlier, routingKey: "k" }, "o200k_base")).toMatchObject({ cause: "routing_key_changed", divergence: { part: "routing_key", before: "", after: "k" } });
  });

  it("cuts long excerpts around the divergence", () => {
    const long = (word: string) => ({ role: "system", content: `${"a".repeat(100)} ${word} ${"b".repeat(100)}` });
    const { divergence } = compare(chat([long("before")]), chat([long("after")]), "o200k_base");
    expect(divergence).toEqual({ part: "system", index: 0, block: null, before: `…${"a".repeat(29)} before ${"b".repeat(43)}…`, after: `…${"a".repeat(29)} after ${"b".repeat(44)}…` });
  });
});
