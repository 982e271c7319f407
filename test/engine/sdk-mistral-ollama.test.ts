import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeText } from "../../src/analyze-text.js";
import { knownText, stabilityOf } from "../../src/eval/values.js";
import { analyze, onlySite, pieceView } from "../helpers.js";

const view = (code: string, site: ReturnType<typeof onlySite>) => site.segments.map((segment) => [segment.kind, segment.role, segment.isFinal, pieceView(code, segment.pieces)]);

function fixtureReports(name: string) {
  const root = join(import.meta.dirname, "../../fixtures", name);
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []));
  return files(join(root, "src")).flatMap((path) =>
    analyzeText(readFileSync(path, "utf8"), relative(root, path), { ruleOptions: { "cache-routing-key": { requireKeyFor: ["mistral"] } } }),
  );
}

describe("@mistralai/mistralai", () => {
  it("finds chat, FIM and agents calls on a Mistral client", () => {
    const { sites } = analyze(`
import { Mistral } from "@mistralai/mistralai";
const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY ?? "" });
class Reviewer {
  private client = new Mistral({ apiKey: "k" });
  review(diff: string) { return this.client.chat.parse({ model: "codestral-latest", messages: [{ role: "user", content: diff }], responseFormat: Review }); }
}
export async function all(q: string) {
  await mistral.chat.complete({ model: "mistral-large-latest", messages: [{ role: "user", content: q }] });
  await mistral.chat.stream({ model: "mistral-small-latest", messages: [{ role: "user", content: q }] });
  await mistral.chat.parseStream({ model: "mistral-small-latest", messages: [{ role: "user", content: q }], responseFormat: Review });
  await mistral.fim.complete({ model: "codestral-latest", prompt: q, suffix: "" });
  await mistral.agents.complete({ agentId: "ag_1", messages: [{ role: "user", content: q }] });
}
`);
    expect(sites.map((site) => [site.node.loc.start.line, site.provider, site.sdk, site.api, site.model])).toEqual([
      [6, "mistral", "@mistralai/mistralai", "chat.completions", "codestral-latest"],
      [9, "mistral", "@mistralai/mistralai", "chat.completions", "mistral-large-latest"],
      [10, "mistral", "@mistralai/mistralai", "chat.completions", "mistral-small-latest"],
      [11, "mistral", "@mistralai/mistralai", "chat.completions", "mistral-small-latest"],
      [12, "mistral", "@mistralai/mistralai", "fim.completions", "codestral-latest"],
      [13, "mistral", "@mistralai/mistralai", "agents.completions", null],
    ]);
  });

  it("takes a client made in another module when the body has a request's shape", () => {
    const { sites } = analyze(`
import { mistral } from "./client.js";
export const a = (q: string) => mistral.chat.complete({ model: "mistral-large-latest", messages: [{ role: "user", content: q }] });
export const b = (q: string) => mistral.fim.complete({ model: "codestral-latest", prompt: q });
// Not a request: no messages, and a receiver of another SDK.
export const c = (q: string) => mistral.chat.complete({ text: q });
`);
    expect(sites.map((site) => site.api)).toEqual(["chat.completions", "fim.completions"]);
    expect(
      analyze(`
import OpenAI from "openai";
const other = new OpenAI();
export const d = (q: string) => other.chat.complete({ model: "x", messages: [{ role: "user", content: q }] });
`).sites.filter((site) => site.provider === "mistral"),
    ).toEqual([]);
  });

  it("orders tools, the response format and the messages, and keeps Mistral's camelCase parameters", () => {
    const code = `
import { Mistral } from "@mistralai/mistralai";
const mistral = new Mistral({ apiKey: "k" });
const tools = [{ type: "function", function: { name: "read_file", description: "Read a file.", parameters: { type: "object", properties: { path: { type: "string", description: "Path." } } } } }];
export const ask = (q: string, sessionId: string, mode: "auto" | "any") =>
  mistral.chat.complete(
    {
      model: "mistral-medium-latest",
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: [{ type: "text", text: q }, { type: "image_url", imageUrl: "https://example.com/a.png" }] }],
      responseFormat: { type: "json_object" },
      tools,
      toolChoice: mode,
      promptCacheKey: sessionId,
    },
    { fetchOptions: { headers: { "X-Tenant": "acme" } } },
  );
`;
    const site = onlySite(code);
    expect(site.segments.map((segment) => [segment.kind, segment.role, segment.isFinal])).toEqual([
      ["tools", null, false],
      ["response_format", null, false],
      ["system", "system", false],
      ["message", "user", true],
    ]);
    expect(site.segments[0]!.tools?.map((tool) => tool.name)).toEqual(["read_file"]);
    expect(site.segments[3]!.pieces.map((piece) => piece.media ?? piece.stability)).toEqual(["dynamic", "image"]);
    expect([...site.parameters.keys()]).toEqual(["model", "messages", "responseFormat", "tools", "toolChoice", "promptCacheKey"]);
    expect(stabilityOf(site.parameters.get("promptCacheKey")!.value)).toBe("dynamic");
    expect([...site.headers.keys()]).toEqual(["x-tenant"]);
  });

  it("encodes FIM suffix first, and puts an agent's server-side instructions before its messages", () => {
    const code = `
import { Mistral } from "@mistralai/mistralai";
const mistral = new Mistral({ apiKey: "k" });
export const fim = (before: string, after: string) => mistral.fim.complete({ model: "codestral-latest", prompt: before, suffix: after });
export const agent = (q: string) => mistral.agents.complete({ agentId: "ag_release", messages: [{ role: "user", content: q }] });
`;
    const [fim, agent] = analyze(code).sites;
    expect(view(code, fim!)).toEqual([
      ["message", null, false, [["dynamic", "<after>"]]],
      ["input", "user", true, [["dynamic", "<before>"]]],
    ]);
    expect(view(code, agent!)).toEqual([
      ["instructions", null, false, [["deployment", '<"ag_release">']]],
      ["message", "user", true, [["dynamic", "<q>"]]],
    ]);
    expect(agent!.segments[0]!.pieces[0]!.reason).toBe('the instructions of agent "ag_release", kept on Mistral\'s servers');
  });
});

