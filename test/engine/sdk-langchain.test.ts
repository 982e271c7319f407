import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeText } from "../../src/analyze-text.js";
import { singleLeadingSystem } from "../../src/checks/single-leading-system.js";
import { changesOf, stabilityOf } from "../../src/eval/values.js";
import { parseFString, parseMustache } from "../../src/model/langchain-prompt.js";
import { analyze, onlySite, pieceView } from "../helpers.js";

const IMPORTS = `import { ChatPromptTemplate, MessagesPlaceholder, SystemMessagePromptTemplate, HumanMessagePromptTemplate } from "@langchain/core/prompts";
import { AIMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { RunnableSequence } from "@langchain/core/runnables";
import { ChatOpenAI } from "@langchain/openai";
import { ChatAnthropic } from "@langchain/anthropic";
`;

const view = (code: string, site: ReturnType<typeof onlySite>) => site.segments.map((segment) => [segment.kind, segment.role, segment.isFinal, pieceView(code, segment.pieces)]);

describe("LangChain discovery", () => {
  it("finds chat prompt templates and chat model calls with their provider, SDK, API and model", () => {
    const { sites } = analyze(`${IMPORTS}
import { ChatXAI } from "@langchain/xai";
import { ChatGroq } from "@langchain/groq";
import { ChatMistralAI } from "@langchain/mistralai";
import { ChatOllama } from "@langchain/ollama";
const prompt = ChatPromptTemplate.fromMessages([["system", "Be brief."], ["human", "{input}"]]);
const chain = prompt.pipe(new ChatOpenAI({ model: "gpt-5.2" }));
export const a = (input: string) => chain.invoke({ input });
export const b = (q: string) => new ChatAnthropic({ model: "claude-sonnet-4-5" }).invoke([new HumanMessage(q)]);
const grok = new ChatXAI({ model: "grok-4" });
export const c = (q: string) => grok.stream([["human", q]]);
const groq = new ChatGroq({ model: "openai/gpt-oss-120b" });
export const d = (qs: string[]) => groq.batch(qs.map((q) => [["human", q]]));
const mistral = new ChatMistralAI({ model: "mistral-large-latest" });
export const e = (q: string) => mistral.invoke(q);
class Notes {
  private llm = new ChatOllama({ model: "llama3.1" });
  ask(q: string) { return this.llm.invoke([["system", "Answer from the notes."], ["human", q]]); }
}
export const f = ChatPromptTemplate.fromTemplate("Translate {text} into French.");
`);
    expect(sites.map((site) => [site.node.loc.start.line, site.provider, site.sdk, site.api, site.model])).toEqual([
      [11, "openai", "@langchain/core", "prompt-template", "gpt-5.2"],
      [14, "anthropic", "@langchain/anthropic", "invoke", "claude-sonnet-4-5"],
      [16, "xai", "@langchain/xai", "stream", "grok-4"],
      [18, "groq", "@langchain/groq", "batch", "openai/gpt-oss-120b"],
      [20, "mistral", "@langchain/mistralai", "invoke", "mistral-large-latest"],
      [23, "ollama", "@langchain/ollama", "invoke", "llama3.1"],
      // No model in sight: a prompt sent elsewhere, like a bare message array.
      [25, "openai", "@langchain/core", "messages", null],
    ]);
  });

  it("tells the provider of ChatOpenAI from its base URL, and of an unbound template from the imports", () => {
    const { sites } = analyze(`${IMPORTS}
const viaMistral = new ChatOpenAI({ model: "mistral-large-latest", configuration: { baseURL: "https://api.mistral.ai/v1" } });
const viaGateway = new ChatOpenAI({ model: "gpt-4o", configuration: { baseURL: process.env.GATEWAY_URL } });
const shortForm = new ChatOpenAI("gpt-4o-mini", { temperature: 0 });
export const a = (q: string) => viaMistral.invoke([["human", q]]);
export const b = (q: string) => viaGateway.invoke([["human", q]]);
export const c = (q: string) => shortForm.invoke([["human", q]]);
`);
    expect(sites.map((site) => [site.provider, site.model])).toEqual([
      ["mistral", "mistral-large-latest"],
      ["openai-compatible", "gpt-4o"],
      ["openai", "gpt-4o-mini"],
    ]);
    const unbound = onlySite(`import { ChatPromptTemplate } from "@langchain/core/prompts";
import type { ChatAnthropic } from "@langchain/anthropic";
export const prompt = ChatPromptTemplate.fromMessages([["system", "Be brief."], ["human", "{q}"]]);
`);
    expect([unbound.provider, unbound.api, unbound.model]).toEqual(["anthropic", "messages", null]);
  });

  it("reads the provider and model of initChatModel", () => {
    const { sites } = analyze(`import { initChatModel } from "langchain/chat_models/universal";
import { HumanMessage } from "@langchain/core/messages";
const gpt = await initChatModel("openai:gpt-5.2", { temperature: 0 });
const local = await initChatModel("llama3.1:8b", { modelProvider: "ollama" });
const unknown = await initChatModel(process.env.MODEL_ID);
export const a = (q: string) => gpt.invoke([new HumanMessage(q)]);
export const b = (q: string) => local.invoke([new HumanMessage(q)]);
export const c = (q: string) => unknown.invoke([new HumanMessage(q)]);
`);
    expect(sites.map((site) => [site.provider, site.sdk, site.api, site.model])).toEqual([
      ["openai", "langchain", "invoke", "gpt-5.2"],
      ["ollama", "langchain", "invoke", "llama3.1:8b"],
    ]);
  });

  it("ignores look-alikes: invoke on other objects, LangChain names from elsewhere, files without LangChain", () => {
    const { sites } = analyze(`import { ChatPromptTemplate } from "./my-prompts.js";
import type { BaseMessage } from "@langchain/core/messages";
const workflow = { invoke: (x: unknown) => x };
workflow.invoke([["human", "hi"]]);
ChatPromptTemplate.fromMessages([["system", "Not LangChain's."]]);
export const handler = (runnable: { invoke(x: unknown): unknown }, q: string) => runnable.invoke({ q });
`);
    expect(sites).toEqual([]);
    expect(analyze(`const prompt = ChatPromptTemplate.fromMessages([["system", "x"]]); model.invoke([["human", "x"]]);`).sites).toEqual([]);
  });
});

