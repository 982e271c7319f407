import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeText } from "../../src/analyze-text.js";
import { checks } from "../../src/checks/index.js";
import { runCheck } from "../../src/checks/run.js";
import type { RequestSite } from "../../src/model/types.js";
import { fileSystemHost, Project, type ProjectHost } from "../../src/project/project.js";
import { analyze, fixtureReports, pieceView } from "../helpers.js";

/*
 * A custom `fetch` given to an SDK client (`new OpenAI({ fetch })`) that rewrites the request
 * before it leaves: the fixture project's ground truth, then each shape the reader understands,
 * and the ones it must leave alone.
 */

const root = path.join(import.meta.dirname, "../../fixtures/sdk-custom-fetch");

describe("fixtures/sdk-custom-fetch", () => {
  const project = new Project(fileSystemHost(root));
  const reports = fixtureReports(root, { project });

  it("finds the two requests, each through a client made in src/llm/clients.ts", () => {
    expect(reports.map((report) => [report.file, `${report.line}:${report.column}`, report.provider, report.api, report.model]).sort()).toEqual([
      ["src/support/reply.ts", "7:28", "openai", "chat.completions", "gpt-4.1"],
      // The gateway's base URL comes from the environment: an OpenAI-compatible host.
      ["src/support/summarize.ts", "6:28", "openai-compatible", "chat.completions", "gpt-4.1-mini"],
    ]);
  });

  it("reports the time the tracing fetch writes into the system message, at the client in reply.ts, with the chain to the fetch", () => {
    const reply = reports.find((report) => report.file === "src/support/reply.ts")!;
    expect(reply.findings.map((finding) => [finding.ruleId, `${finding.line}:${finding.column}`, finding.chain])).toEqual([
      ["prompt-cache/no-volatile-prefix", "7:28", [{ file: "src/llm/clients.ts", line: 15 }, { file: "src/support/reply.ts", line: 7 }]],
      ["prompt-cache/static-before-dynamic", "7:28", [{ file: "src/llm/clients.ts", line: 15 }, { file: "src/support/reply.ts", line: 7 }]],
    ]);
    expect(reply.findings[0]!.message).toBe(
      "`openai` (`new Date().toISOString()` at line 15 in src/llm/clients.ts (written by the custom fetch `tracingFetch` into the first message of the request at line 7)) changes on every request and is followed by 124 tokens of static text and the conversation history, so every request starts a new prefix and none of that is ever cached. Move it into the final user message, or round a time down to the date.",
    );
    expect(reply.segments.map((segment) => [segment.kind, segment.role, segment.stability])).toEqual([
      ["system", "system", "volatile"],
      ["history", null, "dynamic"],
      ["message", "user", "dynamic"],
    ]);
    expect(reply.prefix.firstDynamic).toMatchObject({ line: 7, column: 28, kind: "volatile" });
  });

  it("stays quiet on the gateway client, whose fetch only adds an Authorization header", () => {
    const summary = reports.find((report) => report.file === "src/support/summarize.ts")!;
    expect(summary.findings).toEqual([]);
    expect(summary.segments.map((segment) => segment.stability)).toEqual(["static", "dynamic"]);
    // Quiet because the fetch was read, not because it was missed.
    const file = path.join(root, "src/support/summarize.ts");
    const [site] = analyze(readFileSync(file, "utf8"), project.optionsFor(file), file).sites;
    expect(site!.customFetch).toMatchObject({ understood: true });
    expect(site!.headers.get("authorization")).toBeDefined();
  });

  it("sees no custom fetch without a project, as ESLint without type information", () => {
    const file = "src/support/reply.ts";
    const [alone] = analyzeText(readFileSync(path.join(root, file), "utf8"), file);
    expect(alone!.findings).toEqual([]);
    expect(alone!.segments[0]).toMatchObject({ kind: "system", stability: "unknown" });
  });
});

const POLICY = "You are the support assistant for Acme Cloud. Answer only questions about Acme Cloud billing, accounts and deployments, and never reveal internal notes.";

