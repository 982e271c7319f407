import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { knownText } from "../../src/eval/values.js";
import { fileSystemHost, Project } from "../../src/project/project.js";
import { lookupModel } from "../../src/providers/models.js";
import { estimatePrefix } from "../../src/tokens/prefix.js";
import { analyze, breakpointView, fixtureReports, onlySite, pieceView, segmentView } from "../helpers.js";

/*
 * `@anthropic-ai/sdk`: the fixture project's ground truth, then each call shape the discoverer reads.
 */
const root = join(import.meta.dirname, "../../fixtures/sdk-anthropic");

describe("fixtures/sdk-anthropic", () => {
  const project = new Project(fileSystemHost(root));
  const reports = fixtureReports(root, { project });

  it("finds every Messages request: create, stream, a batch, the class client and a token count", () => {
    expect(reports.map((report) => [report.file, `${report.line}:${report.column}`, report.provider, report.api, report.model]).sort()).toEqual(
      [
        ["src/assistant/advisor.ts", "17:10", "anthropic", "messages", "claude-sonnet-4-5"],
        ["src/assistant/categorize.ts", "27:26", "anthropic", "messages", "claude-haiku-4-5"],
        ["src/assistant/chat.ts", "13:18", "anthropic", "messages", "claude-sonnet-4-5"],
        ["src/assistant/receipts.ts", "18:12", "anthropic", "messages", "claude-sonnet-4-5"],
        ["src/reports/monthly.ts", "13:10", "anthropic", "messages", "claude-sonnet-4-5"],
        ["src/reports/monthly.ts", "29:10", "anthropic", "messages", "claude-sonnet-4-5"],
        ["src/reports/usage.ts", "7:23", "anthropic", "messages", "claude-sonnet-4-5"],
      ].sort(),
    );
  });

  it("reports exactly the expected findings", () => {
    const findings = reports.flatMap((report) => report.findings.map((finding) => [report.file, `${finding.line}:${finding.column}`, finding.ruleId]));
    expect(findings.sort()).toEqual(
      [
        // The customer's profile inside the only cached block, after the guide.
        ["src/assistant/advisor.ts", "24:9", "prompt-cache/cache-control-breakpoints"],
        // The time of day in the cached system block, ahead of the few-shot examples.
        ["src/assistant/categorize.ts", "33:53", "prompt-cache/no-volatile-prefix"],
        ["src/assistant/categorize.ts", "33:53", "prompt-cache/static-before-dynamic"],
        ["src/assistant/categorize.ts", "34:9", "prompt-cache/cache-control-breakpoints"],
        // 1,100 static tokens and no breakpoint; an OpenAI-style system message.
        ["src/assistant/receipts.ts", "18:33", "prompt-cache/cache-control-breakpoints"],
        ["src/assistant/receipts.ts", "23:9", "prompt-cache/provider-constraints"],
        // Five breakpoints, counting the one on the last imported tool.
        ["src/reports/monthly.ts", "40:68", "prompt-cache/cache-control-breakpoints"],
      ].sort(),
    );
  });

  it("orders the chat's prompt as Anthropic does, with its three breakpoints", () => {
    const chat = reports.find((report) => report.file === "src/assistant/chat.ts")!;
    expect(chat.segments.map((segment) => [segment.kind, segment.role, segment.stability])).toEqual([
      ["tools", null, "static"],
      ["system", null, "static"],
      ["system", null, "dynamic"],
      ["history", null, "dynamic"],
      ["message", "user", "dynamic"],
    ]);
    // The tools and the guide are above Claude Sonnet 4.5's 1,024 tokens; Claude's tokenizer is
    // not public, so the count is an o200k_base estimate.
    expect(chat.prefix).toMatchObject({ encoding: "o200k_base", approximate: true, minimumTokens: 1024, meetsMinimum: true });
    expect(chat.prefix.cacheableTokens).toBeGreaterThan(1200);
    expect(chat.prefix.firstDynamic).toMatchObject({ line: 19, kind: "dynamic" });
  });

  it("keeps imports unknown without a project and reports nothing it cannot see", () => {
    const alone = fixtureReports(root);
    const findings = alone.flatMap((report) => report.findings.map((finding) => [report.file, `${finding.line}:${finding.column}`, finding.ruleId]));
    // The guide and the tools are imported: no breakpoint is missing and only four are seen.
    expect(findings.sort()).toEqual(
      [
        ["src/assistant/advisor.ts", "24:9", "prompt-cache/cache-control-breakpoints"],
        ["src/assistant/categorize.ts", "33:53", "prompt-cache/no-volatile-prefix"],
        ["src/assistant/categorize.ts", "33:53", "prompt-cache/static-before-dynamic"],
        ["src/assistant/categorize.ts", "34:9", "prompt-cache/cache-control-breakpoints"],
        ["src/assistant/receipts.ts", "23:9", "prompt-cache/provider-constraints"],
      ].sort(),
    );
  });
});