describe("LangChain templates", () => {
  it("splits template text at its variables and keeps escaped braces as text", () => {
    const code = `${IMPORTS}
export const prompt = ChatPromptTemplate.fromMessages([
  ["system", "You are {persona}. Reply with JSON like {{\\"answer\\": string}}."],
  ["ai", "Understood."],
  ["human", "{input}"],
]);
`;
    expect(view(code, onlySite(code))).toEqual([
      ["system", "system", false, [["static", "You are "], ["dynamic", '<"You are {persona}. Reply with JSON like {{\\"answer\\": string}}.">'], ["static", '. Reply with JSON like {"answer": string}.']]],
      ["message", "assistant", false, [["static", "Understood."]]],
      ["message", "user", true, [["dynamic", '<"{input}">']]],
    ]);
    const site = onlySite(code);
    expect(site.segments[0]!.pieces[1]!.reason).toBe("template variable `{persona}`, filled on each call");
  });

  it("fills variables with the values the calls that run the template pass", () => {
    const code = `${IMPORTS}
const POLICY = "Answer billing questions only.";
const prompt = ChatPromptTemplate.fromMessages([["system", "{policy} Today is {today}. Customer: {name}."], ["human", "{question}"]]);
const chain = prompt.pipe(new ChatOpenAI({ model: "gpt-4o" }));
export const ask = (name: string, question: string) => chain.invoke({ policy: POLICY, today: new Date().toISOString(), name, question });
`;
    const site = onlySite(code);
    expect(pieceView(code, site.segments[0]!.pieces)).toEqual([
      ["static", "Answer billing questions only. Today is "],
      ["volatile", '<"{policy} Today is {today}. Customer: {name}.">'],
      ["static", ". Customer: "],
      ["dynamic", '<"{policy} Today is {today}. Customer: {name}.">'],
      ["static", "."],
    ]);
    const today = site.segments[0]!.pieces[1]!;
    expect(today.reason).toMatch(/^template variable `\{today\}`, filled with `new Date\(\)\.toISOString\(\)`/);
    expect(code.slice(today.origin!.range[0], today.origin!.range[1])).toBe("new Date().toISOString()");
  });

  it("takes the most changing value when several calls fill a variable, and partial values first", async () => {
    const code = `${IMPORTS}
const prompt = ChatPromptTemplate.fromMessages([["system", "Tone: {tone}. Region: {region}."], ["human", "{q}"]]);
const withRegion = await prompt.partial({ region: "EU" });
export const a = (q: string) => withRegion.invoke({ tone: "formal", q });
export const b = (q: string, tone: string) => withRegion.invoke({ tone, q });
`;
    const site = onlySite(code);
    expect(pieceView(code, site.segments[0]!.pieces).map(([stability]) => stability)).toEqual(["static", "dynamic", "static"]);
    expect(site.segments[0]!.pieces.map((piece) => piece.text)).toEqual(["Tone: ", null, ". Region: EU."]);
  });

  it("reads mustache templates: {{name}} tags, comments, and single braces as text", () => {
    const code = `${IMPORTS}
const prompt = ChatPromptTemplate.fromMessages(
  [["system", "{{! house style }}Notes for {{product}}. JSON: {\\"a\\": 1}."], ["human", "{{notes}}"]],
  { templateFormat: "mustache" },
);
export const run = (notes: string) => prompt.pipe(new ChatAnthropic({ model: "claude-sonnet-4-5" })).invoke({ product: "Quillstack", notes });
`;
    expect(pieceView(code, onlySite(code).segments[0]!.pieces)).toEqual([["static", 'Notes for Quillstack. JSON: {"a": 1}.']]);
    expect(parseMustache("a {{{raw}}} b {{&amp}} c {{> partial}}")).toEqual([
      { type: "text", text: "a " },
      { type: "variable", name: "raw", raw: "{{{raw}}}" },
      { type: "text", text: " b " },
      { type: "variable", name: "amp", raw: "{{&amp}}" },
      { type: "text", text: " c " },
      { type: "variable", name: "partial", raw: "{{> partial}}" },
    ]);
    expect(parseFString("{{a}} {b} }} {unclosed")).toEqual([
      { type: "text", text: "{a} " },
      { type: "variable", name: "b", raw: "{b}" },
      { type: "text", text: " } {unclosed" },
    ]);
  });

  it("sends message class instances as written, and message prompt templates as templates", () => {
    const code = `${IMPORTS}
const STARTED = new SystemMessage(\`Service started \${new Date().toISOString()}.\`);
export const prompt = ChatPromptTemplate.fromMessages([
  STARTED,
  new SystemMessage("Literal {braces} stay as written."),
  SystemMessagePromptTemplate.fromTemplate("Reply in {language}."),
  new AIMessage({ content: "How can I help?" }),
  HumanMessagePromptTemplate.fromTemplate("{question}"),
]);
`;
    expect(view(code, onlySite(code))).toEqual([
      ["system", "system", false, [["static", "Service started "], ["deployment", "<new Date().toISOString()>"], ["static", "."]]],
      ["system", "system", false, [["static", "Literal {braces} stay as written."]]],
      ["system", "system", false, [["static", "Reply in "], ["dynamic", '<"Reply in {language}.">'], ["static", "."]]],
      ["message", "assistant", false, [["static", "How can I help?"]]],
      ["message", "user", true, [["dynamic", '<"{question}">']]],
    ]);
    expect(onlySite(code).segments[0]!.pieces[1]!.reason).toMatch(/^computed once when the message is made/);
  });

  it("makes MessagesPlaceholder and placeholder tuples history segments fed by the call's list", () => {
    const code = `${IMPORTS}
const prompt = ChatPromptTemplate.fromMessages([
  ["system", "Be brief."],
  new MessagesPlaceholder("history"),
  ["placeholder", "{examples}"],
  ["human", "{input}"],
]);
const chain = RunnableSequence.from([prompt, new ChatOpenAI({ model: "gpt-4o" })]);
export const reply = (history: unknown[], input: string) => chain.invoke({ history: history.slice(-10), input });
`;
    const site = onlySite(code);
    expect(site.segments.map((segment) => [segment.kind, segment.isFinal])).toEqual([
      ["system", false],
      ["history", false],
      ["history", false],
      ["message", true],
    ]);
    const [history, examples] = [site.segments[1]!, site.segments[2]!];
    expect(code.slice(history.node.range[0], history.node.range[1])).toBe("history.slice(-10)");
    expect(changesOf(history.value!).map((change) => [change.kind, change.stability])).toEqual([["window", "dynamic"]]);
    // Not passed by the call: a list filled on each call.
    expect(code.slice(examples.node.range[0], examples.node.range[1])).toBe('["placeholder", "{examples}"]');
    expect(stabilityOf(examples.value!)).toBe("dynamic");
  });

  it("binds a template to the model that takes its formatted messages, without a second site", () => {
    const code = `${IMPORTS}
const prompt = ChatPromptTemplate.fromMessages([["system", "Summarize for {audience}."], ["human", "{text}"]]);
const model = new ChatOpenAI({ model: "gpt-4o-mini" });
export async function summarize(text: string) {
  const messages = await prompt.formatMessages({ audience: "executives", text });
  return model.invoke(messages);
}
export const again = async (text: string) => model.invoke(await prompt.formatMessages({ audience: "engineers", text }));
`;
    const site = onlySite(code);
    expect([site.api, site.model]).toEqual(["prompt-template", "gpt-4o-mini"]);
    // Two calls fill {audience} with different constants: fixed text per call, not one text.
    expect(site.segments[0]!.pieces.map((piece) => piece.stability)).toEqual(["static"]);
  });
});

