import { createRequire } from "node:module";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { Tiktoken, type TiktokenBPE } from "js-tiktoken/lite";
import { describe, expect, it } from "vitest";
import type { Piece, RequestSite, Segment, SegmentKind, Stability, ToolDefinition } from "../src/model/types.js";
import { lookupModel } from "../src/providers/models.js";
import type { EncodingName } from "../src/providers/types.js";
import { countStaticTokens, estimatePrefix } from "../src/tokens/prefix.js";

const references = new Map<EncodingName, Tiktoken>();
/** Tokens by js-tiktoken itself. */
function t(text: string, encoding: EncodingName = "o200k_base"): number {
  let tiktoken = references.get(encoding);
  if (!tiktoken) {
    tiktoken = new Tiktoken(createRequire(import.meta.url)(`js-tiktoken/ranks/${encoding}`) as TiktokenBPE);
    references.set(encoding, tiktoken);
  }
  return tiktoken.encode(text, [], []).length;
}

/** A message's framing: 3 tokens and the role. */
const framing = (role: string, encoding: EncodingName = "o200k_base") => 3 + t(role, encoding);

const node = { type: "Literal", loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } }, range: [0, 1] } as unknown as TSESTree.Node;

function piece(text: string | null, stability: Stability = text === null ? "unknown" : "static", media?: Piece["media"]): Piece {
  return { stability, text, node, reason: "test", ...(media && { media }) };
}

function segment(kind: SegmentKind, role: string | null, pieces: Piece[], tools?: ToolDefinition[] | null): Segment {
  return { kind, role, pieces, node, isFinal: false, ...(tools !== undefined && { tools }) };
}

function site(...segments: Segment[]): RequestSite {
  return { node, provider: "openai", sdk: "openai", api: "chat.completions", model: "gpt-4o", segments, parameters: new Map(), headers: new Map(), breakpoints: [] };
}

const GPT_4O = lookupModel("gpt-4o", "openai");
const SYSTEM = "You are a support agent for Acme. Answer briefly and cite the manual.";

