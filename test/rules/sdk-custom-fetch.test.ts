import cacheRoutingKey from "../../rules/cache-routing-key.js";
import noVolatilePrefix from "../../rules/no-volatile-prefix.js";
import stableTools from "../../rules/stable-tools.js";
import staticBeforeDynamic from "../../rules/static-before-dynamic.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

/*
 * A custom `fetch` given to the SDK client rewrites every request before it leaves. The rules
 * report what it writes into the prompt where it writes it, inside the fetch; the requests made
 * through the client are the ones whose prefix it breaks.
 */

/** An OpenAI client whose `fetch` is `fetchCode`, and a support reply sent through it. */
function openAI(fetchCode: string): string {
  return `import OpenAI from "openai";
const POLICY = ${JSON.stringify(POLICY)};

${fetchCode}

const client = new OpenAI({ fetch: tracingFetch });

export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}
`;
}

/** Near misses: fetches that send the prompt as the SDK built it, or change it only at its end. */
const quiet = [
  // Logs the model and the size of the conversation.
  openAI(`async function tracingFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const body = JSON.parse(String(init?.body));
  console.info("llm request", String(url), body.model, body.messages.length);
  return fetch(url, init);
}`),
  // Adds a bearer token for a gateway.
  openAI(`declare function gatewayToken(): Promise<string>;
async function tracingFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.set("Authorization", \`Bearer \${await gatewayToken()}\`);
  return fetch(url, { ...init, headers });
}`),
  // The time at the very end of the last user message: the place for it.
  openAI(`async function tracingFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  if (typeof init?.body !== "string") return fetch(url, init);
  const body = JSON.parse(init.body);
  body.messages.at(-1).content += \`\\n\\n(sent at \${new Date().toISOString()})\`;
  return fetch(url, { ...init, body: JSON.stringify(body) });
}`),
  // A rewrite of every message the analyzer does not follow: nothing is assumed about it.
  openAI(`async function tracingFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const body = JSON.parse(init!.body as string);
  body.messages = body.messages.map((message: { role: string; content: string }) =>
    message.role === "system" ? { ...message, content: \`[\${new Date().toISOString()}] \${message.content}\` } : message,
  );
  return fetch(url, { ...init, body: JSON.stringify(body) });
}`),
];

const stamping = openAI(`/** Logs each call, and tells the model the time. */
async function tracingFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  if (typeof init?.body === "string") {
    const body = JSON.parse(init.body);
    const system = body.messages.find((message: { role: string }) => message.role === "system");
    if (system) system.content = \`Current time: \${new Date().toISOString()}\\n\\n\${system.content}\`;
    init = { ...init, body: JSON.stringify(body) };
  }
  console.info("llm request", String(url));
  return fetch(url, init);
}`);

ruleTester.run("no-volatile-prefix", noVolatilePrefix, {
  valid: quiet,
  invalid: [
    // The time written into the first system message, ahead of the policy and the history.
    invalid(stamping, [
      {
        messageId: "volatileInPrefix",
        text: "new Date().toISOString()",
        suggestions: [{ messageId: "suggestDateOnly", data: { method: "slice(0, 10)" }, from: "new Date().toISOString()", to: "new Date().toISOString().slice(0, 10)" }],
      },
    ]),
    // A request id in a system message put in front of the SDK's.
    invalid(
      openAI(`import { randomUUID } from "node:crypto";
async function tracingFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const body = JSON.parse(init!.body as string);
  body.messages.unshift({ role: "system", content: \`Request \${randomUUID()}\` });
  return fetch(url, { ...init, body: JSON.stringify(body) });
}`),
      [{ messageId: "volatileInPrefix", text: "randomUUID()", after: "Request ${", suggestions: [] }],
    ),
  ],
});

ruleTester.run("static-before-dynamic", staticBeforeDynamic, {
  valid: quiet,
  invalid: [
    invalid(stamping, [{ messageId: "dynamicBeforeStatic", text: "new Date().toISOString()", suggestions: [] }]),
    // The customer's plan, from a header the gateway sets, in front of the policy.
    invalid(
      openAI(`async function tracingFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const body = JSON.parse(init!.body as string);
  const plan = new Headers(init?.headers).get("x-customer-plan");
  if (body.messages[0]?.role === "system") body.messages[0].content = "Plan: " + plan + "\\n" + body.messages[0].content;
  return fetch(url, { ...init, body: JSON.stringify(body) });
}`),
      [{ messageId: "dynamicBeforeStatic", text: "plan", after: '"Plan: " + ', suggestions: [] }],
    ),
  ],
});

ruleTester.run("stable-tools", stableTools, {
  valid: [
    // One more tool, the same on every request.
    openAI(`const AUDIT_TOOL = { type: "function" as const, function: { name: "audit_log", description: "Record an audit event.", parameters: { type: "object", properties: {} } } };
async function tracingFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const body = JSON.parse(init!.body as string);
  body.tools = [...(body.tools ?? []), AUDIT_TOOL];
  return fetch(url, { ...init, body: JSON.stringify(body) });
}`),
  ],
  invalid: [
    // The MCP server's tools, listed again for every request, in the order the server sends them.
    invalid(
      openAI(`import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
declare const mcp: Client;
async function tracingFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const body = JSON.parse(init!.body as string);
  const { tools } = await mcp.listTools();
  body.tools = tools.map((tool) => ({ type: "function", function: { name: tool.name, description: tool.description, parameters: tool.inputSchema } }));
  return fetch(url, { ...init, body: JSON.stringify(body) });
}`),
      [{ messageId: "unorderedTools", text: "mcp.listTools()", suggestions: [] }],
    ),
  ],
});

const xai = (fetchCode: string) => `import OpenAI from "openai";
const POLICY = ${JSON.stringify(POLICY)};

${fetchCode}

const grok = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1", fetch: routedFetch });

export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return grok.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}
`;

ruleTester.run("cache-routing-key", cacheRoutingKey, {
  valid: [
    // The fetch routes every request of a conversation with the conversation's id.
    xai(`declare function conversationId(): string;
function routedFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), "x-grok-conv-id": conversationId() } });
}`),
    // Headers the analyzer cannot read (built by the application's own function): the request may
    // well carry the header.
    xai(`declare function signedHeaders(headers: HeadersInit | undefined): Promise<Record<string, string>>;
async function routedFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return fetch(url, { ...init, headers: await signedHeaders(init?.headers) });
}`),
    // One id made when the fetch is made, outside the function that runs per request: every
    // request of this client shares it.
    `import OpenAI from "openai";
import { randomUUID } from "node:crypto";
const POLICY = ${JSON.stringify(POLICY)};

function makeFetch(): typeof fetch {
  const sessionId = randomUUID();
  return (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), "x-grok-conv-id": sessionId } });
}

const grok = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1", fetch: makeFetch() });

export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return grok.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}
`,
  ],
  invalid: [
    // A fetch that only logs: the request still sends no routing header.
    invalid(
      xai(`function routedFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  console.info("grok request", String(url));
  return fetch(url, init);
}`),
      [{ messageId: "missingHeader", text: "create", suggestions: [] }],
    ),
    // A new id on every request: each one lands on a server that has not seen the conversation.
    invalid(
      xai(`import { randomUUID } from "node:crypto";
function routedFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), "x-grok-conv-id": randomUUID() } });
}`),
      [{ messageId: "volatileKey", text: "randomUUID()", after: '"x-grok-conv-id": ', suggestions: [] }],
    ),
  ],
});