describe("LangChain chat model calls", () => {
  it("reads tuples, message classes, role objects and strings as the model's messages", () => {
    const code = `${IMPORTS}
const model = new ChatOpenAI({ model: "gpt-4o" });
export const ask = (q: string, history: unknown[]) =>
  model.invoke([
    ["system", "Answer in {language}."],
    { role: "developer", content: "Cite sources." },
    new AIMessage("Hello!"),
    ...history,
    new HumanMessage({ content: [{ type: "text", text: q }, { type: "image_url", image_url: { url: "https://cdn.example.com/logo.png" } }] }),
  ]);
export const plain = (q: string) => model.invoke(q);
`;
    const [site, plain] = analyze(code).sites;
    expect(view(code, site!)).toEqual([
      // A chat model's input is not a template: braces are sent as written.
      ["system", "system", false, [["static", "Answer in {language}."]]],
      ["system", "developer", false, [["static", "Cite sources."]]],
      ["message", "assistant", false, [["static", "Hello!"]]],
      ["history", null, false, [["dynamic", "<...history>"]]],
      ["message", "user", true, [["dynamic", "<q>"], ["static", '<{ type: "image_url", image_url: { url: "https://cdn.example.com/logo.png" } }>']]],
    ]);
    expect(site!.segments[4]!.pieces[1]!.media).toBe("image");
    // Text or a whole list, the analyzer cannot tell: the call's changing input.
    expect(view(code, plain!)).toEqual([["message", null, true, [["dynamic", "<q>"]]]]);
  });

  it("puts bound tools first and reads cache markers of blocks, call options and withConfig", () => {
    const code = `${IMPORTS}
const tools = [{ type: "function", function: { name: "lookup", description: "Look up an order.", parameters: { type: "object", properties: {} } } }];
const claude = new ChatAnthropic({ model: "claude-sonnet-4-5" }).bindTools(tools, { tool_choice: { type: "auto" } }).withConfig({ cache_control: { type: "ephemeral" } });
export const ask = (q: string) =>
  claude.invoke(
    [new SystemMessage({ content: [{ type: "text", text: "Static guide.", cache_control: { type: "ephemeral", ttl: "1h" } }, { type: "text", text: "Tail." }] }), new HumanMessage(q)],
    { cache_control: { type: "ephemeral" } },
  );
`;
    const site = onlySite(code);
    expect(site.segments.map((segment) => segment.kind)).toEqual(["tools", "system", "message"]);
    expect(site.segments[0]!.tools).toEqual([{ name: "lookup", description: "Look up an order.", parameters: [] }]);
    expect(site.breakpoints.map((breakpoint) => [breakpoint.segment, breakpoint.ttl, breakpoint.pieces?.map((piece) => piece.text)])).toEqual([
      [1, "1h", ["Static guide."]],
      // The call's own `cache_control` replaces the one bound with `withConfig`.
      [null, null, undefined],
    ]);
    expect(code.slice(site.breakpoints[1]!.node.range[0], site.breakpoints[1]!.node.range[1])).toBe('cache_control: { type: "ephemeral" }');
    expect(site.breakpoints[1]!.node.loc.start.line).toBe(12);
    expect([...site.parameters.keys()]).toEqual(["model", "tool_choice", "cache_control"]);
  });

  it("keeps the routing key and headers from the constructor, bound options and call options", () => {
    const code = `${IMPORTS}
const model = new ChatOpenAI({ model: "gpt-5.2", promptCacheKey: "support", configuration: { defaultHeaders: { "X-Team": "support" } } });
export const ask = (q: string, conversationId: string) => model.invoke([["human", q]], { promptCacheKey: conversationId, options: { headers: { "x-request-source": "web" } } });
`;
    const site = onlySite(code);
    expect(stabilityOf(site.parameters.get("promptCacheKey")!.value)).toBe("dynamic");
    expect([...site.headers.keys()]).toEqual(["x-team", "x-request-source"]);
  });

  it("reads batch inputs from a literal list and from a map callback", () => {
    const code = `${IMPORTS}
const model = new ChatOpenAI({ model: "gpt-4o-mini" });
export const a = () => model.batch([[["system", "Classify."], ["human", "first"]], [["system", "Classify."], ["human", "second"]]]);
export const b = (tickets: string[]) => model.batch(tickets.map((ticket) => [new SystemMessage("Classify."), new HumanMessage(ticket)]));
`;
    const [a, b] = analyze(code).sites;
    expect(view(code, a!)).toEqual([
      ["system", "system", false, [["static", "Classify."]]],
      ["message", "user", true, [["static", "first"]]],
    ]);
    expect(view(code, b!).map(([kind, role, , pieces]) => [kind, role, (pieces as string[][]).map(([stability]) => stability)])).toEqual([
      ["system", "system", ["static"]],
      ["message", "user", ["dynamic"]],
    ]);
  });

  it("analyzes LangChain messages sent through a model the file does not construct", () => {
    const site = onlySite(`${IMPORTS}
export const ask = (llm: ChatOpenAI, q: string) => llm.invoke([new SystemMessage("Be brief."), new HumanMessage(q)]);
`);
    expect([site.provider, site.api, site.segments.map((segment) => segment.kind)]).toEqual(["openai", "messages", ["system", "message"]]);
  });
});

