import { describe, expect, it } from "vitest";
import type { RequestReport } from "../../src/logs/types.js";
import { analyzeLines, chatPromptTokens, openaiCached, tokens } from "./analyze-helpers.js";
import { sampleLogLines } from "./sample-log.js";
import { appended, bare, recorded, shape, type Shape } from "./shapes.js";

// Each conversation below is built from a request shape of fixtures/logs/requests (the example
// app's own prompts) and shows one cause; the expected counts follow the rendering model of
// docs/logs.md, recomputed here from the texts.

const REPLY = shape("support-reply");
const CLAUDE = shape("support-reply-claude");

function only<T>(items: T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

function withBody(request: Shape, edit: (body: Shape["request"]) => void): Shape {
  const next = structuredClone(request);
  edit(next.request);
  return next;
}

function withKey(request: Shape, key: string): Shape {
  return withBody(request, (body) => (body.prompt_cache_key = key));
}

/** Tokens of the Claude shape's prefix up to and including its system block (the explicit breakpoint). */
function claudeThroughSystem(): number {
  const body = CLAUDE.request;
  return body.tools.reduce((sum: number, tool: object) => sum + tokens(JSON.stringify(tool)), 0) + tokens(body.system[0].text);
}

describe("one cause per conversation", () => {
  it("appended: each turn reuses the whole previous prompt; OpenAI caches it in 128-token steps", () => {
    const t1 = REPLY;
    const t2 = appended(t1, { role: "assistant", content: "Hi Dana, yes: a label that was never scanned can be voided." }, { role: "user", content: "Great, the label id is LBL-88." });
    const t3 = appended(t2, { role: "assistant", content: "Done: LBL-88 is voided." }, { role: "user", content: "Thank you!" });
    const usage = (prompt: number, cached: number) => ({ usage: { prompt_tokens: prompt, prompt_tokens_details: { cached_tokens: cached } } });
    const { requests, errors } = analyzeLines([recorded(t1, usage(1330, 0)), recorded(t2, usage(1372, 1280)), recorded(t3, usage(1398, 1280))]);

    expect(errors).toEqual([]);
    const [r1, r2, r3] = [only(requests, 0), only(requests, 1), only(requests, 2)];
    expect(r1).toMatchObject({ index: 0, line: 1, conversation: 1, turn: 1, provider: "openai", api: "chat.completions", model: "gpt-5.2" });
    expect(r1).toMatchObject({ routingKey: "support-reply-T-1001", previousLine: null, sharedPrefixTokens: null, predictedCachedTokens: 0, cause: null, divergence: null });
    expect(r1.promptTokens).toBe(chatPromptTokens(t1.request));
    expect(r2.promptTokens).toBe(chatPromptTokens(t2.request));
    expect(r1.promptTokens).toBeGreaterThan(1152);
    for (const [previous, request] of [[r1, r2], [r2, r3]] as const) {
      expect(request).toMatchObject({ conversation: 1, cause: "appended", divergence: null, lostTokens: 0, previousLine: previous.line });
      expect(request.sharedPrefixTokens).toBe(previous.promptTokens);
      expect(request.predictedCachedTokens).toBe(openaiCached(previous.promptTokens));
    }
    expect([r1.reportedCachedTokens, r2.reportedCachedTokens, r3.reportedCachedTokens]).toEqual([0, 1280, 1280]);
    expect(r2.reportedPromptTokens).toBe(1372);
  });

  it("system_changed: the time at the top of the triage prompt changes every turn", () => {
    const t1 = shape("triage");
    const t2 = appended(
      withBody(t1, (body) => (body.messages[0].content = body.messages[0].content.replace("9:14:03 AM", "9:15:40 AM"))),
      { role: "assistant", content: '{"category":"integrations","priority":"p2","queue":"integrations","needsHuman":true,"reason":"Order sync gap"}' },
      { role: "user", content: "Ticket T-1002 via email (starter plan)\nSubject: Re: Orders missing\n\nStill nothing after two sync intervals." },
    );
    const { requests } = analyzeLines([bare(t1), bare(t2)]);
    const r2 = only(requests, 1);

    // No routing key: the second request re-sends the first one's final message, so it continues it.
    expect(r2).toMatchObject({ conversation: 1, turn: 2, routingKey: null, cause: "system_changed" });
    expect(r2.divergence).toEqual({ part: "system", index: 0, block: null, before: expect.stringContaining("9:14:03 AM") as string, after: expect.stringContaining("9:15:40 AM") as string });
    // The schema, the system message's framing, then the text up to the minute digits that differ.
    expect(r2.sharedPrefixTokens).toBe(tokens('{"type":"json_object"}') + 3 + tokens("system") + tokens("Current time: 11/22/2026, 9:"));
    // Under OpenAI's 1,024-token minimum nothing was cacheable anyway: nothing is predicted or lost.
    expect(only(requests, 0).promptTokens).toBeLessThan(1024);
    expect(r2).toMatchObject({ predictedCachedTokens: 0, lostTokens: 0 });
  });

  it("system_changed: a second system message (the research notes) sits before the history that grows", () => {
    const t1 = shape("research");
    const t2 = withBody(t1, (body) => {
      const [system, , question] = body.messages;
      body.messages = [
        system,
        question,
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "carrier_service_status", arguments: '{"carrier":"canada_post","region":"US"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "Canada Post: cross-border delays of 4-7 days (incident CP-2291)." },
        { role: "system", content: "Notes saved so far:\nCanada Post cross-border delays of 4-7 days (carrier_service_status)." },
        { role: "user", content: "Continue." },
      ];
    });
    const { requests } = analyzeLines([recorded(t1), recorded(t2)]);
    const [r1, r2] = [only(requests, 0), only(requests, 1)];

    expect(r2).toMatchObject({ conversation: 1, provider: "xai", model: "grok-4", routingKey: "rs-42", cause: "system_changed" });
    expect(r2.divergence).toEqual({ part: "system", index: 1, block: null, before: "system", after: "user" });
    const shared = t1.request.tools.reduce((sum: number, tool: object) => sum + tokens(JSON.stringify(tool)), 0) + 3 + tokens("system") + tokens(t1.request.messages[0].content);
    expect(r2.sharedPrefixTokens).toBe(shared);
    // xAI publishes no minimum and no step: the shared prefix is the prediction.
    expect(r2).toMatchObject({ predictedCachedTokens: shared, lostTokens: r1.promptTokens - shared, approximate: true });
  });

  it("model_changed: a turn sent to another model finds no cache", () => {
    const t1 = withKey(REPLY, "support-reply-T-1002");
    const t2 = withBody(appended(t1, { role: "assistant", content: "Hi Dana." }, { role: "user", content: "Any update?" }), (body) => (body.model = "gpt-5-mini"));
    const { requests } = analyzeLines([recorded(t1), recorded(t2)]);
    const [r1, r2] = [only(requests, 0), only(requests, 1)];

    expect(r2).toMatchObject({ conversation: 1, turn: 2, model: "gpt-5-mini", cause: "model_changed", predictedCachedTokens: 0 });
    expect(r2.divergence).toEqual({ part: "model", index: null, block: null, before: "gpt-5.2", after: "gpt-5-mini" });
    expect(r2.sharedPrefixTokens).toBe(r1.promptTokens);
    expect(r2.lostTokens).toBe(openaiCached(r1.promptTokens));
  });

  it("routing_key_changed: a new x-grok-conv-id on a continued conversation goes to another server", () => {
    const t1 = shape("research");
    const t2 = appended(t1, { role: "assistant", content: "Canada Post reports cross-border delays." }, { role: "user", content: "Which help-center article covers this?" });
    t2.headers["x-grok-conv-id"] = "rs-42-retry";
    const { requests } = analyzeLines([recorded(t1), recorded(t2)]);
    const [r1, r2] = [only(requests, 0), only(requests, 1)];

    expect(r2).toMatchObject({ conversation: 1, routingKey: "rs-42-retry", cause: "routing_key_changed", predictedCachedTokens: 0 });
    expect(r2.divergence).toEqual({ part: "routing_key", index: null, block: null, before: "rs-42", after: "rs-42-retry" });
    expect(r2.sharedPrefixTokens).toBe(r1.promptTokens);
    expect(r2.lostTokens).toBe(r1.promptTokens);
  });

  it("tools_changed: a tool filtered out of a later turn", () => {
    const t1 = shape("research");
    const t2 = withBody(appended(t1, { role: "assistant", content: "Noted." }, { role: "user", content: "Answer now." }), (body) => body.tools.pop());
    const { requests } = analyzeLines([recorded(t1), recorded(t2)]);
    const [r1, r2] = [only(requests, 0), only(requests, 1)];

    expect(r2).toMatchObject({ conversation: 1, cause: "tools_changed" });
    expect(r2.divergence).toMatchObject({ part: "tools", index: 2, block: null, after: "system" });
    expect(r2.divergence!.before).toMatch(/^\{"type":"function","function":\{"name":"save_note"/);
    const shared = tokens(JSON.stringify(t1.request.tools[0])) + tokens(JSON.stringify(t1.request.tools[1]));
    expect(r2).toMatchObject({ sharedPrefixTokens: shared, predictedCachedTokens: shared, lostTokens: r1.promptTokens - shared });
  });

  it("response_format_changed: the structured-output schema is edited between two plans", () => {
    const t1 = shape("planner");
    const t2 = withBody(t1, (body) => {
      body.input = "Case C-312 (growth plan)\n\nA USPS refund has not arrived after 25 days.\n\nAlready attempted:\n- nothing yet";
      body.text.format.schema.properties.priority = { type: "string" };
    });
    const { requests } = analyzeLines([recorded(t1), recorded(t2)]);
    const r2 = only(requests, 1);

    expect(r2).toMatchObject({ conversation: 1, api: "responses", routingKey: "planner-growth", cause: "response_format_changed", predictedCachedTokens: 0 });
    // The excerpts start 30 characters before the first difference: the end of `assumptions`.
    expect(r2.divergence).toEqual({ part: "response_format", index: null, block: null, before: '…ay","items":{"type":"string"}}}}}', after: '…ay","items":{"type":"string"}},"priority":{"type":"string"}}}}' });
  });

  it("history_rewritten: a window that drops the oldest turn", () => {
    const t1 = withKey(REPLY, "support-reply-T-1003");
    const t2 = appended(t1, { role: "assistant", content: "Hi Dana, yes: it can be voided." }, { role: "user", content: "Yes, the label id is LBL-88." });
    const t3 = appended(t2, { role: "assistant", content: "LBL-88 is voided." }, { role: "user", content: "When is the refund settled?" });
    const t4 = withBody(appended(t3, { role: "assistant", content: "UPS refunds settle within 10 business days." }, { role: "user", content: "Thanks." }), (body) => body.messages.splice(1, 2));
    const { requests } = analyzeLines([t1, t2, t3, t4].map((request) => recorded(request)));
    const [r3, r4] = [only(requests, 2), only(requests, 3)];

    expect(requests.map((request) => request.cause)).toEqual([null, "appended", "appended", "history_rewritten"]);
    expect(r4.divergence).toMatchObject({ part: "messages", index: 1, block: null, before: expect.stringMatching(/^Today is November 22/) as string, after: expect.stringMatching(/^Yes, the label/) as string });
    const shared = 3 + tokens("system") + tokens(REPLY.request.messages[0].content) + 3 + tokens("user");
    expect(r4.sharedPrefixTokens).toBe(shared);
    expect(r4.predictedCachedTokens).toBe(openaiCached(shared));
    expect(r4.lostTokens).toBe(openaiCached(r3.promptTokens) - openaiCached(shared));
  });

  it("image_changed: the photo is re-encoded; Anthropic still reads the system breakpoint", () => {
    const t1 = CLAUDE;
    const t2 = withBody(appended(t1, { role: "assistant", content: "I'm sorry it arrived damaged." }, { role: "user", content: "What do I do next?" }), (body) => {
      body.messages[0].content[0].source.data = body.messages[0].content[0].source.data.replace("AAAAA", "BBBBB");
    });
    const { requests } = analyzeLines([recorded(t1), recorded(t2)]);
    const [r1, r2] = [only(requests, 0), only(requests, 1)];

    expect(r1).toMatchObject({ provider: "anthropic", api: "messages", model: "claude-sonnet-4-5" });
    expect(r1.promptTokens).toBe(claudeThroughSystem() + 3 + tokens("user") + tokens(t1.request.messages[0].content[1].text));
    expect(r2).toMatchObject({ conversation: 1, cause: "image_changed" });
    expect(r2.divergence).toMatchObject({ part: "image", index: 0, block: 0 });
    expect(r2.divergence!.before).not.toBe(r2.divergence!.after);
    // The cached prefix ends at the last breakpoint before the image: the system block.
    expect(r2.predictedCachedTokens).toBe(claudeThroughSystem());
    // A pure continuation would have read the automatic breakpoint on the first turn's last block.
    expect(r2.lostTokens).toBe(r1.promptTokens - claudeThroughSystem());
  });

  it("tool_choice_changed: forcing a tool keeps Anthropic's tools and system cache, not the messages", () => {
    const t2 = withBody(appended(CLAUDE, { role: "assistant", content: "Let me check." }, { role: "user", content: "It's 1Z999AA10123456784." }), (body) => {
      body.tool_choice = { type: "tool", name: "lookup_shipment" };
    });
    const { requests } = analyzeLines([recorded(CLAUDE), recorded(t2)]);
    const r2 = only(requests, 1);

    expect(r2.cause).toBe("tool_choice_changed");
    expect(r2.divergence).toEqual({ part: "tool_choice", index: null, block: null, before: '{"type":"auto"}', after: '{"type":"tool","name":"lookup_shipment"}' });
    expect(r2.predictedCachedTokens).toBe(claudeThroughSystem());
  });
});

describe("Anthropic breakpoints", () => {
  it("reads the automatic breakpoint of the previous turn when the conversation is appended to", () => {
    const t2 = appended(CLAUDE, { role: "assistant", content: "I'm sorry it arrived damaged." }, { role: "user", content: "What now?" });
    const { requests } = analyzeLines([recorded(CLAUDE), recorded(t2)]);
    expect(only(requests, 1)).toMatchObject({ cause: "appended", predictedCachedTokens: only(requests, 0).promptTokens, lostTokens: 0 });
  });

  it("falls back to the system breakpoint when the last write is more than 20 blocks back", () => {
    const fanOut = Array.from({ length: 12 }, (_, call) => [
      { role: "assistant", content: [{ type: "tool_use", id: `toolu_${call}`, name: "lookup_shipment", input: { tracking_number: `1Z${call}` } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: `toolu_${call}`, content: "In transit." }] },
    ]).flat();
    const t2 = appended(CLAUDE, ...fanOut);
    const { requests } = analyzeLines([recorded(CLAUDE), recorded(t2)]);
    expect(only(requests, 1)).toMatchObject({ cause: "appended", predictedCachedTokens: claudeThroughSystem() });
  });

  it("predicts nothing without a breakpoint", () => {
    const plain = withBody(CLAUDE, (body) => {
      delete body.cache_control;
      delete body.system[0].cache_control;
    });
    const { requests } = analyzeLines([recorded(plain), recorded(appended(plain, { role: "assistant", content: "Sorry." }, { role: "user", content: "Now?" }))]);
    expect(only(requests, 1)).toMatchObject({ cause: "appended", predictedCachedTokens: 0 });
  });
});

describe("previous_response_id chains", () => {
  const PLANNER = shape("planner");
  const revise = (request: Shape, edit: (body: Shape["request"]) => void = () => {}) =>
    withBody(request, (body) => {
      body.previous_response_id = "resp_1";
      body.input = [{ role: "user", content: "The merchant ships from Canada; replan." }];
      edit(body);
    });
  const first = recorded(PLANNER, { id: "resp_1", usage: { input_tokens: 700, input_tokens_details: { cached_tokens: 0 }, output_tokens: 150 } });

  it("carries the earlier input and output: appended", () => {
    const { requests } = analyzeLines([first, recorded(revise(PLANNER))]);
    const [r1, r2] = [only(requests, 0), only(requests, 1)];
    expect(r2).toMatchObject({ conversation: 1, turn: 2, cause: "appended", sharedPrefixTokens: r1.promptTokens, approximate: true });
    // The first turn's prompt, its 150 output tokens as reported, then the new message.
    expect(r2.promptTokens).toBe(r1.promptTokens + 150 + 3 + tokens("user") + tokens("The merchant ships from Canada; replan."));
    expect(r1.reportedPromptTokens).toBe(700);
  });

  it("omitting prompt_cache_key on the chained turn is routing_key_changed", () => {
    const { requests } = analyzeLines([first, recorded(revise(PLANNER, (body) => delete body.prompt_cache_key))]);
    expect(only(requests, 1)).toMatchObject({ conversation: 1, cause: "routing_key_changed", divergence: { part: "routing_key", before: "planner-growth", after: "" } });
  });

  it("instructions are not carried over: changed ones are system_changed", () => {
    const restarted = revise(PLANNER, (body) => (body.instructions = body.instructions.replace("2026-11-22T08:00:00.000Z", "2026-11-22T10:30:00.000Z")));
    const { requests } = analyzeLines([first, recorded(restarted)]);
    expect(only(requests, 1)).toMatchObject({ cause: "system_changed", divergence: { part: "system", index: null, block: null } });
    expect(only(requests, 1).divergence!.after).toContain("10:30:00.000Z");
  });
});

describe("grouping", () => {
  it("compares the first request of a conversation with the latest one that opens the same way", () => {
    const sentiment = shape("sentiment");
    const other = withBody(sentiment, (body) => (body.messages[1].content = "Love the new batch printing, thanks!"));
    const { requests } = analyzeLines([recorded(sentiment), recorded(other)]);
    const r2 = only(requests, 1);
    const shared = 3 + tokens("system") + tokens(sentiment.request.messages[0].content) + 3 + tokens("user");
    expect(r2).toMatchObject({ conversation: 2, turn: 1, provider: "groq", previousLine: 1, cause: null, divergence: null, sharedPrefixTokens: shared });
    // gpt-oss on Groq: no published minimum, so the shared prefix is the prediction.
    expect(r2.predictedCachedTokens).toBe(shared);
  });

  it("does not join conversations that only share a static final message", () => {
    const critique = (question: string) => ({
      ...shape("research"),
      request: { model: "grok-4", messages: [{ role: "user", content: question }, { role: "assistant", content: "Draft." }, { role: "system", content: "Review the draft answer above." }] },
    });
    const { requests } = analyzeLines([bare(critique("Why is DHL slow?")), bare(critique("Why is UPS slow?"))]);
    expect(requests.map((request) => [request.conversation, request.cause])).toEqual([[1, null], [2, null]]);
  });

  it("joins a retry of the very same messages, here with another model", () => {
    const retry = withBody(shape("triage"), (body) => (body.model = "gpt-5.2"));
    const { requests } = analyzeLines([bare(shape("triage")), bare(retry)]);
    expect(only(requests, 1)).toMatchObject({ conversation: 1, turn: 2, cause: "model_changed" });
  });

  it("forgets the least recently active conversation beyond the limit", () => {
    const conversation = (key: string) => withBody(withKey(REPLY, key), (body) => (body.messages[1].content = `Ticket ${key}`));
    const lines = ["a", "b", "c", "a"].map((key) => recorded(conversation(key)));
    const { requests } = analyzeLines(lines, { limits: { open: 2, openings: 2 } });
    // "a" was evicted by "b" and "c": it starts over as conversation 4.
    expect(requests.map((request) => [request.conversation, request.turn])).toEqual([[1, 1], [2, 1], [3, 1], [4, 1]]);
  });
});

describe("mixed logs", () => {
  const lines = sampleLogLines();
  const report = analyzeLines(lines);

  it("reports each unreadable line with its number and keeps going", () => {
    expect(report.errors).toEqual([
      { line: 3, message: expect.stringMatching(/^Invalid JSON: /) as string },
      { line: 6, message: "Expected a JSON object." },
      { line: 8, message: "Not a request body: expected `messages` (Chat Completions, Messages) or `input` (Responses)." },
    ]);
  });

  it("groups the interleaved conversations as it would apart", () => {
    const view = report.requests.map((request: RequestReport) => [request.line, request.conversation, request.turn, request.cause]);
    expect(view).toEqual([
      [1, 1, 1, null],
      [2, 2, 1, null],
      [5, 3, 1, null],
      [7, 1, 2, "appended"],
      [9, 2, 2, "system_changed"],
      [10, 3, 2, "appended"],
    ]);
    expect(report.requests.map((request) => request.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("sums the summary from the requests", () => {
    const { summary, requests } = report;
    const sum = (pick: (request: RequestReport) => number | null) => requests.reduce((total, request) => total + (pick(request) ?? 0), 0);
    expect(summary).toMatchObject({ requests: 6, conversations: 3, unreadableLines: 3, misses: 1 });
    expect(summary.promptTokens).toBe(sum((request) => request.promptTokens));
    expect(summary.predictedCachedTokens).toBe(sum((request) => request.predictedCachedTokens));
    expect(summary.predictedHitRate).toBeCloseTo(summary.predictedCachedTokens / summary.promptTokens, 4);
    // Four requests have usage: Anthropic's input is input + cache read + cache creation.
    expect(summary.reported).toMatchObject({ requests: 4, promptTokens: 1330 + 1540 + 1345 + 1590, cachedTokens: 1280 + 1500 });
    expect(summary.reported.hitRate).toBeCloseTo(2780 / 5805, 4);
    expect(summary.missesByCause.system_changed).toBe(1);
    expect(summary.lostTokensByCause.system_changed).toBe(only(requests, 4).lostTokens);
    expect(summary.worstDivergences).toEqual([
      { cause: "system_changed", api: "chat.completions", part: "system", index: 0, misses: 1, lostTokens: only(requests, 4).lostTokens, line: 9, before: only(requests, 4).divergence!.before, after: only(requests, 4).divergence!.after },
    ]);
  });
});
