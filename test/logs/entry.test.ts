import { describe, expect, it } from "vitest";
import { parseEntry, UnreadableLine } from "../../src/logs/entry.js";
import { bare, recorded, shape } from "./shapes.js";

describe("parseEntry", () => {
  it.each([
    ["support-reply", "chat.completions", "openai"],
    ["triage", "chat.completions", "openai"],
    ["research", "chat.completions", "xai"],
    ["sentiment", "chat.completions", "groq"],
    ["planner", "responses", "openai"],
    ["support-reply-claude", "messages", "anthropic"],
  ] as const)("reads the recorder line of %s as %s to %s (from the URL)", (name, api, provider) => {
    expect(parseEntry(recorded(shape(name), { id: "x", usage: { prompt_tokens: 1 } }))).toMatchObject({ api, provider, responseId: "x", usage: { prompt_tokens: 1 } });
  });

  it.each([
    ["support-reply", "chat.completions", "openai"],
    ["research", "chat.completions", "xai"],
    // A bare Groq body names only its model, which Groq does not own.
    ["sentiment", "chat.completions", "openai-compatible"],
    ["planner", "responses", "openai"],
    ["support-reply-claude", "messages", "anthropic"],
  ] as const)("reads the bare body of %s as %s to %s (from its shape and model)", (name, api, provider) => {
    expect(parseEntry(bare(shape(name)))).toMatchObject({ api, provider, headers: {}, responseId: null, usage: null });
  });

  it("tells a bare Anthropic body from a Chat one by its fields", () => {
    const messages = [{ role: "user", content: "Hi" }];
    expect(parseEntry(JSON.stringify({ model: "anthropic/claude-sonnet-4-5", messages })).api).toBe("chat.completions");
    expect(parseEntry(JSON.stringify({ model: "my-proxy-model", system: "Be brief.", messages })).api).toBe("messages");
    expect(parseEntry(JSON.stringify({ model: "m", messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "t", content: "ok" }] }] })).api).toBe("messages");
    expect(parseEntry(JSON.stringify({ model: "m", tools: [{ name: "t", input_schema: {} }], messages })).api).toBe("messages");
    expect(parseEntry(JSON.stringify({ model: "m", input: "Hi" })).api).toBe("responses");
  });

  it("lower-cases recorded header names and keeps only strings", () => {
    const line = JSON.stringify({ url: "https://api.x.ai/v1/chat/completions", headers: { "X-Grok-Conv-Id": "c1", "x-count": 3 }, request: { model: "grok-4", messages: [] }, response: {} });
    expect(parseEntry(line).headers).toEqual({ "x-grok-conv-id": "c1" });
  });

  it.each([
    ["{", /^Invalid JSON: /],
    ["null", /^Expected a JSON object\.$/],
    ['"text"', /^Expected a JSON object\.$/],
    ['{"url": "https://api.openai.com/v1/chat/completions", "request": "not json"}', /^The recorded request body is not a JSON object\.$/],
    ['{"model": "gpt-5.2"}', /^Not a request body: /],
  ])("rejects %s", (line, message) => {
    expect(() => parseEntry(line)).toThrow(UnreadableLine);
    expect(() => parseEntry(line)).toThrow(message);
  });
});