describe("ollama", () => {
  it("finds chat and generate on the default client and on new Ollama(...)", () => {
    const { sites } = analyze(`
import ollama from "ollama";
import { Ollama } from "ollama/browser";
const remote = new Ollama({ host: "http://gpu-box:11434", headers: { Authorization: \`Bearer \${process.env.OLLAMA_TOKEN}\` } });
export async function run(q: string) {
  await ollama.chat({ model: "llama3.1", messages: [{ role: "user", content: q }] });
  await remote.generate({ model: "qwen2.5:14b", prompt: q });
  await ollama.embed({ model: "nomic-embed-text", input: q });
}
`);
    expect(sites.map((site) => [site.node.loc.start.line, site.provider, site.sdk, site.api, site.model])).toEqual([
      [6, "ollama", "ollama", "chat", "llama3.1"],
      [7, "ollama", "ollama", "generate", "qwen2.5:14b"],
    ]);
    expect([...sites[1]!.headers.keys()]).toEqual(["authorization"]);
  });

  it("ignores chat calls on other clients", () => {
    expect(
      analyze(`
import ollama from "ollama";
import { CohereClient } from "cohere-ai";
const cohere = new CohereClient({ token: "t" });
export const a = (q: string) => cohere.chat({ model: "command-r", message: q });
export const b = (bot: { chat(x: object): void }, q: string) => bot.chat({ model: "x", messages: [{ role: "user", content: q }] });
void ollama;
`).sites.map((site) => [site.sdk, site.api]),
      // Only the message array, as a prompt sent elsewhere.
    ).toEqual([["messages", "messages"]]);
  });

  it("orders chat tools before messages, adds message images, and leaves format out of the prompt", () => {
    const code = `
import ollama from "ollama";
const tools = [{ type: "function", function: { name: "lookup", description: "Find a host.", parameters: { type: "object", properties: {} } } }];
export const ask = (q: string, photo: string) =>
  ollama.chat({
    model: "llava:13b",
    tools,
    format: { type: "object", properties: { answer: { type: "string" } } },
    keep_alive: "30m",
    messages: [{ role: "system", content: "Answer from the wiki." }, { role: "user", content: q, images: [photo] }],
  });
`;
    const site = onlySite(code);
    expect(view(code, site)).toEqual([
      ["tools", null, false, [["static", expect.stringContaining('"name":"lookup"')]]],
      ["system", "system", false, [["static", "Answer from the wiki."]]],
      ["message", "user", true, [["dynamic", "<q>"], ["dynamic", "<photo>"]]],
    ]);
    expect(site.segments[2]!.pieces[1]!.media).toBe("image");
    expect(knownText(site.parameters.get("keep_alive")!.value)).toBe("30m");
    expect(site.parameters.has("format")).toBe(true);
  });

  it("reads generate as the system prompt, then the prompt with its images", () => {
    const code = `
import ollama from "ollama";
export const describe = (photo: string) => ollama.generate({ model: "llava:13b", system: "Describe the rack.", prompt: "What is missing?", images: [photo], template: "{{ .System }} {{ .Prompt }}" });
`;
    expect(view(code, onlySite(code))).toEqual([
      ["system", "system", false, [["static", "Describe the rack."]]],
      ["input", "user", true, [["static", "What is missing?"], ["dynamic", "<photo>"]]],
    ]);
  });
});