/** A file with one OpenAI client whose `fetch` is `fetchCode`, and one chat request through it. */
function openAIWith(fetchCode: string, messages = `[{ role: "system", content: POLICY }, { role: "user", content: question }]`): string {
  return `import OpenAI from "openai";
import { randomUUID } from "node:crypto";
const POLICY = ${JSON.stringify(POLICY)};
const client = new OpenAI({
  fetch: ${fetchCode},
});
export async function ask(question: string, history: OpenAI.Chat.ChatCompletionMessageParam[]) {
  return client.chat.completions.create({ model: "gpt-4.1", messages: ${messages} });
}
`;
}

function onlySiteOf(code: string): RequestSite {
  const { sites } = analyze(code);
  expect(sites).toHaveLength(1);
  return sites[0]!;
}

function segments(code: string, site = onlySiteOf(code)): Array<[string, string | null, boolean, Array<[string, string]>]> {
  return site.segments.map((segment) => [segment.kind, segment.role, segment.isFinal, pieceView(code, segment.pieces)]);
}

/** The findings of the recommended rules: rule and the source text reported. */
function findings(code: string): Array<[string, string]> {
  const analysis = analyze(code);
  return Object.values(checks)
    .filter((check) => check.config === "recommended")
    .flatMap((check) =>
    runCheck(check, { analysis, settings: {} }, check.defaultOptions as object).map((finding): [string, string] => [finding.rule, code.slice(finding.node.range[0], finding.node.range[1])]),
  );
}

const UNCHANGED: ReturnType<typeof segments> = [
  ["system", "system", false, [["static", POLICY]]],
  ["message", "user", true, [["dynamic", "<question>"]]],
];