describe("estimatePrefix", () => {
  it("counts static messages with their framing", () => {
    const request = site(segment("system", "system", [piece(SYSTEM)]), segment("message", "user", [piece("How do I reset it?")]));
    const system = framing("system") + t(SYSTEM);
    const user = framing("user") + t("How do I reset it?");
    expect(estimatePrefix(request, GPT_4O)).toEqual({
      cacheableTokens: system + user,
      encoding: "o200k_base",
      approximate: false,
      minimumTokens: 1024,
      meetsMinimum: false,
      firstDynamic: null,
      segmentTokens: [system, user],
    });
  });

  it("ends the prefix at the first dynamic piece and reports it", () => {
    const question = piece(null, "dynamic");
    const user = segment("message", "user", [piece("Question: "), question, piece(" Thanks.")]);
    const estimate = estimatePrefix(site(segment("system", "system", [piece(SYSTEM)]), user), GPT_4O);
    expect(estimate.cacheableTokens).toBe(framing("system") + t(SYSTEM) + framing("user") + t("Question: "));
    expect(estimate.firstDynamic).toEqual({ piece: question, segment: user });
    expect(estimate.segmentTokens[1]).toBe(framing("user") + t("Question: ") + t(" Thanks."));
  });

  it("ends the prefix at a volatile piece even when its text is known", () => {
    const now = piece("2026-08-21T10:15:00Z", "volatile");
    const system = segment("system", "system", [piece("Today is "), now, piece(". Be brief.")]);
    const estimate = estimatePrefix(site(system), GPT_4O);
    expect(estimate.cacheableTokens).toBe(framing("system") + t("Today is "));
    expect(estimate.firstDynamic?.piece).toBe(now);
    expect(estimate.segmentTokens).toEqual([framing("system") + t("Today is 2026-08-21T10:15:00Z. Be brief.")]);
  });

  it("counts deployment text that is known; unknown text ends the prefix without being dynamic", () => {
    const known = estimatePrefix(site(segment("system", "system", [piece("Region: "), piece("eu-west-1", "deployment")])), GPT_4O);
    expect(known.cacheableTokens).toBe(framing("system") + t("Region: eu-west-1"));
    const unknown = site(segment("system", "system", [piece("Region: "), piece(null, "deployment")]), segment("message", "user", [piece("Hi")]));
    const estimate = estimatePrefix(unknown, GPT_4O);
    expect(estimate.cacheableTokens).toBe(framing("system") + t("Region: "));
    expect(estimate.firstDynamic).toBeNull();
    expect(estimate.segmentTokens).toEqual([framing("system") + t("Region: "), framing("user") + t("Hi")]);
  });

  it("counts adjacent known pieces as one text", () => {
    // BPE merges across the seam: per-piece counts would overcount.
    const estimate = estimatePrefix(site(segment("system", "system", [piece("You are "), piece("Bob", "deployment"), piece(", a bot.")])), GPT_4O);
    expect(estimate.cacheableTokens).toBe(framing("system") + t("You are Bob, a bot."));
  });

  it("ends the prefix at history and at a message whose role is not known", () => {
    const history = segment("history", null, [piece(null, "dynamic")]);
    const estimate = estimatePrefix(site(segment("system", "system", [piece(SYSTEM)]), history, segment("message", "user", [piece("Next")])), GPT_4O);
    expect(estimate.cacheableTokens).toBe(framing("system") + t(SYSTEM));
    expect(estimate.segmentTokens).toEqual([framing("system") + t(SYSTEM), null, framing("user") + t("Next")]);

    const unknownRole = estimatePrefix(site(segment("message", null, [piece("Hello")]), segment("message", "user", [piece("Hi")])), GPT_4O);
    expect(unknownRole.cacheableTokens).toBe(0);
    expect(unknownRole.segmentTokens).toEqual([3 + t("Hello"), framing("user") + t("Hi")]);
  });

  it("gives instructions the developer role and a bare input the user role", () => {
    const request = site(segment("instructions", null, [piece(SYSTEM)]), segment("input", null, [piece("Summarize.")]));
    expect(estimatePrefix(request, GPT_4O).cacheableTokens).toBe(framing("developer") + t(SYSTEM) + framing("user") + t("Summarize."));
  });

  it("counts a response format and unstructured tools from their text, without framing", () => {
    const schema = '{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"}}}';
    const tools = '[{"type":"function","function":{"name":"ping"}}]';
    const estimate = estimatePrefix(site(segment("tools", null, [piece(tools)], null), segment("response_format", null, [piece(schema)])), GPT_4O);
    expect(estimate.cacheableTokens).toBe(t(tools) + t(schema));
    expect(estimate.approximate).toBe(false);
  });

  it("estimates static tool definitions like the OpenAI cookbook, as an approximation", () => {
    const weather: ToolDefinition = {
      name: "get_current_weather",
      description: "Get the current weather in a given location",
      parameters: [
        { name: "location", type: "string", description: "The city and state, e.g. San Francisco, CA", enum: [] },
        { name: "unit", type: "string", description: "The unit of temperature to return", enum: ["celsius", "fahrenheit"] },
      ],
    };
    const request = site(
      segment("tools", null, [piece("<tools as JSON>")], [weather]),
      segment("system", "system", [piece("You are a helpful assistant that can answer to questions about the weather.")]),
      segment("message", "user", [piece("What's the weather like in San Francisco?")]),
    );
    // The cookbook's API measurement includes 3 tokens priming the reply, not part of the prefix.
    const gpt4o = estimatePrefix(request, GPT_4O);
    expect(gpt4o.cacheableTokens + 3).toBe(101);
    expect(gpt4o.approximate).toBe(true);
    expect(estimatePrefix(request, lookupModel("gpt-4", "openai")).cacheableTokens + 3).toBe(105);
  });

  it("does not estimate tools that are not all static", () => {
    const tool: ToolDefinition = { name: "ping", description: "Pings.", parameters: [] };
    const changing = piece('{"name":"ping"}', "dynamic");
    const estimate = estimatePrefix(site(segment("tools", null, [changing], [tool])), GPT_4O);
    expect(estimate.cacheableTokens).toBe(0);
    expect(estimate.approximate).toBe(false);
    expect(estimate.firstDynamic?.piece).toBe(changing);
  });

  it("ends the prefix at media, whatever its text", () => {
    const image = piece("https://example.com/cat.png", "static", "image");
    const estimate = estimatePrefix(site(segment("message", "user", [piece("Describe "), image, piece("briefly")])), GPT_4O);
    expect(estimate.cacheableTokens).toBe(framing("user") + t("Describe "));
    expect(estimate.segmentTokens).toEqual([framing("user") + t("Describe ") + t("briefly")]);
  });

  it("compares with the model's minimum, and reports the model's approximation", () => {
    const long = segment("system", "system", [piece(SYSTEM.repeat(20))]);
    const deepseek = estimatePrefix(site(long), lookupModel("deepseek-chat", "deepseek"));
    expect([deepseek.minimumTokens, deepseek.meetsMinimum, deepseek.approximate]).toEqual([64, true, true]);
    const grok = estimatePrefix(site(long), lookupModel("grok-4", "xai"));
    expect([grok.minimumTokens, grok.meetsMinimum]).toEqual([null, null]);
  });

  it("uses the model's encoding", () => {
    const text = "Überprüfe die Eingabe — 日本語も";
    const estimate = estimatePrefix(site(segment("system", "system", [piece(text)])), lookupModel("gpt-3.5-turbo", "openai"));
    expect(estimate.encoding).toBe("cl100k_base");
    expect(estimate.cacheableTokens).toBe(framing("system", "cl100k_base") + t(text, "cl100k_base"));
  });

  it("is empty for a request without known text", () => {
    expect(estimatePrefix(site(segment("message", "user", [piece(null, "dynamic")])), GPT_4O)).toMatchObject({
      cacheableTokens: 0,
      meetsMinimum: false,
      segmentTokens: [null],
    });
  });
});

describe("countStaticTokens", () => {
  it("counts runs of known text, skipping unknown pieces and media", () => {
    const pieces = [piece("Hello "), piece("world", "dynamic"), piece(null), piece("again"), piece("x", "static", "image"), piece(" and again")];
    expect(countStaticTokens(pieces, "o200k_base")).toBe(t("Hello world") + t("again") + t(" and again"));
    expect(countStaticTokens([], "o200k_base")).toBe(0);
  });
});