describe("fixtures/sdk-mistral", () => {
  const reports = fixtureReports("sdk-mistral");

  it("finds every request with its API, model and segments", () => {
    expect(reports.map((site) => [site.file, `${site.line}:${site.column}`, site.api, site.model, site.segments.map((segment) => `${segment.kind}:${segment.stability}`).join(" ")]).sort()).toEqual(
      [
        ["src/assistant.ts", "23:24", "chat.completions", "mistral-medium-latest", "tools:static system:volatile history:dynamic message:dynamic"],
        ["src/complete.ts", "5:26", "fim.completions", "codestral-latest", "message:dynamic input:dynamic"],
        ["src/release-agent.ts", "6:26", "agents.completions", null, "instructions:deployment message:dynamic"],
        ["src/review.ts", "14:26", "chat.completions", "codestral-latest", "system:static message:dynamic"],
      ].sort(),
    );
    expect(new Set(reports.map((site) => site.provider))).toEqual(new Set(["mistral"]));
  });

  it("reports the IDE assistant's time stamp, its changing tool choice and its missing routing key, and nothing else", () => {
    const findings = reports.flatMap((site) => site.findings.map((finding) => [site.file, `${finding.line}:${finding.column}`, finding.ruleId]));
    expect(findings.sort()).toEqual(
      [
        ["src/assistant.ts", "23:36", "prompt-cache/cache-routing-key"],
        ["src/assistant.ts", "26:17", "prompt-cache/stable-tool-choice"],
        ["src/assistant.ts", "28:53", "prompt-cache/no-volatile-prefix"],
        ["src/assistant.ts", "28:53", "prompt-cache/static-before-dynamic"],
      ].sort(),
    );
  });
});

describe("fixtures/sdk-ollama", () => {
  const reports = fixtureReports("sdk-ollama");

  it("finds every request with its API, model and segments", () => {
    expect(reports.map((site) => [site.file, `${site.line}:${site.column}`, site.provider, site.api, site.model, site.segments.map((segment) => `${segment.kind}:${segment.stability}`).join(" ")]).sort()).toEqual(
      [
        ["src/ask.ts", "7:26", "ollama", "chat", "llama3.1:8b", "system:static history:dynamic message:dynamic"],
        ["src/digest.ts", "10:26", "ollama", "generate", "qwen2.5:14b", "system:volatile input:dynamic"],
        ["src/rack-check.ts", "8:26", "ollama", "chat", "llava:13b", "message:dynamic system:static message:dynamic"],
      ].sort(),
    );
  });

  it("reports the digest's time stamp and the rack check's early per-request image and late system message", () => {
    const findings = reports.flatMap((site) => site.findings.map((finding) => [site.file, `${finding.line}:${finding.column}`, finding.ruleId]));
    expect(findings.sort()).toEqual(
      [
        ["src/digest.ts", "12:33", "prompt-cache/no-volatile-prefix"],
        ["src/digest.ts", "12:33", "prompt-cache/static-before-dynamic"],
        ["src/rack-check.ts", "11:84", "prompt-cache/static-before-dynamic"],
        ["src/rack-check.ts", "12:7", "prompt-cache/single-leading-system"],
      ].sort(),
    );
  });
});