describe("LangChain: the custom fetch of a model's SDK client", () => {
  const stampSystem = (system: string) => `async (url: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(init!.body as string);
      ${system}
      return fetch(url, { ...init, body: JSON.stringify(body) });
    }`;
  const openAIStamp = stampSystem('body.messages[0].content = `Now: ${Date.now()} ${body.messages[0].content}`;');

  it("applies ChatAnthropic's clientOptions.fetch to the Messages body, and ChatOpenAI's configuration.fetch to a template's request", () => {
    const anthropic = onlySite(`${IMPORTS}
const model = new ChatAnthropic({ model: "claude-sonnet-4-5", clientOptions: { fetch: ${stampSystem("body.system = `Now: ${Date.now()} ${body.system}`;")} } });
export const ask = (q: string) => model.invoke([["system", "Be brief."], ["human", q]]);
`);
    expect(anthropic.customFetch?.understood).toBe(true);
    expect(anthropic.segments.map((segment) => [segment.kind, segment.pieces.map((piece) => piece.stability)])).toEqual([
      ["system", ["static", "volatile", "static"]],
      ["message", ["dynamic"]],
    ]);
    const template = analyze(`${IMPORTS}
const prompt = ChatPromptTemplate.fromMessages([["system", "Be brief."], ["human", "{input}"]]);
const chain = prompt.pipe(new ChatOpenAI({ model: "gpt-4.1", configuration: { fetch: ${openAIStamp} } }));
export const ask = (input: string) => chain.invoke({ input });
`).sites;
    expect(template.map((site) => [site.api, site.customFetch?.understood, site.segments[0]!.pieces.map((piece) => piece.stability)])).toEqual([["prompt-template", true, ["static", "volatile", "static"]]]);
  });

  it("reads a fetch that only adds a header: understood, the prompt as written", () => {
    const site = onlySite(`${IMPORTS}
declare function gatewayToken(): Promise<string>;
const model = new ChatOpenAI({ model: "gpt-4.1", configuration: { fetch: async (url: RequestInfo | URL, init?: RequestInit) => {
  const headers = new Headers(init?.headers);
  headers.set("Authorization", \`Bearer \${await gatewayToken()}\`);
  return fetch(url, { ...init, headers });
} } });
export const ask = (q: string) => model.invoke([["system", "Be brief."], ["human", q]]);
`);
    expect(site.customFetch?.understood).toBe(true);
    expect(site.headers.has("authorization")).toBe(true);
    expect(site.segments[0]!.pieces.map((piece) => piece.stability)).toEqual(["static"]);
  });

  // `understood`: false when the fetch is read but its changes are not mapped; undefined when it is never read.
  it.each([
    ["a Responses body (useResponsesApi)", `new ChatOpenAI({ model: "gpt-4.1", useResponsesApi: true, configuration: { fetch: ${openAIStamp} } })`, false],
    ["a model LangChain may send to the Responses API", `new ChatOpenAI({ model: "gpt-5.1-codex", useResponsesApi: undefined, configuration: { fetch: ${openAIStamp} } })`, false],
    ["bound tools, which may switch to the Responses API", `new ChatOpenAI({ model: "gpt-4.1", configuration: { fetch: ${openAIStamp} } }).bindTools([{ type: "web_search_preview" }])`, false],
    ["a reasoning model, whose system messages are sent as developer messages", `new ChatOpenAI({ model: "gpt-5.2", useResponsesApi: false, configuration: { fetch: ${openAIStamp} } })`, false],
    ["a model whose name is not known", `new ChatOpenAI({ model: process.env.MODEL, configuration: { fetch: ${openAIStamp} } })`, false],
    ["a class that replaces the configuration (ChatXAI)", `new ChatXAI({ model: "grok-4", configuration: { fetch: ${openAIStamp} } })`, undefined],
    ["a fetch imported from elsewhere", `new ChatOpenAI({ model: "gpt-4.1", configuration: { fetch: tracingFetch } })`, false],
  ])("leaves the request as written with %s", (_, model, understood) => {
    const site = onlySite(`${IMPORTS}
import { ChatXAI } from "@langchain/xai";
import { tracingFetch } from "./tracing";
const model = ${model};
export const ask = (q: string) => model.invoke([["system", "Be brief."], ["human", q]]);
`);
    expect(site.customFetch?.understood).toBe(understood);
    expect(site.segments.find((segment) => segment.kind === "system")!.pieces.map((piece) => piece.stability)).toEqual(["static"]);
  });
});