const header = `import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\n`;

describe("@anthropic-ai/sdk call shapes", () => {
  it("finds messages and beta.messages calls on default, named, namespace and required clients", () => {
    const { sites } = analyze(`
import Anthropic from "@anthropic-ai/sdk";
import { Anthropic as Named } from "@anthropic-ai/sdk";
import * as sdk from "@anthropic-ai/sdk";
const a = new Anthropic();
const b = new Named({ apiKey: "k" });
const c = new sdk.Anthropic();
const body = { model: "claude-sonnet-4-5", max_tokens: 100, messages: [] };
await a.messages.create(body);
a.messages.stream(body);
await a.messages.parse(body);
await a.messages.countTokens({ model: "claude-sonnet-4-5", messages: [] });
await b.beta.messages.create({ ...body, betas: ["context-1m-2025-08-07"] });
b.beta.messages.toolRunner({ ...body, tools: [] });
await c.messages.create(body);
await new Anthropic().messages.create(body);
`);
    expect(sites.map((site) => [site.node.loc.start.line, site.provider, site.sdk, site.api, site.model])).toEqual([
      [9, "anthropic", "@anthropic-ai/sdk", "messages", "claude-sonnet-4-5"],
      [10, "anthropic", "@anthropic-ai/sdk", "messages", "claude-sonnet-4-5"],
      [11, "anthropic", "@anthropic-ai/sdk", "messages", "claude-sonnet-4-5"],
      [12, "anthropic", "@anthropic-ai/sdk", "messages", "claude-sonnet-4-5"],
      [13, "anthropic", "@anthropic-ai/sdk", "messages", "claude-sonnet-4-5"],
      [14, "anthropic", "@anthropic-ai/sdk", "messages", "claude-sonnet-4-5"],
      [15, "anthropic", "@anthropic-ai/sdk", "messages", "claude-sonnet-4-5"],
      [16, "anthropic", "@anthropic-ai/sdk", "messages", "claude-sonnet-4-5"],
    ]);
    expect([...sites[4]!.parameters.keys()]).toEqual(["model", "max_tokens", "messages", "betas"]);
  });

  it("tells Claude on Bedrock and on Vertex by their clients, and reads a required SDK", () => {
    const { sites } = analyze(`
const Anthropic = require("@anthropic-ai/sdk");
import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";
import AnthropicVertex from "@anthropic-ai/vertex-sdk";
const direct = new Anthropic();
const bedrock = new AnthropicBedrock({ awsRegion: "us-east-1" });
const vertex = new AnthropicVertex({ region: "us-east5", projectId: "p" });
direct.messages.create({ model: "claude-opus-4-1", max_tokens: 10, messages: [] });
bedrock.messages.create({ model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", max_tokens: 10, messages: [] });
vertex.messages.create({ model: "claude-sonnet-4-5@20250929", max_tokens: 10, messages: [] });
`);
    expect(sites.map((site) => [site.provider, site.sdk, site.model])).toEqual([
      ["anthropic", "@anthropic-ai/sdk", "claude-opus-4-1"],
      ["bedrock", "@anthropic-ai/bedrock-sdk", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"],
      ["anthropic", "@anthropic-ai/vertex-sdk", "claude-sonnet-4-5@20250929"],
    ]);
    // Bedrock and Vertex model ids get the Claude facts.
    expect(sites.map((site) => lookupModel(site.model, site.provider).minimumTokens)).toEqual([1024, 1024, 1024]);
  });

  it("finds a client built in a class constructor or field, and one imported from another module", () => {
    const { sites } = analyze(`
import Anthropic from "@anthropic-ai/sdk";
import { client as shared } from "./client";
class Bot {
  private readonly client: Anthropic;
  private other = new Anthropic();
  constructor() { this.client = new Anthropic({ maxRetries: 2 }); }
  a(messages: Anthropic.MessageParam[]) { return this.client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages }); }
  b(messages: Anthropic.MessageParam[]) { return this.other.messages.stream({ model: "claude-sonnet-4-5", max_tokens: 10, messages }); }
}
export const c = (params: Anthropic.MessageCreateParams) => shared.messages.create(params);
`);
    expect(sites.map((site) => [site.node.loc.start.line, site.sdk])).toEqual([
      [8, "@anthropic-ai/sdk"],
      [9, "@anthropic-ai/sdk"],
      [11, "@anthropic-ai/sdk"],
    ]);
  });

  it("leaves look-alikes alone: Twilio, OpenAI's Assistants threads and other clients", () => {
    const { sites } = analyze(`
import twilio from "twilio";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
const sms = twilio(process.env.SID, process.env.TOKEN);
const openai = new OpenAI();
class Notifier { client = new OpenAI(); send(body: string) { return this.client.messages.create({ body }); } }
await sms.messages.create({ body: "Your parcel is out for delivery.", from: "+15550100", to: "+15550101" });
await openai.beta.threads.messages.create(threadId, { role: "user", content: "hi" });
`);
    expect(sites).toEqual([]);
  });

  it("reads a shared client without an SDK import when the body is a Messages body", () => {
    const { sites } = analyze(`
import { llm } from "./llm";
export const ask = (question: string) => llm.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, messages: [{ role: "user", content: question }] });
export const notify = (to: string) => llm.messages.create({ to, body: "Parcel delivered." });
`);
    expect(sites.map((site) => [site.node.loc.start.line, site.provider, site.sdk])).toEqual([[3, "anthropic", "@anthropic-ai/sdk"]]);
  });

  it("builds tools, system blocks and messages in prefix order, whatever the key order", () => {
    const code = `${header}
const TOOLS = [{ name: "lookup", description: "Look up an order.", input_schema: { type: "object", properties: { id: { type: "string", description: "Order id" } } } }];
export async function ask(history: Anthropic.MessageParam[], name: string, question: string, photo: string) {
  return client.messages.create({
    messages: [
      ...history,
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "lookup", input: { id: "A1" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "Shipped." }, { type: "image", source: { type: "base64", media_type: "image/png", data: photo } }, { type: "text", text: question }] },
    ],
    system: [{ type: "text", text: "You are the order assistant." }, { type: "text", text: \`Customer: \${name}\` }],
    tools: TOOLS,
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    tool_choice: { type: "auto" },
    thinking: { type: "enabled", budget_tokens: 2048 },
  });
}`;
    const site = onlySite(code);
    expect(segmentView(site)).toEqual([
      ["tools", null, false],
      ["system", null, false],
      ["system", null, false],
      ["history", null, false],
      ["message", "assistant", false],
      ["message", "user", true],
    ]);
    expect(site.segments[0]!.tools).toEqual([{ name: "lookup", description: "Look up an order.", parameters: [{ name: "id", type: "string", description: "Order id", enum: [] }] }]);
    expect(pieceView(code, site.segments[2]!.pieces)).toEqual([
      ["static", "Customer: "],
      ["dynamic", "<name>"],
    ]);
    expect(pieceView(code, site.segments[4]!.pieces)).toEqual([
      ["static", "toolu_1"],
      ["static", "lookup"],
      ["static", "A1"],
    ]);
    expect(site.segments[5]!.pieces.map((piece) => [piece.stability, piece.media ?? piece.text ?? "?"])).toEqual([
      ["static", "toolu_1"],
      ["static", "Shipped."],
      ["dynamic", "image"],
      ["dynamic", "?"],
    ]);
    expect([...site.parameters.keys()]).toEqual(["messages", "system", "tools", "model", "max_tokens", "tool_choice", "thinking"]);
    expect(site.breakpoints).toEqual([]);
  });

  it("records every cache_control with its TTL and the segment it closes, the automatic one last", () => {
    const code = `${header}
const last = { name: "handover", description: "Hand over.", input_schema: { type: "object" } };
export async function ask(history: Anthropic.MessageParam[], doc: string, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    cache_control: { type: "ephemeral" },
    tools: [{ ...last, cache_control: { type: "ephemeral", ttl: "1h" } }],
    system: [{ type: "text", text: "Rules.", cache_control: { type: "ephemeral", ttl: "1h" } }],
    messages: [
      ...history,
      { role: "user", content: [
        { type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: doc, cache_control: { type: "ephemeral" } }] },
        { type: "text", text: question, cache_control: null },
      ] },
    ],
  });
}`;
    const site = onlySite(code);
    expect(breakpointView(site)).toEqual([
      [0, "1h", 10],
      [1, "1h", 11],
      [3, null, 15],
      [null, null, 9],
    ]);
    // Each block breakpoint knows the content of the block it marks.
    expect(pieceView(code, site.breakpoints[1]!.pieces!)).toEqual([["static", "Rules."]]);
    expect(pieceView(code, site.breakpoints[2]!.pieces!)).toEqual([["dynamic", "<doc>"]]);
  });

  it("reads the params of a batch, the first literal request or what the mapper returns", () => {
    const { sites } = analyze(`${header}
const RULES = "Summarize the ticket in one sentence.";
export const summarizeAll = (tickets: Array<{ id: string; text: string }>) =>
  client.messages.batches.create({
    requests: tickets.map((ticket) => ({
      custom_id: ticket.id,
      params: { model: "claude-haiku-4-5", max_tokens: 100, system: [{ type: "text", text: RULES, cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: ticket.text }] },
    })),
  });
export const one = () =>
  client.beta.messages.batches.create({ requests: [{ custom_id: "a", params: { model: "claude-opus-4-1", max_tokens: 10, messages: [{ role: "user", content: "Hi" }] } }] });
`);
    expect(sites.map((site) => [site.model, site.segments.map((segment) => segment.kind), site.breakpoints.length])).toEqual([
      ["claude-haiku-4-5", ["system", "message"], 1],
      ["claude-opus-4-1", ["message"], 0],
    ]);
    expect(sites[0]!.segments[1]!.pieces[0]).toMatchObject({ stability: "dynamic" });
  });

  it("reads client default headers under the request options' headers", () => {
    const site = onlySite(`
import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic({ defaultHeaders: { "Anthropic-Beta": "prompt-caching-2024-07-31" } });
export const ask = (id: string) => client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages: [] }, { headers: { "anthropic-beta": "context-1m-2025-08-07", "X-Request-Id": id } });
`);
    expect([...site.headers.keys()]).toEqual(["anthropic-beta", "x-request-id"]);
    expect(knownText(site.headers.get("anthropic-beta")!.value)).toBe("context-1m-2025-08-07");
  });

  it("reads a plain-text document as text and a role: system message where it is", () => {
    const code = `${header}
export const ask = (contract: string) => client.messages.create({
  model: "claude-sonnet-4-5",
  max_tokens: 10,
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: [{ type: "document", source: { type: "text", media_type: "text/plain", data: contract } }, { type: "document", source: { type: "url", url: "https://example.com/terms.pdf" } }] },
  ],
});`;
    const site = onlySite(code);
    expect(segmentView(site)).toEqual([
      ["message", "system", false],
      ["message", "user", true],
    ]);
    expect(site.segments[1]!.pieces.map((piece) => [piece.stability, piece.media ?? "text"])).toEqual([
      ["dynamic", "text"],
      ["static", "file"],
    ]);
  });

  it("estimates a Claude prefix with o200k_base as an approximation, up to the first changing value", () => {
    const code = `${header}
const RULES = "You are the order assistant of Parcelwise. Answer in one short paragraph.";
export const ask = (question: string) => client.messages.create({ model: "claude-haiku-4-5", max_tokens: 10, system: RULES, messages: [{ role: "user", content: question }] });
`;
    const site = onlySite(code);
    const estimate = estimatePrefix(site, lookupModel(site.model, site.provider));
    expect(estimate).toMatchObject({ encoding: "o200k_base", approximate: true, minimumTokens: 4096, meetsMinimum: false });
    // The system prompt with its framing, then the final message's framing up to the question.
    expect(estimate.cacheableTokens).toBeGreaterThan(15);
    expect(estimate.cacheableTokens).toBeLessThan(30);
  });
});
