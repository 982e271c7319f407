import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changesOf, knownText } from "../../src/eval/values.js";
import type { Segment } from "../../src/model/types.js";
import { fileSystemHost, Project } from "../../src/project/project.js";
import { analyze, fixtureReports, onlySite, pieceView, segmentView } from "../helpers.js";

/*
 * The Vercel AI SDK (`ai` + `@ai-sdk/*`): the fixture project's ground truth, then each call shape
 * the discoverer reads, one at a time.
 */
const root = join(import.meta.dirname, "../../fixtures/sdk-ai");

function stabilities(segment: Segment | undefined): string[] {
  return (segment?.pieces ?? []).map((piece) => piece.stability);
}

describe("fixtures/sdk-ai", () => {
  const project = new Project(fileSystemHost(root));
  const reports = fixtureReports(root, { project });

  it("finds every AI SDK call with the provider of its model", () => {
    // Message arrays and agent settings are also analyzed as prompts of their own (`messages`, `prompt`).
    const calls = reports.filter((report) => report.api !== "messages" && report.api !== "prompt");
    expect(calls.map((report) => [report.file, `${report.line}:${report.column}`, report.provider, report.api, report.model]).sort()).toEqual(
      [
        ["src/agents/diagnose.ts", "13:10", "openai", "generateText", "gpt-4.1"],
        ["src/agents/onboarding.ts", "22:10", "anthropic", "agent.stream", "claude-haiku-4-5"],
        ["src/agents/research.ts", "21:10", "xai", "generateText", "grok-4"],
        ["src/agents/research.ts", "34:10", "xai", "generateText", "grok-4"],
        ["src/app/chat-route.ts", "11:18", "openai", "streamText", "gpt-5.2"],
        ["src/app/digest.ts", "13:10", "bedrock", "generateText", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
        ["src/app/digest.ts", "26:10", "bedrock", "generateText", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
        ["src/app/handbook.ts", "9:10", "google", "generateText", "gemini-2.5-flash"],
        ["src/app/handbook.ts", "18:10", "google", "generateText", "gemini-2.5-flash"],
        ["src/app/summarize.ts", "13:26", "groq", "generateText", "openai/gpt-oss-120b"],
        ["src/support/escalate.ts", "20:10", "anthropic", "generateText", "claude-sonnet-4-5"],
        ["src/support/reply.ts", "15:10", "anthropic", "streamText", "claude-sonnet-4-5"],
        ["src/support/triage.ts", "17:28", "openai", "generateText", "gpt-5-mini"],
      ].sort(),
    );
  });

  it("reports exactly the expected findings", () => {
    const findings = reports.flatMap((report) => report.findings.map((finding) => [report.file, `${finding.line}:${finding.column}`, finding.ruleId]));
    expect(findings.sort()).toEqual(
      [
        // Whether the screenshot turn is sent at all is decided per ticket, ahead of the thread.
        ["src/agents/diagnose.ts", "17:7", "prompt-cache/stable-images"],
        // A sliding window, tools narrowed per step, and a new conversation id on every step.
        ["src/agents/research.ts", "20:18", "prompt-cache/stable-history"],
        ["src/agents/research.ts", "25:18", "prompt-cache/stable-tools"],
        ["src/agents/research.ts", "27:34", "prompt-cache/cache-routing-key"],
        // v7 rejects the system message in `messages`; it is also not the leading system message.
        ["src/app/digest.ts", "18:7", "prompt-cache/provider-constraints"],
        ["src/app/digest.ts", "18:7", "prompt-cache/single-leading-system"],
        // Gemini refuses `system` next to `cachedContent`.
        ["src/app/handbook.ts", "22:34", "prompt-cache/provider-constraints"],
        // `toolChoice` flips with the ticket's priority.
        ["src/support/escalate.ts", "24:17", "prompt-cache/stable-tool-choice"],
        // The time of receipt ahead of the triage rules.
        ["src/support/triage.ts", "20:34", "prompt-cache/no-volatile-prefix"],
        ["src/support/triage.ts", "20:34", "prompt-cache/static-before-dynamic"],
      ].sort(),
    );
  });

  it("reads the clean reply as Anthropic's prefix: tools, cached instructions, history, the requester's turn", () => {
    const path = join(root, "src/support/reply.ts");
    const { sites } = analyze(readFileSync(path, "utf8"));
    const [site] = sites;
    expect(segmentView(site!)).toEqual([
      ["tools", null, false],
      ["system", "system", false],
      ["history", null, false],
      ["message", "user", true],
    ]);
    // The instructions' breakpoint (1 h) and the call-level one (automatic caching).
    expect(site!.breakpoints.map((breakpoint) => [breakpoint.segment, breakpoint.ttl])).toEqual([
      [1, "1h"],
      [null, null],
    ]);
  });
});

describe("AI SDK calls", () => {
  it("recognizes the four functions, imported by name, renamed, as a namespace or required", () => {
    const { sites } = analyze(`
import { generateText, streamText as stream, generateObject, streamObject } from "ai";
import * as ai from "ai";
import { openai } from "@ai-sdk/openai";
const { generateText: viaRequire } = require("ai");
await generateText({ model: openai("gpt-4o"), prompt: "a" });
stream({ model: openai("gpt-4o"), prompt: "b" });
await generateObject({ model: openai("gpt-4o"), schema, prompt: "c" });
streamObject({ model: openai("gpt-4o"), schema, prompt: "d" });
await ai.generateText({ model: openai("gpt-4o"), prompt: "e" });
await viaRequire({ model: openai("gpt-4o"), prompt: "f" });
`);
    expect(sites.map((site) => [site.sdk, site.api, site.provider])).toEqual([
      ["ai", "generateText", "openai"],
      ["ai", "streamText", "openai"],
      ["ai", "generateObject", "openai"],
      ["ai", "streamObject", "openai"],
      ["ai", "generateText", "openai"],
      ["ai", "generateText", "openai"],
    ]);
  });

  it("ignores look-alikes: a local generateText, and files that do not import the SDK", () => {
    expect(
      analyze(`
import { openai } from "@ai-sdk/openai";
import "ai";
function generateText(options: { prompt: string }) { return options.prompt; }
generateText({ model: openai("gpt-4o"), prompt: "hi" } as never);
ai.streamText({ prompt: "hi" });
`).sites,
    ).toEqual([]);
    expect(analyze(`generateText({ model: "gpt-4o", prompt: "hi" });`).sites).toEqual([]);
  });

  it("tells the provider from the model: its package, factory settings, method, or id", () => {
    const { sites } = analyze(`
import { generateText, wrapLanguageModel, createProviderRegistry } from "ai";
import { openai, createOpenAI } from "@ai-sdk/openai";
import { anthropic, createAnthropic } from "@ai-sdk/anthropic";
import { xai } from "@ai-sdk/xai";
import { groq } from "@ai-sdk/groq";
import { google } from "@ai-sdk/google";
import { mistral } from "@ai-sdk/mistral";
import { bedrock } from "@ai-sdk/amazon-bedrock";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { myModel } from "./models.js";
const grokViaOpenAI = createOpenAI({ baseURL: "https://api.x.ai/v1", apiKey: process.env.XAI_API_KEY });
const local = createOpenAICompatible({ name: "vllm", baseURL: "http://localhost:8000/v1" });
const fast = anthropic("claude-haiku-4-5");
const registry = createProviderRegistry({ anthropic, openai });
export async function run(model: never, prompt: string) {
  await generateText({ model: openai("gpt-4o"), prompt });
  await generateText({ model: openai.chat("gpt-4.1"), prompt });
  await generateText({ model: openai.responses("gpt-5.2"), prompt });
  await generateText({ model: anthropic.messages("claude-sonnet-4-5"), prompt });
  await generateText({ model: createAnthropic({ apiKey: "k" })("claude-opus-4-8"), prompt });
  await generateText({ model: xai.responses("grok-4"), prompt });
  await generateText({ model: groq("openai/gpt-oss-120b"), prompt });
  await generateText({ model: google("gemini-2.5-pro"), prompt });
  await generateText({ model: mistral("mistral-large-latest"), prompt });
  await generateText({ model: bedrock("us.anthropic.claude-sonnet-4-5-20250929-v1:0"), prompt });
  await generateText({ model: grokViaOpenAI.chat("grok-4"), prompt });
  await generateText({ model: local("llama-3.3-70b"), prompt });
  await generateText({ model: fast, prompt });
  await generateText({ model: wrapLanguageModel({ model: fast, middleware: [] }), prompt });
  await generateText({ model: registry.languageModel("anthropic:claude-sonnet-4-5"), prompt });
  await generateText({ model: "anthropic/claude-sonnet-4.5", prompt });
  await generateText({ model, prompt });
  await generateText({ model: myModel, prompt });
}
`);
    expect(sites.map((site) => [site.provider, site.model])).toEqual([
      ["openai", "gpt-4o"],
      ["openai", "gpt-4.1"],
      ["openai", "gpt-5.2"],
      ["anthropic", "claude-sonnet-4-5"],
      ["anthropic", "claude-opus-4-8"],
      ["xai", "grok-4"],
      ["groq", "openai/gpt-oss-120b"],
      ["google", "gemini-2.5-pro"],
      ["mistral", "mistral-large-latest"],
      ["bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"],
      ["xai", "grok-4"],
      ["openai-compatible", "llama-3.3-70b"],
      ["anthropic", "claude-haiku-4-5"],
      ["anthropic", "claude-haiku-4-5"],
      ["anthropic", "claude-sonnet-4-5"],
      // The Vercel AI Gateway passes the request on: the model table applies, no vendor rules.
      ["openai-compatible", "anthropic/claude-sonnet-4.5"],
      ["openai-compatible", null],
      ["openai-compatible", null],
    ]);
  });

  it("reads a ToolLoopAgent's settings with the prompt of its generate or stream call", () => {
    const code = `
import { ToolLoopAgent, stepCountIs } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
const agent = new ToolLoopAgent({
  model: anthropic("claude-sonnet-4-5"),
  instructions: "You help new employees set up their laptop.",
  stopWhen: stepCountIs(5),
  providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } },
});
export const turn = (history: never[], message: string) => agent.generate({ messages: [...history, { role: "user", content: message }] });
export const quick = (question: string) => agent.stream({ prompt: question });
`;
    const [turn, quick] = analyze(code).sites.filter((site) => site.sdk === "ai");
    expect([turn!.api, turn!.provider, turn!.model, quick!.api]).toEqual(["agent.generate", "anthropic", "claude-sonnet-4-5", "agent.stream"]);
    expect(segmentView(turn!)).toEqual([
      ["system", "system", false],
      ["history", null, false],
      ["message", "user", true],
    ]);
    expect(turn!.breakpoints.map((breakpoint) => breakpoint.segment)).toEqual([null]);
    // The agent's instructions are sent as \`system\`: not a sign of AI SDK 7 (agents have them since 6).
    expect(turn!.parameters.has("instructions")).toBe(false);
  });

  it("names an unknown factory's provider from the model id when the model table knows it", () => {
    const site = onlySite(`
import { generateText } from "ai";
import { providers } from "./llm.js";
export const ask = (prompt: string) => generateText({ model: providers.chat("grok-4"), prompt });
`);
    expect([site.provider, site.model]).toEqual(["xai", "grok-4"]);
  });

  it("orders the prompt as the providers build their prefix: tools, schema, instructions, conversation", () => {
    const code = `
import { generateObject, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";
const INSTRUCTIONS = "Extract the order details from the customer's message.";
export const extract = (message: string) =>
  generateObject({
    prompt: message,
    instructions: INSTRUCTIONS,
    schema: z.object({ orderId: z.string() }),
    tools: { lookup: tool({ description: "Look up an order.", inputSchema: z.object({ id: z.string() }) }) },
    model: openai("gpt-4.1"),
  });
`;
    const site = onlySite(code);
    expect(segmentView(site)).toEqual([
      ["tools", null, false],
      ["response_format", null, false],
      ["system", "system", false],
      ["input", "user", true],
    ]);
    expect(pieceView(code, site.segments[2]!.pieces)).toEqual([["static", "Extract the order details from the customer's message."]]);
    expect(pieceView(code, site.segments[3]!.pieces)).toEqual([["dynamic", "<message>"]]);
  });

  it("takes v7 `instructions` over `system`, and reads system messages and arrays of them", () => {
    const first = onlySite(`
import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
generateText({ model: anthropic("claude-sonnet-4-5"), system: "old", instructions: "new", prompt: "q" });
`);
    expect(first.segments[0]!.pieces.map((piece) => piece.text)).toEqual(["new"]);
    const second = onlySite(`
import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
const RULES = { role: "system", content: "Rules." } as const;
export const ask = (extra: string, prompt: string) =>
  generateText({ model: anthropic("claude-sonnet-4-5"), system: [RULES, { role: "system", content: extra }], prompt });
`);
    expect(segmentView(second)).toEqual([
      ["system", "system", false],
      ["system", "system", false],
      ["input", "user", true],
    ]);
    expect(second.segments.map(stabilities)).toEqual([["static"], ["dynamic"], ["dynamic"]]);
  });

  it("reads messages: text and media parts, history spreads, and a list passed whole", () => {
    const code = `
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
const EXAMPLES = [
  { role: "user", content: "Where is my parcel?" },
  { role: "assistant", content: "Let me check the tracking number." },
] as const;
export const ask = (history: never[], question: string, photo: Uint8Array, pdf: Uint8Array) =>
  generateText({
    model: openai("gpt-4o"),
    messages: [
      ...EXAMPLES,
      ...history,
      { role: "user", content: [{ type: "image", image: photo }, { type: "file", data: pdf, mediaType: "application/pdf" }, { type: "file", data: photo, mediaType: "image/png" }, { type: "text", text: question }] },
    ],
  });
export const whole = (messages: never[]) => generateText({ model: openai("gpt-4o"), messages });
`;
    const [site, whole] = analyze(code).sites;
    expect(segmentView(site!)).toEqual([
      ["message", "user", false],
      ["message", "assistant", false],
      ["history", null, false],
      ["message", "user", true],
    ]);
    expect(site!.segments[3]!.pieces.map((piece) => [piece.media ?? "text", piece.stability])).toEqual([
      ["image", "dynamic"],
      ["file", "dynamic"],
      ["image", "dynamic"],
      ["text", "dynamic"],
    ]);
    expect(segmentView(whole!)).toEqual([["history", null, false]]);
  });

  it("exposes routing keys and Gemini's cache under the names the checks read, and merges headers", () => {
    const [openaiSite, xaiSite, googleSite] = analyze(`
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { createXai } from "@ai-sdk/xai";
import { google } from "@ai-sdk/google";
const grok = createXai({ headers: { "X-Grok-Conv-Id": "default", "x-team": "support" } });
export async function run(conversationId: string, prompt: string) {
  await generateText({ model: openai("gpt-5.2"), prompt, providerOptions: { openai: { promptCacheKey: conversationId, promptCacheRetention: "24h" } } });
  await generateText({ model: grok("grok-4"), prompt, headers: { "x-grok-conv-id": conversationId } });
  await generateText({ model: google("gemini-2.5-flash"), prompt, providerOptions: { google: { cachedContent: "cachedContents/handbook" } } });
}
`).sites;
    expect(knownText(openaiSite!.parameters.get("promptCacheKey")!.value)).toBeNull();
    expect(openaiSite!.parameters.has("providerOptions")).toBe(true);
    expect([...xaiSite!.headers.keys()]).toEqual(["x-grok-conv-id", "x-team"]);
    expect(xaiSite!.headers.get("x-grok-conv-id")!.value).toMatchObject({ kind: "opaque", stability: "dynamic" });
    expect(knownText(googleSite!.parameters.get("cachedContent")!.value)).toBe("cachedContents/handbook");
  });
});

describe("AI SDK cache breakpoints", () => {
  it("records Anthropic's call-level, system, message, part and tool markers with their segment", () => {
    const code = `
import { generateText, tool } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
import { z } from "zod";
const ephemeral = { type: "ephemeral" } as const;
export const ask = (doc: string, question: string) =>
  generateText({
    model: anthropic("claude-sonnet-4-5"),
    tools: {
      search: tool({ description: "Search.", inputSchema: z.object({ q: z.string() }), providerOptions: { anthropic: { cacheControl: ephemeral } } }),
    },
    instructions: { role: "system", content: "Be brief.", providerOptions: { anthropic: { cacheControl: { type: "ephemeral", ttl: "1h" } } } },
    messages: [
      { role: "user", content: [{ type: "text", text: doc, providerOptions: { anthropic: { cacheControl: ephemeral } } }, { type: "text", text: question }] },
      { role: "assistant", content: "Noted.", providerOptions: { anthropic: { cache_control: ephemeral } } },
      { role: "user", content: question },
    ],
    providerOptions: { anthropic: { cacheControl: ephemeral } },
  });
`;
    const site = onlySite(code);
    expect(site.breakpoints.map((breakpoint) => [breakpoint.segment, breakpoint.ttl, breakpoint.node.loc.start.line])).toEqual([
      [0, null, 10],
      [1, "1h", 12],
      [2, null, 14],
      [3, null, 15],
      [null, null, 18],
    ]);
    // A part's marker closes that part; a message's marker its last part.
    expect(pieceView(code, site.breakpoints[2]!.pieces!)).toEqual([["dynamic", "<doc>"]]);
    expect(pieceView(code, site.breakpoints[3]!.pieces!)).toEqual([["static", "Noted."]]);
  });

  it("records Bedrock cache points on messages, and no marker the provider ignores", () => {
    const [bedrockSite, openaiSite] = analyze(`
import { generateText } from "ai";
import { bedrock } from "@ai-sdk/amazon-bedrock";
import { openai } from "@ai-sdk/openai";
export async function run(prompt: string) {
  await generateText({
    model: bedrock("anthropic.claude-sonnet-4-5-20250929-v1:0"),
    system: [{ role: "system", content: "Rules.", providerOptions: { bedrock: { cachePoint: { type: "default", ttl: "1h" } } } }],
    messages: [{ role: "user", content: prompt, providerOptions: { amazonBedrock: { cachePoint: { type: "default" } } } }],
    providerOptions: { bedrock: { cachePoint: { type: "default" } } },
  });
  await generateText({ model: openai("gpt-4o"), prompt, providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } });
}
`).sites;
    expect(bedrockSite!.breakpoints.map((breakpoint) => [breakpoint.segment, breakpoint.ttl])).toEqual([
      [0, "1h"],
      [1, null],
    ]);
    expect(openaiSite!.breakpoints).toEqual([]);
  });
});

describe("AI SDK tools", () => {
  function toolsOf(code: string): Segment {
    return onlySite(code).segments.find((segment) => segment.kind === "tools")!;
  }

  const header = `import { generateText, tool } from "ai";\nimport { openai } from "@ai-sdk/openai";\nconst search = tool({ description: "Search." });\nconst lookup = tool({ description: "Look up." });\n`;

  it("lists the tools object in Object.entries order, with what an unknown spread adds", () => {
    const tools = toolsOf(`${header}export const ask = (prompt: string, plugins: object) => generateText({ model: openai("gpt-4o"), prompt, tools: { search, lookup, ...plugins } });`);
    expect(tools.value).toMatchObject({ kind: "array" });
    const elements = tools.value!.kind === "array" ? tools.value!.elements : [];
    expect(elements.map((element) => [element.spread, element.value.kind === "opaque" ? element.value.stability : element.value.kind])).toEqual([
      [false, "deployment"],
      [false, "deployment"],
      [true, "dynamic"],
    ]);
  });

  it("makes `activeTools` chosen per request a membership change of the tools, and a fixed one none", () => {
    const dynamic = toolsOf(`${header}export const ask = (prompt: string, allowed: Array<"search" | "lookup">) => generateText({ model: openai("gpt-4o"), prompt, tools: { search, lookup }, activeTools: allowed });`);
    expect(changesOf(dynamic.value!).map((change) => [change.kind, change.stability, change.reason])).toEqual([
      ["membership", "dynamic", "`activeTools: allowed` at line 5 sends only the tools it names"],
    ]);
    const fixed = toolsOf(`${header}export const ask = (prompt: string) => generateText({ model: openai("gpt-4o"), prompt, tools: { search, lookup }, activeTools: ["search"] });`);
    expect(changesOf(fixed.value!)).toEqual([]);
  });

  it("keeps the changes of Object.fromEntries(list), and drops order changes under a fixed toolOrder", () => {
    const code = `${header}const ALL = [["search", search], ["lookup", lookup]] as const;
export const ask = (prompt: string, enabled: string[], extra: Record<string, never>) =>
  generateText({ model: openai("gpt-4o"), prompt, tools: Object.fromEntries(ALL.filter(([name]) => enabled.includes(name))) });
export const sorted = (prompt: string, extra: Record<string, never>) =>
  generateText({ model: openai("gpt-4o"), prompt, tools: Object.fromEntries(Object.entries(extra)), toolOrder: ["search"] });`;
    const [filtered, ordered] = analyze(code).sites;
    const filteredTools = filtered!.segments[0]!.value!;
    expect(filteredTools.kind === "array" && filteredTools.elements.length).toBe(2);
    expect(changesOf(filteredTools).map((change) => change.kind)).toEqual(["membership"]);
    expect(changesOf(ordered!.segments[0]!.value!)).toEqual([]);
  });

  it("does not read a list again out of the helper that builds it from its arguments", () => {
    const tools = toolsOf(`${header}const ALL = [["search", search], ["lookup", lookup]] as const;
function toolsFor(names: string[]) {
  return Object.fromEntries(ALL.filter(([name]) => names.includes(name)));
}
export const ask = (prompt: string) => generateText({ model: openai("gpt-4o"), prompt, tools: toolsFor(["search"]) });`);
    expect(changesOf(tools.value!)).toEqual([]);
  });

  it("gives an MCP client's tools an order that the server does not guarantee", () => {
    const tools = toolsOf(`
import { experimental_createMCPClient as createMCPClient, generateText } from "ai";
import { openai } from "@ai-sdk/openai";
const mcp = await createMCPClient({ transport: { type: "sse", url: "https://mcp.example.com/sse" } });
const tools = await mcp.tools();
export const ask = (prompt: string) => generateText({ model: openai("gpt-4o"), prompt, tools });
`);
    expect(changesOf(tools.value!).map((change) => [change.kind, change.stability])).toEqual([["order", "dynamic"]]);
  });
});
