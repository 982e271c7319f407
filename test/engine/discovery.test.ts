import { describe, expect, it } from "vitest";
import { stabilityOf } from "../../src/eval/values.js";
import { analyze, onlySite, pieceView } from "../helpers.js";

describe("request discovery", () => {
  it("finds chat, responses and v4 beta calls on an OpenAI client", () => {
    const { sites } = analyze(`
import OpenAI from "openai";
const openai = new OpenAI();
await openai.chat.completions.create({ model: "gpt-4o", messages });
await openai.chat.completions.parse({ model: "gpt-4o", messages });
openai.chat.completions.stream({ model: "gpt-4o", messages });
await openai.beta.chat.completions.parse({ model: "gpt-4o", messages });
await openai.responses.create({ model: "gpt-4.1", input: "hi" });
openai.responses.stream({ model: "gpt-4.1", input: "hi" });
`);
    expect(sites.map((site) => [site.node.loc.start.line, site.provider, site.api, site.model])).toEqual([
      [4, "openai", "chat.completions", "gpt-4o"],
      [5, "openai", "chat.completions", "gpt-4o"],
      [6, "openai", "chat.completions", "gpt-4o"],
      [7, "openai", "chat.completions", "gpt-4o"],
      [8, "openai", "responses", "gpt-4.1"],
      [9, "openai", "responses", "gpt-4.1"],
    ]);
  });

  it("tells the provider from the client's base URL, the SDK and the model", () => {
    const { sites } = analyze(`
import OpenAI from "openai";
import Groq from "groq-sdk";
const xai = new OpenAI({ baseURL: "https://api.x.ai/v1", defaultHeaders: { "x-grok-conv-id": convId } });
const deepseek = new OpenAI({ baseURL: "https://api.deepseek.com" });
const local = new OpenAI({ baseURL: "http://localhost:8000/v1" });
const fromEnv = new OpenAI({ baseURL: process.env.LLM_BASE_URL });
const groq = new Groq();
class Agent {
  client = new OpenAI({ baseURL: "https://openrouter.ai/api/v1" });
  run() { return this.client.chat.completions.create({ model: "anthropic/claude-sonnet-4.5", messages: [] }); }
}
xai.chat.completions.create({ model: "grok-4", messages: [] });
deepseek.chat.completions.create({ model: "deepseek-chat", messages: [] });
local.chat.completions.create({ model: "llama", messages: [] });
fromEnv.chat.completions.create({ model: "x", messages: [] });
groq.chat.completions.create({ model: "openai/gpt-oss-120b", messages: [] });
getClient().chat.completions.create({ model: "grok-4", messages: [] });
`);
    expect(sites.map((site) => site.provider)).toEqual(["openrouter", "xai", "deepseek", "openai-compatible", "openai-compatible", "groq", "xai"]);
    // `convId` is not declared in the file: unknown, never reported.
    expect(stabilityOf(sites[1]!.headers.get("x-grok-conv-id")!.value)).toBe("unknown");
  });

  it("reads request-option headers over the client's default headers", () => {
    const site = onlySite(`
import OpenAI from "openai";
const xai = new OpenAI({ baseURL: "https://api.x.ai/v1", defaultHeaders: { "X-Grok-Conv-Id": "static" } });
export const ask = (id: string) => xai.chat.completions.create({ model: "grok-4", messages: [] }, { headers: { "x-grok-conv-id": id } });
`);
    expect(stabilityOf(site.headers.get("x-grok-conv-id")!.value)).toBe("dynamic");
  });

  it("ignores look-alike calls", () => {
    const { sites } = analyze(`
const responses = { create: (x: unknown) => x };
responses.create({ input: "not an LLM" });
db.completions.create({ messages: [] });
`);
    expect(sites).toEqual([]);
  });

  it("orders the prompt as OpenAI builds its prefix: tools, schema, then messages", () => {
    const code = `
import OpenAI from "openai";
const client = new OpenAI();
const tools = [{ type: "function", function: { name: "lookup", description: "Look up an order.", parameters: { type: "object", properties: { id: { type: "string", description: "Order id." } } } } }];
export const ask = (question: string) =>
  client.chat.completions.create({
    messages: [{ role: "developer", content: "Be brief." }, { role: "user", content: question }],
    response_format: { type: "json_object" },
    tools,
    model: "gpt-4o",
  });
`;
    const site = onlySite(code);
    expect(site.segments.map((segment) => [segment.kind, segment.role, segment.isFinal])).toEqual([
      ["tools", null, false],
      ["response_format", null, false],
      ["system", "developer", false],
      ["message", "user", true],
    ]);
    expect(site.segments[0]!.tools).toEqual([{ name: "lookup", description: "Look up an order.", parameters: [{ name: "id", type: "string", description: "Order id.", enum: [] }] }]);
  });

  it("orders a Responses request: tools, text format, instructions, then input", () => {
    const site = onlySite(`
import OpenAI from "openai";
const client = new OpenAI();
export const ask = (task: string) => client.responses.create({ input: task, instructions: "Plan.", text: { format: { type: "json_object" } }, tools: [], model: "gpt-4.1" });
`);
    expect(site.segments.map((segment) => [segment.kind, segment.role, segment.isFinal])).toEqual([
      ["tools", null, false],
      ["response_format", null, false],
      ["instructions", "developer", false],
      ["input", "user", true],
    ]);
  });

  it("follows same-file builders, pushes, spreads and content parts", () => {
    const code = `
import OpenAI from "openai";
const client = new OpenAI();
const FEW_SHOT = [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello!" }];
function build(question: string, image: string) {
  const messages = [{ role: "system", content: "Be brief." }, ...FEW_SHOT];
  messages.push({ role: "user", content: [{ type: "text", text: question }, { type: "image_url", image_url: { url: image } }] });
  return messages;
}
export async function ask(question: string, image: string, history: unknown[]) {
  const base = build(question, image);
  for (const turn of history) base.push(turn);
  return client.chat.completions.create({ model: "gpt-4o", messages: base });
}
`;
    const site = onlySite(code);
    expect(site.segments.map((segment) => [segment.kind, segment.role, pieceView(code, segment.pieces)])).toEqual([
      ["system", "system", [["static", "Be brief."]]],
      ["message", "user", [["static", "Hi"]]],
      ["message", "assistant", [["static", "Hello!"]]],
      ["message", "user", [["dynamic", "<question>"], ["dynamic", '<{ type: "image_url", image_url: { url: image } }>']]],
      ["history", null, [["dynamic", "<turn>"]]],
    ]);
    expect(site.segments[3]!.pieces[1]!.media).toBe("image");
  });

  it("analyzes a message array that no request in the file sends", () => {
    const { sites } = analyze(`export const prompt = (q: string) => [{ role: "system", content: "Be brief." }, { role: "user", content: q }];`);
    expect(sites.map((site) => [site.api, site.segments.length])).toEqual([["messages", 2]]);
  });

  it("sees through the project's own wrappers declared in settings", () => {
    const code = `
import { llm } from "./llm";
export const ask = (question: string) =>
  llm.chat({ model: "grok-4", messages: [{ role: "system", content: \`Now: \${Date.now()}. Be brief.\` }, { role: "user", content: question }] });
export const plan = (task: string) => this.ai.respond("planner", { instructions: "Plan.", input: task });
`;
    const { sites } = analyze(code, {
      calls: [
        { callee: "llm.chat", provider: "xai" },
        { callee: "this.ai.respond", api: "responses", bodyArgument: 1 },
      ],
    });
    expect(sites.map((site) => [site.sdk, site.provider, site.api, site.model, site.segments.map((segment) => segment.kind)])).toEqual([
      ["llm.chat", "xai", "chat.completions", "grok-4", ["system", "message"]],
      ["this.ai.respond", "openai", "responses", null, ["instructions", "input"]],
    ]);
    expect(sites[0]!.segments[0]!.pieces[1]!.stability).toBe("volatile");
  });

  it("takes a prompt property or function for a prompt only when it holds prose or a changing value", () => {
    const { sites } = analyze(`
import { z } from "zod";
const agent = new Agent({ name: "support", instructions: \`Today is \${new Date().toISOString()}. Answer briefly.\` });
const bot = createBot({ systemPrompt: "You are a helpful assistant for Acme." });
const schema = z.object({ instructions: z.string(), systemPrompt: z.string().optional() });
const wire = remap$(value, { systemPrompt: "system_prompt", instructions: "instructions" });
const log = JSON.stringify({ system, prompt, messages });
export function buildSystemPrompt() { return "You review pull requests for security problems."; }
export function getInstructions(kind: string) { return kind; }
`);
    expect(sites.map((site) => [site.api, site.node.loc.start.line])).toEqual([
      ["prompt", 3],
      ["prompt", 4],
      ["prompt", 8],
    ]);
  });

  it("skips files with no sign of a request", async () => {
    const { mightContainRequests } = await import("../../src/analysis.js");
    expect(mightContainRequests("export const add = (a: number, b: number) => a + b;")).toBe(false);
    expect(mightContainRequests('messages.push({ role: "user", content })')).toBe(true);
  });

  it.each([
    ["a link to a provider's docs in a comment", "// See https://platform.openai.com/docs/guides/text\nexport const n = 1;"],
    ["an SDK's own error class", 'import { MistralError } from "../models/errors/mistralerror.js";'],
    ["a provider's header name", "headers['anthropic-beta'] = betas.join(',');"],
    ["the AI SDK's provider utilities", "import { z } from '@ai-sdk/provider-utils';"],
    ["the word role in prose", "// Each user has a role in the team.\nexport const admins = users.filter(isAdmin);"],
  ])("skips %s", async (_, source) => {
    const { mightContainRequests } = await import("../../src/analysis.js");
    expect(mightContainRequests(source)).toBe(false);
  });

  it.each([
    ["a shorthand role", "history.push({ role, content: text });"],
    ["an SDK import", 'import OpenAI from "openai";'],
    ["a subpath import", 'import { zodResponseFormat } from "openai/helpers/zod";'],
    ["an injected client's API", "await this.llm.chat.completions.create(params);"],
    ["an Anthropic call without an import", "await client.messages.create(body);"],
    ["a raw request to an endpoint", "await fetch(`${base}/v1/messages`, init);"],
    ["a client named after its SDK", "await this.mistral.chat.complete(request);"],
    ["a prompt-building function", "export function getInstructions(user: User) {}"],
  ])("keeps %s", async (_, source) => {
    const { mightContainRequests } = await import("../../src/analysis.js");
    expect(mightContainRequests(source)).toBe(true);
  });

  it("keeps files that use the project's wrappers and prompt sinks", async () => {
    const { mightContainRequests } = await import("../../src/analysis.js");
    const source = "await askModel(persona, question);";
    expect(mightContainRequests(source)).toBe(false);
    expect(mightContainRequests(source, { calls: [{ callee: "llm.askModel" }] })).toBe(true);
    expect(mightContainRequests("new Bot({ persona: `Today is ${now}` });", { promptSinks: { properties: ["persona"] } })).toBe(true);
    expect(mightContainRequests("const text = composePersona(user);", { promptSinks: { functions: /^compose\w*Persona$/ } })).toBe(true);
    expect(mightContainRequests("const text = composeEmail(user);", { promptSinks: { functions: /^compose\w*Persona$/ } })).toBe(false);
  });
});
