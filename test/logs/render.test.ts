import { describe, expect, it } from "vitest";
import { countParts, renderPrompt, type ChainedResponse, type PromptPart } from "../../src/logs/render.js";
import type { Api } from "../../src/logs/types.js";
import type { ProviderName } from "../../src/model/types.js";
import { tokens } from "./analyze-helpers.js";

type View = [PromptPart["kind"], number | null, number | null, string, ...string[]];

/** Parts as [kind, index, block, text, flags…] for compact assertions. */
function view(parts: PromptPart[]): View[] {
  return parts.map((part) => [part.kind, part.index, part.block, part.text, ...(part.header ? ["header"] : []), ...(part.breakpoint ? ["breakpoint"] : [])]);
}

function render(api: Api, provider: ProviderName, body: Record<string, unknown>, chained: ChainedResponse | null = null) {
  return countParts(renderPrompt(api, provider, body, chained), "o200k_base", null);
}

describe("renderPrompt", () => {
  it("Chat Completions: tools, schema, then every message with its role header; tool_choice is not prompt", () => {
    const body = {
      model: "gpt-5.2",
      tools: [{ type: "function", function: { name: "f", parameters: {} } }],
      tool_choice: "required",
      response_format: { type: "json_object" },
      messages: [
        { role: "developer", content: "Rules." },
        { role: "user", content: [{ type: "text", text: "Look:" }, { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } }] },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "c1", content: "ok" },
      ],
    };
    const prompt = render("chat.completions", "openai", body);
    expect(view(prompt.parts)).toEqual([
      ["tools", 0, null, '{"type":"function","function":{"name":"f","parameters":{}}}'],
      ["response_format", null, null, '{"type":"json_object"}'],
      ["system", 0, null, "developer", "header"],
      ["system", 0, null, "Rules."],
      ["messages", 1, null, "user", "header"],
      ["messages", 1, 0, "Look:"],
      ["image", 1, 1, '{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}'],
      ["messages", 2, null, "assistant", "header"],
      ["messages", 2, null, '{"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}'],
      ["messages", 3, null, "tool c1", "header"],
      ["messages", 3, null, "ok"],
    ]);
    expect(prompt).toMatchObject({ itemsStart: 2, ownItemsStart: 2, approximate: true });
    // A header is 3 framing tokens plus its role; an image counts 0.
    expect(prompt.parts[2]!.tokens).toBe(3 + tokens("developer"));
    expect(prompt.parts[6]!.tokens).toBe(0);
  });

  it("Groq: tool_choice is part of the prefix, right after the tools, 'auto' when absent", () => {
    const prompt = render("chat.completions", "groq", { messages: [{ role: "user", content: "Hi" }] });
    expect(view(prompt.parts).slice(0, 1)).toEqual([["tool_choice", null, null, '"auto"']]);
    expect(prompt.parts[0]!.tokens).toBe(0);
  });

  it("Responses: tools, text.format, instructions, then input items; a string input is one user message", () => {
    const body = { tools: [{ type: "web_search" }], text: { format: { type: "text" } }, instructions: "Plan.", input: "Case 1" };
    expect(view(render("responses", "openai", body).parts)).toEqual([
      ["tools", 0, null, '{"type":"web_search"}'],
      ["response_format", null, null, '{"type":"text"}'],
      ["system", null, null, "Plan."],
      ["messages", 0, null, "user", "header"],
      ["messages", 0, null, "Case 1"],
    ]);
    const items = { input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "Hi" }] }, { type: "function_call_output", call_id: "c1", output: "42" }] };
    expect(view(render("responses", "openai", items).parts)).toEqual([
      ["messages", 0, null, "user", "header"],
      ["messages", 0, 0, "Hi"],
      ["messages", 1, null, '{"type":"function_call_output","call_id":"c1","output":"42"}'],
    ]);
  });

  it("Responses with previous_response_id: the chained items and output come before the new input", () => {
    const earlier = render("responses", "openai", { instructions: "Plan.", input: "Case 1" });
    const chained = { id: "resp_1", items: earlier.parts.slice(earlier.itemsStart), outputTokens: 150 };
    const prompt = render("responses", "openai", { instructions: "Plan.", previous_response_id: "resp_1", input: "Again" }, chained);
    expect(view(prompt.parts)).toEqual([
      ["system", null, null, "Plan."],
      ["messages", 0, null, "user", "header"],
      ["messages", 0, null, "Case 1"],
      ["messages", null, null, "[output of resp_1]"],
      ["messages", 0, null, "user", "header"],
      ["messages", 0, null, "Again"],
    ]);
    expect(prompt).toMatchObject({ itemsStart: 1, ownItemsStart: 4, approximate: true });
    expect(prompt.parts[3]!.tokens).toBe(150);
    // Without the earlier response in the log, a marker of unknown size stands in.
    expect(view(render("responses", "openai", { previous_response_id: "resp_0", input: "Again" }).parts)[0]).toEqual(["messages", null, null, "[earlier turns of resp_0]"]);
  });

  it("Anthropic: tools, system blocks, tool_choice, messages; cache_control marks breakpoints and is not text", () => {
    const body = {
      cache_control: { type: "ephemeral" },
      tools: [{ name: "t", input_schema: {}, cache_control: { type: "ephemeral" } }],
      system: [{ type: "text", text: "Rules." }, { type: "text", text: "More.", cache_control: { type: "ephemeral", ttl: "1h" } }],
      messages: [
        { role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "A".repeat(300) } }, { type: "text", text: "Hi" }] },
        { role: "assistant", content: [{ type: "tool_use", id: "u1", name: "t", input: {} }] },
      ],
    };
    expect(view(render("messages", "anthropic", body).parts)).toEqual([
      ["tools", 0, null, '{"name":"t","input_schema":{}}', "breakpoint"],
      ["system", null, 0, "Rules."],
      ["system", null, 1, "More.", "breakpoint"],
      ["tool_choice", null, null, '{"type":"auto"}'],
      ["messages", 0, null, "user", "header"],
      // Inline data is compared by digest.
      ["image", 0, 0, expect.stringMatching(/^\{"type":"image","source":\{"type":"base64","media_type":"image\/png","data":"sha256:[0-9a-f]{16} \(300 chars\)"\}\}$/) as string],
      ["messages", 0, 1, "Hi"],
      ["messages", 1, null, "assistant", "header"],
      // The automatic breakpoint goes on the last block.
      ["messages", 1, 0, '{"type":"tool_use","id":"u1","name":"t","input":{}}', "breakpoint"],
    ]);
  });
});