describe("single-leading-system on LangChain message lists", () => {
  it("reports a second system tuple and a system message class after other messages", () => {
    const code = `${IMPORTS}
const model = new ChatOpenAI({ model: "gpt-4o" });
export const a = (q: string) => model.invoke([["system", "Be brief."], ["human", q], ["system", "Answer in French."]]);
export const b = (q: string) => model.invoke([new HumanMessage(q), new SystemMessage("Be brief.")]);
export const ok = (q: string) => model.invoke([["system", "Be brief."], new MessagesPlaceholder("history"), ["human", q]]);
`;
    const analysis = analyze(code);
    const findings = singleLeadingSystem.run({ analysis, settings: {} }, {});
    expect(findings.map((finding) => [finding.messageId, code.slice(finding.node.range[0], finding.node.range[1])])).toEqual([
      ["multipleSystem", '["system", "Answer in French."]'],
      ["systemNotFirst", 'new SystemMessage("Be brief.")'],
    ]);
  });

  it("leaves arrays that are not LangChain messages alone", () => {
    const code = `import { ChatOpenAI } from "@langchain/openai";
export const pairs = [["system", 1], ["a", "b"]];
export const grid = [[1, 2], [3, 4]];
`;
    expect(analyze(code).messageArrays).toEqual([]);
  });
});