describe("custom fetch: body rewrites that are understood", () => {
  it("prepends to the system message found by role, through a const, as the request is sent", () => {
    const code = openAIWith(`async (url, init) => {
    if (typeof init?.body === "string") {
      const body = JSON.parse(init.body);
      const system = body.messages.find((message: { role: string }) => message.role === "system");
      if (system) system.content = \`Current time: \${new Date().toISOString()}\\n\\n\${system.content}\`;
      init = { ...init, body: JSON.stringify(body) };
    }
    return fetch(url, init);
  }`);
    const site = onlySiteOf(code);
    expect(segments(code, site)).toEqual([
      ["system", "system", false, [["static", "Current time: "], ["volatile", "<new Date().toISOString()>"], ["static", `\n\n${POLICY}`]]],
      ["message", "user", true, [["dynamic", "<question>"]]],
    ]);
    expect(site.customFetch).toMatchObject({ understood: true, node: { type: "ArrowFunctionExpression" } });
    expect(site.segments[0]!.pieces[1]!.reason).toBe("`new Date().toISOString()` at line 9 (written by the client's custom fetch into the first system message of the request at line 16)");
    expect(findings(code)).toEqual([
      ["no-volatile-prefix", "new Date().toISOString()"],
      ["static-before-dynamic", "new Date().toISOString()"],
    ]);
  });

  it.each([
    ["untyped", "(m) => m.role === \"system\""],
    ["a type literal", "(m: { role: string }) => m.role === \"system\""],
    ["a type reference", "(m: OpenAI.ChatCompletionMessageParam) => m.role === \"system\""],
    ["destructured", "({ role }) => role === \"system\""],
  ])("applies a change under a role test in a callback, its parameter %s", (_, callback) => {
    const code = openAIWith(`async (url, init) => {
    const body = JSON.parse(init!.body as string);
    if (body.messages.some(${callback})) body.messages[0].content = \`\${Date.now()} \${body.messages[0].content}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`);
    const site = onlySiteOf(code);
    expect(site.customFetch?.understood).toBe(true);
    expect(site.segments[0]!.pieces.map((piece) => piece.stability)).toEqual(["volatile", "static"]);
  });

  it("reads `messages[0]` under a role test, `+=`, `at(-1)` and `[length - 1]`", () => {
    const code = openAIWith(`async (url, init) => {
    const body = JSON.parse(init!.body as string);
    if (body.messages[0]?.role === "system") body.messages[0].content = "Today is " + new Date().toDateString() + ". " + body.messages[0].content;
    body.messages.at(-1).content += \` [sent \${Date.now()}]\`;
    body.messages[body.messages.length - 1].content += "!";
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`);
    expect(segments(code)).toEqual([
      ["system", "system", false, [["static", "Today is "], ["dynamic", "<new Date().toDateString()>"], ["static", `. ${POLICY}`]]],
      ["message", "user", true, [["dynamic", "<question>"], ["static", " [sent "], ["volatile", "<Date.now()>"], ["static", "]!"]]],
    ]);
  });

  it("skips a change whose role test the request's first message fails", () => {
    const code = openAIWith(
      `async (url, init) => {
    const body = JSON.parse(init!.body as string);
    const first = body.messages[0];
    if (first.role === "system") first.content = \`\${Date.now()} \${first.content}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`,
      `[{ role: "user", content: POLICY }, { role: "assistant", content: "Noted." }, { role: "user", content: question }]`,
    );
    expect(segments(code).map(([, role, , pieces]) => [role, pieces.length])).toEqual([
      ["user", 1],
      ["assistant", 1],
      ["user", 1],
    ]);
    expect(onlySiteOf(code).customFetch?.understood).toBe(true);
  });

  it("adds messages: unshift, splice, push, and `[x, ...body.messages]` in a written-back object", () => {
    const code = openAIWith(`async (url, init) => {
    const body = JSON.parse(init!.body as string);
    body.messages.unshift({ role: "system", content: \`Request \${randomUUID()}\` });
    body.messages.splice(2, 0, { role: "system", content: "Be brief." });
    body.messages.push({ role: "user", content: \`Sent at \${new Date().toISOString()}\` });
    return fetch(url, { ...init, body: JSON.stringify({ ...body, messages: [{ role: "developer", content: "Answer in English." }, ...body.messages] }) });
  }`);
    expect(segments(code)).toEqual([
      ["system", "developer", false, [["static", "Answer in English."]]],
      ["system", "system", false, [["static", "Request "], ["volatile", "<randomUUID()>"]]],
      ["system", "system", false, [["static", POLICY]]],
      ["system", "system", false, [["static", "Be brief."]]],
      ["message", "user", true, [["dynamic", "<question>"]]],
      // Appended after the last message, new every turn like it.
      ["message", "user", true, [["static", "Sent at "], ["volatile", "<new Date().toISOString()>"]]],
    ]);
    expect(findings(code)).toEqual([
      ["no-volatile-prefix", "randomUUID()"],
      ["static-before-dynamic", "randomUUID()"],
    ]);
  });

  it("replaces the tools and sets top-level parameters", () => {
    const code = openAIWith(`async (url, init) => {
    const body = JSON.parse(init!.body as string);
    body.tools = [{ type: "function", function: { name: "lookup_invoice", description: "Look up an invoice.", parameters: { type: "object", properties: {} } } }];
    body.prompt_cache_key = \`acme-\${randomUUID()}\`;
    delete body.user;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`);
    const site = onlySiteOf(code);
    expect(site.segments.map((segment) => [segment.kind, segment.pieces[0]?.stability])).toEqual([
      ["tools", "static"],
      ["system", "static"],
      ["message", "dynamic"],
    ]);
    const key = site.parameters.get("prompt_cache_key")!;
    expect(code.slice(key.node.range[0], key.node.range[1])).toBe("`acme-${randomUUID()}`");
    expect(key.value.kind === "string" && key.value.pieces.map((piece) => piece.stability)).toEqual(["static", "volatile"]);
  });

  it("appends a constant tool to the tools the SDK sends: the same tools on every request", () => {
    const code = `${openAIWith(`async (url, init) => {
    const body = JSON.parse(init!.body as string);
    body.tools = [...(body.tools ?? []), AUDIT_TOOL];
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`)}const AUDIT_TOOL = { type: "function" as const, function: { name: "audit_log", description: "Record an audit event.", parameters: { type: "object", properties: {} } } };
`;
    const site = onlySiteOf(code);
    expect(site.customFetch?.understood).toBe(true);
    expect(site.segments.map((segment) => [segment.kind, segment.pieces.map((piece) => piece.stability)])).toEqual([
      ["tools", ["static"]],
      ["system", ["static"]],
      ["message", ["dynamic"]],
    ]);
    expect(site.segments[0]!.pieces[0]!.text).toContain('"audit_log"');
    expect(findings(code)).toEqual([]);
  });

  it("rewrites Anthropic's `system` string, its blocks, and moves breakpoints with the segments", () => {
    const code = `import Anthropic from "@anthropic-ai/sdk";
const POLICY = ${JSON.stringify(POLICY)};
const claude = new Anthropic({
  fetch: async (url, init) => {
    const body = JSON.parse(String(init?.body));
    if (Array.isArray(body.system)) body.system.unshift({ type: "text", text: \`Now: \${new Date().toISOString()}\` });
    return fetch(url, { ...init, body: JSON.stringify(body) });
  },
});
export const ask = (question: string) =>
  claude.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }],
    messages: [{ role: "user", content: question }],
  });
`;
    const site = onlySiteOf(code);
    expect(segments(code, site).map(([kind, role, , pieces]) => [kind, role, pieces.map(([stability]) => stability)])).toEqual([
      ["system", null, ["static", "volatile"]],
      ["system", null, ["static"]],
      ["message", "user", ["dynamic"]],
    ]);
    expect(site.breakpoints.map((breakpoint) => breakpoint.segment)).toEqual([1]);
    expect(findings(code).map(([rule]) => rule)).toContain("no-volatile-prefix");
  });

  it("prepends to Anthropic's `system` string under an early return on the URL", () => {
    const code = `import Anthropic from "@anthropic-ai/sdk";
const claude = new Anthropic({
  fetch: async (url, init) => {
    if (!String(url).includes("/v1/messages") || typeof init?.body !== "string") return fetch(url, init);
    const body = JSON.parse(init.body);
    body.system = \`Date: \${new Date().toISOString()}\\n\${body.system ?? ""}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  },
});
export const ask = (question: string) => claude.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, system: ${JSON.stringify(POLICY)}, messages: [{ role: "user", content: question }] });
`;
    expect(segments(code)).toEqual([
      ["system", null, false, [["static", "Date: "], ["volatile", "<new Date().toISOString()>"], ["static", `\n${POLICY}`]]],
      ["message", "user", true, [["dynamic", "<question>"]]],
    ]);
  });

  it("does not apply a change guarded by another API's endpoint", () => {
    const code = openAIWith(`async (url, init) => {
    const body = JSON.parse(init!.body as string);
    if (url.toString().endsWith("/v1/messages")) body.messages[0].content = \`\${Date.now()} \${body.messages[0].content}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`);
    expect(segments(code)).toEqual(UNCHANGED);
    // Read and understood, and the change left out: not a fetch the reader gave up on.
    expect(onlySiteOf(code).customFetch?.understood).toBe(true);
  });

  it("reads Responses `instructions`, the AI SDK's Anthropic provider and Ollama's chat", () => {
    const responses = `import OpenAI from "openai";
const client = new OpenAI({
  fetch: async (url, init) => {
    const body = JSON.parse(init!.body as string);
    body.instructions = \`\${body.instructions}\\nRequest id: \${crypto.randomUUID()}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  },
});
export const ask = (question: string, history: OpenAI.Responses.ResponseInputItem[]) =>
  client.responses.create({ model: "gpt-4.1", instructions: ${JSON.stringify(POLICY)}, input: [...history, { role: "user", content: question }] });
`;
    expect(segments(responses)[0]).toEqual(["instructions", "developer", false, [["static", `${POLICY}\nRequest id: `], ["volatile", "<crypto.randomUUID()>"]]]);
    expect(findings(responses)).toEqual([["no-volatile-prefix", "crypto.randomUUID()"]]);

    const aiSdk = `import { createAnthropic } from "@ai-sdk/anthropic";
import { generateText } from "ai";
const anthropic = createAnthropic({
  fetch: async (url, init) => {
    const body = JSON.parse(init!.body as string);
    body.system.unshift({ type: "text", text: \`Now: \${new Date().toISOString()}\` });
    return fetch(url, { ...init, body: JSON.stringify(body) });
  },
});
export const ask = (question: string) => generateText({ model: anthropic("claude-sonnet-4-5"), system: ${JSON.stringify(POLICY)}, prompt: question });
`;
    expect(segments(aiSdk).map(([kind, role, , pieces]) => [kind, role, pieces.map(([stability]) => stability)])).toEqual([
      ["system", null, ["static", "volatile"]],
      ["system", "system", ["static"]],
      ["input", "user", ["dynamic"]],
    ]);

    const ollama = `import { Ollama } from "ollama";
const ollama = new Ollama({
  fetch: async (url, init) => {
    const body = JSON.parse(init!.body as string);
    body.messages.splice(1, 0, { role: "system", content: \`Clock: \${Date.now()}\` });
    return fetch(url, { ...init, body: JSON.stringify(body) });
  },
});
export const ask = (question: string) => ollama.chat({ model: "llama3.1", messages: [{ role: "system", content: ${JSON.stringify(POLICY)} }, { role: "user", content: question }] });
`;
    expect(segments(ollama).map(([kind, role, , pieces]) => [kind, role, pieces.map(([stability]) => stability)])).toEqual([
      ["system", "system", ["static"]],
      ["system", "system", ["static", "volatile"]],
      ["message", "user", ["dynamic"]],
    ]);
  });
});

describe("custom fetch: headers", () => {
  const xai = (fetchCode: string) => `import OpenAI from "openai";
import { randomUUID } from "node:crypto";
const grok = new OpenAI({
  baseURL: "https://api.x.ai/v1",
  fetch: ${fetchCode},
});
export const ask = (question: string) => grok.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: ${JSON.stringify(POLICY)} }, { role: "user", content: question }] });
`;

  it("records headers set in a `headers` object, on `new Headers()` and on `init.headers`", () => {
    const code = xai(`async (url, init) => {
    const headers = new Headers(init?.headers);
    headers.set("X-Request-Id", randomUUID());
    (init!.headers as Record<string, string>)["x-trace"] = "on";
    return fetch(url, { ...init, headers: { ...Object.fromEntries(headers), "x-grok-conv-id": randomUUID() } });
  }`);
    const site = onlySiteOf(code);
    expect([...site.headers.keys()].sort()).toEqual(["x-grok-conv-id", "x-request-id", "x-trace"]);
    const header = site.headers.get("x-grok-conv-id")!;
    expect(header.node.type).toBe("Property");
    expect(header.value).toMatchObject({ kind: "opaque", stability: "volatile" });
    expect(header.value.kind === "opaque" && header.value.reason).toBe("`randomUUID()` at line 9 (written by the client's custom fetch into the `x-grok-conv-id` header of the request at line 12)");
  });

  it("counts a routing header the fetch sets: no missing `x-grok-conv-id` is reported", () => {
    const routed = xai(`(url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), "x-grok-conv-id": currentConversation() } })`);
    expect(findings(`${routed}declare function currentConversation(): string;\n`)).toEqual([]);
    const plain = xai(`(url, init) => fetch(url, init)`);
    expect(findings(plain)).toEqual([["cache-routing-key", "create"]]);
  });
});

describe("custom fetch: what is left alone", () => {
  /** A fetch that writes the time into the first message when `guard` holds. */
  const stampIf = (guard: string) => `async (url, init) => {
    const body = JSON.parse(init!.body as string);
    if (${guard}) body.messages[0].content = \`\${Date.now()} \${body.messages[0].content}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`;
  const cases: Array<[string, string, boolean]> = [
    [
      "a fetch that only logs the body",
      `async (url, init) => {
    const body = JSON.parse(String(init?.body));
    console.log("llm request", url, body.model, body.messages.length, JSON.stringify(body.messages));
    return fetch(url, init);
  }`,
      true,
    ],
    [
      "a fetch that only adds an Authorization header",
      `async (url: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set("Authorization", \`Bearer \${await getToken()}\`);
    return fetch(url, { ...init, headers });
  }`,
      true,
    ],
    [
      "changes to the parsed body that are never sent",
      `async (url, init) => {
    const body = JSON.parse(init!.body as string);
    body.messages[0].content = \`\${Date.now()} \${body.messages[0].content}\`;
    return fetch(url, init);
  }`,
      true,
    ],
    [
      "messages rewritten by a map",
      `async (url, init) => {
    const body = JSON.parse(init!.body as string);
    body.messages = body.messages.map((m: { content: string }) => ({ ...m, content: \`[\${Date.now()}] \${m.content}\` }));
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`,
      false,
    ],
    [
      "messages changed in a loop",
      `async (url, init) => {
    const body = JSON.parse(init!.body as string);
    for (const message of body.messages) message.content = \`\${Date.now()} \${message.content}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`,
      false,
    ],
    [
      "the body handed to a helper",
      `async (url, init) => {
    const body = JSON.parse(init!.body as string);
    decorate(body);
    body.messages[0].content = \`\${Date.now()} \${body.messages[0].content}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`,
      false,
    ],
    ["a change under an application flag", stampIf("INJECT_TIME"), false],
    [
      "a change under a test whose callback reads an application flag in a default value",
      stampIf('body.messages.some((message: { role: string }, _index: number, _all: unknown, enabled = INJECT_TIME) => enabled && message.role === "system")'),
      false,
    ],
    [
      "a change under a test whose callback reads an application constant in a computed key",
      stampIf('body.messages.some(({ [ROLE_FIELD]: role }: Record<string, string>) => role === "system")'),
      false,
    ],
    ["a change for streamed requests only (a test of a body value, not of its shape)", stampIf("body.stream"), false],
    [
      "a change in an else branch",
      `async (url, init) => {
    const body = JSON.parse(init!.body as string);
    if (body.stream) console.log("streaming");
    else body.messages[0].content = \`\${Date.now()} \${body.messages[0].content}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`,
      false,
    ],
    [
      "a body read another way",
      `async (url, init) => {
    const request = new Request(url, init);
    const body = await request.clone().json();
    body.messages[0].content = \`\${Date.now()} \${body.messages[0].content}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`,
      false,
    ],
    [
      "a body destructured from the parse",
      `async (url, init) => {
    const { messages, ...rest } = JSON.parse(init!.body as string);
    messages.unshift({ role: "system", content: String(Date.now()) });
    return fetch(url, { ...init, body: JSON.stringify({ ...rest, messages }) });
  }`,
      false,
    ],
    [
      "a cache marker added to the last system block",
      `async (url, init) => {
    const body = JSON.parse(init!.body as string);
    body.messages[0].cache_control = { type: "ephemeral" };
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`,
      false,
    ],
    [
      "the options handed to another function of the application",
      `(url, init) => withTracing(url, init)`,
      false,
    ],
  ];
  const declarations = `declare function getToken(): Promise<string>;
declare const ROLE_FIELD: string;
declare function decorate(body: unknown): void;
declare const INJECT_TIME: boolean;
function withTracing(url: RequestInfo | URL, init?: RequestInit) {
  return fetch(url, init);
}
`;

  for (const [name, fetchCode, understood] of cases) {
    it(`${name}: ${understood ? "no change" : "not understood"}, nothing reported`, () => {
      const code = openAIWith(fetchCode) + declarations;
      const site = onlySiteOf(code);
      expect(segments(code, site)).toEqual(UNCHANGED);
      expect(site.customFetch?.understood).toBe(understood);
      expect(findings(code)).toEqual([]);
    });
  }

  it("does not place a change on a message behind a history spread: the whole rewrite is left out", () => {
    const code = openAIWith(
      `async (url, init) => {
    const body = JSON.parse(init!.body as string);
    body.prompt_cache_key = "acme";
    body.messages[0].content = \`\${Date.now()} \${body.messages[0].content}\`;
    return fetch(url, { ...init, body: JSON.stringify(body) });
  }`,
      `[...history, { role: "user", content: question }]`,
    );
    const site = onlySiteOf(code);
    expect(site.customFetch?.understood).toBe(false);
    expect(site.parameters.has("prompt_cache_key")).toBe(false);
    expect(site.breakpointsComplete).toBe(false);
  });

  it("records a fetch it cannot read as not understood", () => {
    const site = onlySiteOf(`import OpenAI from "openai";
import { tracingFetch } from "./tracing";
const client = new OpenAI({ fetch: tracingFetch });
export const ask = (question: string) => client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: question }] });
`);
    expect(site.customFetch).toMatchObject({ understood: false, node: { type: "Identifier", name: "tracingFetch" } });
  });
});

describe("custom fetch across modules", () => {
  /** A project held in memory: file paths under /virtual. */
  function memoryProject(files: Record<string, string>): Project {
    const texts = new Map(Object.entries(files).map(([name, text]) => [path.join("/virtual", name), text]));
    const host: ProjectHost = { cwd: "/virtual", exists: (file) => texts.has(file), readText: (file) => texts.get(file) ?? null };
    return new Project(host);
  }

  const tracing = `export async function stampedFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const body = JSON.parse(init!.body as string);
  body.messages.unshift({ role: "system", content: \`Now: \${new Date().toISOString()}\` });
  return fetch(url, { ...init, body: JSON.stringify(body) });
}
`;
  const request = `const POLICY = ${JSON.stringify(POLICY)};
export const ask = (question: string) => client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
`;

  it("reads a fetch imported into the client's file, and reports at the `fetch` option", () => {
    const project = memoryProject({ "src/tracing.ts": tracing });
    const text = `import OpenAI from "openai";\nimport { stampedFetch } from "./tracing.js";\nconst client = new OpenAI({ fetch: stampedFetch });\n${request}`;
    const [report] = analyzeText(text, "src/ask.ts", { project });
    expect(report!.findings.map((finding) => [finding.ruleId, `${finding.line}:${finding.column}`, finding.chain])).toEqual([
      ["prompt-cache/no-volatile-prefix", "3:36", [{ file: "src/tracing.ts", line: 3 }, { file: "src/ask.ts", line: 3 }]],
      ["prompt-cache/static-before-dynamic", "3:36", [{ file: "src/tracing.ts", line: 3 }, { file: "src/ask.ts", line: 3 }]],
    ]);
  });

  it("follows a client re-exported through an index, and its fetch imported from a third module", () => {
    const project = memoryProject({
      "src/tracing.ts": tracing,
      "src/llm/clients.ts": `import OpenAI from "openai";\nimport { stampedFetch } from "../tracing.js";\nexport const client = new OpenAI({ fetch: stampedFetch });\n`,
      "src/llm/index.ts": `export * from "./clients.js";\n`,
    });
    const [report] = analyzeText(`import { client } from "./llm/index.js";\n${request}`, "src/ask.ts", { project });
    expect(report!.findings.map((finding) => [finding.ruleId, `${finding.line}:${finding.column}`, finding.chain])).toEqual([
      ["prompt-cache/no-volatile-prefix", "3:42", [{ file: "src/tracing.ts", line: 3 }, { file: "src/llm/clients.ts", line: 3 }, { file: "src/llm/index.ts", line: 3 }, { file: "src/ask.ts", line: 3 }]],
      ["prompt-cache/static-before-dynamic", "3:42", [{ file: "src/tracing.ts", line: 3 }, { file: "src/llm/clients.ts", line: 3 }, { file: "src/llm/index.ts", line: 3 }, { file: "src/ask.ts", line: 3 }]],
    ]);
  });

  it("applies the fetch of an imported Groq client: the import tells its SDK", () => {
    const project = memoryProject({
      "src/tracing.ts": tracing,
      "src/clients.ts": `import Groq from "groq-sdk";\nimport { stampedFetch } from "./tracing.js";\nexport const client = new Groq({ fetch: stampedFetch });\n`,
    });
    const [report] = analyzeText(`import { client } from "./clients.js";\n${request}`, "src/ask.ts", { project });
    expect(report!.provider).toBe("groq");
    expect(report!.findings.map((finding) => finding.ruleId)).toContain("prompt-cache/no-volatile-prefix");
  });

  // Not about a fetch, but read the same way: an imported client's options.
  it("reads an imported client's base URL: an xAI client stays xAI's across modules", () => {
    const project = memoryProject({
      "src/clients.ts": `import OpenAI from "openai";\nexport const client = new OpenAI({ baseURL: "https://api.x.ai/v1", apiKey: process.env.XAI_API_KEY });\n`,
    });
    const [report] = analyzeText(`import { client } from "./clients.js";\n${request.replace('model: "gpt-4.1"', 'model: "grok-4", prompt_cache_key: "support"')}`, "src/ask.ts", { project });
    expect(report!.provider).toBe("xai");
    // The client's options are all written out in its module: no `x-grok-conv-id` header, so the
    // key is ignored on Chat Completions.
    const routing = report!.findings.filter((finding) => finding.ruleId === "prompt-cache/cache-routing-key");
    expect(routing.map((finding) => [`${finding.line}:${finding.column}`, finding.message.slice(0, 50)])).toEqual([["3:92", "xAI ignores `prompt_cache_key` on Chat Completions"]]);
  });

  it.each([
    ["without a routing header: reported", `{ baseURL: "https://api.x.ai/v1", apiKey: process.env.XAI_API_KEY }`, ["3:64"]],
    ["with `x-grok-conv-id` in its default headers: quiet", `{ baseURL: "https://api.x.ai/v1", defaultHeaders: { "x-grok-conv-id": process.env.CONVERSATION_ID } }`, []],
    ["with options spread from elsewhere (headers unknown): quiet", `{ ...BASE_OPTIONS, baseURL: "https://api.x.ai/v1" }`, []],
  ])("an xAI client imported from another module, %s", (_, options, expected) => {
    const project = memoryProject({ "src/clients.ts": `import OpenAI from "openai";
declare const BASE_OPTIONS: object;
export const grok = new OpenAI(${options});
` });
    const text = `import { grok } from "./clients.js";
const POLICY = ${JSON.stringify(POLICY)};
export const ask = (question: string) => grok.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
`;
    const [report] = analyzeText(text, "src/ask.ts", { project });
    expect(report!.provider).toBe("xai");
    const routing = report!.findings.filter((finding) => finding.ruleId === "prompt-cache/cache-routing-key");
    expect(routing.map((finding) => `${finding.line}:${finding.column}`)).toEqual(expected);
  });

  it("leaves an imported client of another SDK alone", () => {
    const project = memoryProject({
      "src/tracing.ts": tracing,
      "src/clients.ts": `import Anthropic from "@anthropic-ai/sdk";\nimport { stampedFetch } from "./tracing.js";\nexport const client = new Anthropic({ fetch: stampedFetch });\n`,
    });
    const [report] = analyzeText(`import { client } from "./clients.js";\n${request}`, "src/ask.ts", { project });
    expect(report!.findings).toEqual([]);
  });
});