describe("fixtures/sdk-langchain", () => {
  const root = join(import.meta.dirname, "../../fixtures/sdk-langchain");
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []));
  const reports = files(join(root, "src")).flatMap((path) => analyzeText(readFileSync(path, "utf8"), relative(root, path)));

  it("finds every template and model call with its provider, API, model and segments", () => {
    expect(reports.map((site) => [site.file, `${site.line}:${site.column}`, site.provider, site.api, site.model, site.segments.map((segment) => `${segment.kind}:${segment.stability}`).join(" ")]).sort()).toEqual(
      [
        ["src/agents/researcher.ts", "13:10", "openai", "invoke", "gpt-5.2", "tools:unknown system:dynamic history:dynamic message:dynamic"],
        ["src/agents/summarizer.ts", "15:24", "anthropic", "invoke", "claude-haiku-4-5", "system:static message:dynamic"],
        ["src/chat/tutor.ts", "14:21", "anthropic", "prompt-template", "claude-sonnet-4-5", "system:static history:dynamic message:dynamic"],
        ["src/prompts/extract.ts", "6:23", "openai", "prompt-template", "gpt-5-mini", "system:static message:dynamic"],
        ["src/prompts/release-notes.ts", "8:28", "anthropic", "prompt-template", "claude-sonnet-4-5", "system:static message:dynamic"],
        ["src/prompts/support.ts", "13:23", "openai", "prompt-template", "gpt-5-mini", "system:dynamic history:dynamic message:dynamic"],
        ["src/prompts/triage.ts", "14:22", "openai", "prompt-template", "gpt-5-mini", "system:volatile message:dynamic"],
      ].sort(),
    );
  });

  it("reports exactly the faulty sites", () => {
    const findings = reports.flatMap((site) => site.findings.map((finding) => [site.file, `${finding.line}:${finding.column}`, finding.ruleId]));
    expect(findings.sort()).toEqual(
      [
        ["src/agents/researcher.ts", "14:43", "prompt-cache/static-before-dynamic"],
        ["src/agents/researcher.ts", "14:65", "prompt-cache/static-before-dynamic"],
        ["src/agents/researcher.ts", "15:23", "prompt-cache/cache-routing-key"],
        ["src/chat/tutor.ts", "25:18", "prompt-cache/stable-history"],
        ["src/prompts/triage.ts", "15:14", "prompt-cache/no-volatile-prefix"],
        ["src/prompts/triage.ts", "15:14", "prompt-cache/static-before-dynamic"],
      ].sort(),
    );
  });
});
