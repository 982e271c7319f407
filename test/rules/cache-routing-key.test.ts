import rule from "../../rules/cache-routing-key.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const policy = `const POLICY = ${JSON.stringify(POLICY)};\n`;
const xaiClient = `import OpenAI from "openai";\nconst xai = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });\n${policy}`;
const openaiClient = `import OpenAI from "openai";\nconst client = new OpenAI();\n${policy}`;

/** An xAI client held in a \`let\`, then \`rest\` (statements that may assign it again), then a request through it. */
const letGrok = (rest: string) => `import OpenAI from "openai";
${policy}let xai = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });
${rest}export async function answer(question: string) {
  return xai.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
}`;

ruleTester.run("cache-routing-key", rule, {
  valid: [
    // A stable key derived from the conversation id, on xAI's Responses API.
    `${xaiClient}export async function reply(conversationId: string, question: string) {
  return xai.responses.create({
    model: "grok-4",
    instructions: POLICY,
    input: question,
    prompt_cache_key: \`conv-\${conversationId}\`,
  });
}`,
    // A key from the environment: the same for every request of the deployment.
    `${xaiClient}export async function classify(ticket: string) {
  return xai.responses.create({ model: "grok-4-fast", instructions: POLICY, input: ticket, prompt_cache_key: process.env.TRIAGE_CACHE_KEY });
}`,
    // One client per conversation, with the conversation id in its default headers.
    `import OpenAI from "openai";
${policy}export function openConversation(conversationId: string) {
  const grok = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1", defaultHeaders: { "x-grok-conv-id": conversationId } });
  return (history: OpenAI.ChatCompletionMessageParam[], question: string) =>
    grok.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`,
    // A random id made once for an agent run, then sent with every turn of its loop.
    `import { randomUUID } from "node:crypto";
${xaiClient}export async function runAgent(task: string, maxTurns: number) {
  const runId = randomUUID();
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "system", content: POLICY }, { role: "user", content: task }];
  for (let turn = 0; turn < maxTurns; turn++) {
    const response = await xai.chat.completions.create({ model: "grok-4", messages }, { headers: { "x-grok-conv-id": runId } });
    messages.push(response.choices[0]!.message);
  }
}`,
    // A random id made when the session starts and stored for its later requests.
    `import { randomUUID } from "node:crypto";
${openaiClient}const sessions = new Map<string, string>();
export async function startSession(userId: string, question: string) {
  const cacheKey = randomUUID();
  sessions.set(userId, cacheKey);
  return client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }], prompt_cache_key: cacheKey });
}`,
    // A random fallback only for requests that arrive without a session id.
    `import { randomUUID } from "node:crypto";
${openaiClient}export async function answer(sessionId: string | undefined, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: POLICY }, { role: "user", content: question }],
    prompt_cache_key: sessionId ?? randomUUID(),
  });
}`,
    // Computed once when the module loads: one key per process.
    `import { randomUUID } from "node:crypto";
${openaiClient}const PROCESS_KEY = randomUUID();
export async function answer(question: string) {
  return client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }], prompt_cache_key: PROCESS_KEY });
}`,
    // OpenAI does not need a key under the default options.
    `${openaiClient}export async function answer(question: string) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
}`,
    // The xAI client comes from another module: its default headers are not visible here.
    `import { grok } from "./clients";
${policy}export async function answer(question: string) {
  return grok.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
}`,
    // Request options passed through may carry the header.
    `${xaiClient}export async function answer(question: string, options: OpenAI.RequestOptions) {
  return xai.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] }, options);
}`,
    // A body spread from elsewhere may carry prompt_cache_key.
    `${xaiClient}export async function answer(base: Partial<OpenAI.Responses.ResponseCreateParamsNonStreaming>, question: string) {
  return xai.responses.create({ ...base, model: "grok-4", instructions: POLICY, input: question });
}`,
    // The key is added to the body after it is built.
    `${xaiClient}export async function answer(conversationId: string | undefined, question: string) {
  const body: OpenAI.Responses.ResponseCreateParamsNonStreaming = { model: "grok-4", instructions: POLICY, input: question };
  if (conversationId) body.prompt_cache_key = conversationId;
  return xai.responses.create(body);
}`,
    // The client variable is assigned again (a reconnect): which client sends the request is not known.
    letGrok("export function reconnect(client: OpenAI) {\n  xai = client;\n}\n"),
    // Options merged into the body after it is built may carry the key.
    `${xaiClient}export async function answer(extra: Partial<OpenAI.Responses.ResponseCreateParamsNonStreaming>, question: string) {
  const body: OpenAI.Responses.ResponseCreateParamsNonStreaming = { model: "grok-4", instructions: POLICY, input: question };
  Object.assign(body, extra);
  return xai.responses.create(body);
}`,
    // The key is set through a type assertion after the body is built.
    `${xaiClient}export async function answer(conversationId: string, question: string) {
  const body = { model: "grok-4", instructions: POLICY, input: question };
  (body as Record<string, unknown>).prompt_cache_key = conversationId;
  return xai.responses.create(body as OpenAI.Responses.ResponseCreateParamsNonStreaming);
}`,
    // The class member is given another client in a method: which one sends is not known.
    `import OpenAI from "openai";
${policy}export class GrokAgent {
  private client = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });
  useGateway(gatewayURL: string) {
    this.client = new OpenAI({ baseURL: gatewayURL });
  }
  async step(history: OpenAI.ChatCompletionMessageParam[]) {
    return this.client.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, ...history] });
  }
}`,
    // A wrapper declared in the settings: its client and headers are not known, whatever the receiver is.
    {
      code: `import OpenAI from "openai";
${policy}const llm = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });
export const ask = (question: string) => llm.chat({ model: "grok-4", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });`,
      settings: { "prompt-cache": { calls: [{ callee: "llm.chat", provider: "xai" }] } },
    },
    // OpenAI required by the options, and sent per tenant.
    {
      code: `${openaiClient}export async function answer(tenantId: string, question: string) {
  return client.responses.create({ model: "gpt-4.1", instructions: POLICY, input: question, prompt_cache_key: \`tenant-\${tenantId}\` });
}`,
      options: [{ requireKeyFor: ["xai", "openai"] }],
    },
    // Required for OpenAI, but the client comes from another module and may point elsewhere.
    {
      code: `import { llm } from "./llm";
${policy}export async function answer(question: string) {
  return llm.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
}`,
      options: [{ requireKeyFor: ["openai"] }],
    },
  ],
  invalid: [
    // anomalyco/opencode#35033: xAI Chat Completions requests carry no routing header.
    invalid(
      `${xaiClient}export async function step(history: OpenAI.ChatCompletionMessageParam[], task: string) {
  return xai.chat.completions.create({
    model: "grok-4",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: task }],
  });
}`,
      [{ messageId: "missingHeader", text: "create" }],
    ),
    // The Responses API routes by prompt_cache_key, and this request sends none.
    invalid(
      `${xaiClient}export async function reply(previousResponseId: string, question: string) {
  return xai.responses.create({ model: "grok-4", instructions: POLICY, input: question, previous_response_id: previousResponseId });
}`,
      [{ messageId: "missingKey", text: "create" }],
    ),
    // workweave/router PR #1121: prompt_cache_key is only honoured by xAI's Responses API.
    invalid(
      `${xaiClient}export async function reply(conversationId: string, history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return xai.chat.completions.create({
    model: "grok-4",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
    prompt_cache_key: conversationId,
  });
}`,
      [{ messageId: "ignoredKey", text: "prompt_cache_key: conversationId" }],
    ),
    // vectorize-io/hindsight PR #2390: a new UUID as the key of every request.
    invalid(
      `import { randomUUID } from "node:crypto";
${openaiClient}export async function recall(memory: string, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1-mini",
    messages: [{ role: "system", content: POLICY }, { role: "user", content: memory }, { role: "user", content: question }],
    prompt_cache_key: randomUUID(),
  });
}`,
      [{ messageId: "volatileKey", text: "randomUUID()", after: "prompt_cache_key: " }],
    ),
    // A fresh conversation id in the request options of every call.
    invalid(
      `${xaiClient}export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return xai.chat.completions.create(
    { model: "grok-4", messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] },
    { headers: { "x-grok-conv-id": crypto.randomUUID() } },
  );
}`,
      [{ messageId: "volatileKey", text: "crypto.randomUUID()" }],
    ),
    // A request id made in the handler and used only as this request's key.
    invalid(
      `import { nanoid } from "nanoid";
${xaiClient}export async function handle(question: string) {
  const requestId = nanoid();
  return xai.responses.create({ model: "grok-4", instructions: POLICY, input: question, prompt_cache_key: requestId });
}`,
      [{ messageId: "volatileKey", text: "requestId", after: "prompt_cache_key: " }],
    ),
    // A client built per request with a random conversation id in its default headers.
    invalid(
      `import OpenAI from "openai";
import { v4 as uuidv4 } from "uuid";
${policy}export async function reply(question: string) {
  const grok = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1", defaultHeaders: { "x-grok-conv-id": uuidv4() } });
  return grok.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
}`,
      [{ messageId: "volatileKey", text: "uuidv4()" }],
    ),
    // Fireworks session affinity that includes the time: every request goes to a new replica.
    invalid(
      `import OpenAI from "openai";
${policy}const fireworks = new OpenAI({ apiKey: process.env.FIREWORKS_API_KEY, baseURL: "https://api.fireworks.ai/inference/v1" });
export async function reply(userId: string, question: string) {
  return fireworks.chat.completions.create(
    { model: "accounts/fireworks/models/llama-v3p1-70b-instruct", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] },
    { headers: { "x-session-affinity": \`\${userId}-\${Date.now()}\` } },
  );
}`,
      [{ messageId: "volatileKey", text: "`${userId}-${Date.now()}`" }],
    ),
    // A key helper that stamps the time, called for each request.
    invalid(
      `${openaiClient}function cacheKey(userId: string) {
  return \`\${userId}:\${Date.now()}\`;
}
export async function answer(userId: string, question: string) {
  return client.responses.create({ model: "gpt-4.1", instructions: POLICY, input: question, prompt_cache_key: cacheKey(userId) });
}`,
      [{ messageId: "volatileKey", text: "cacheKey(userId)" }],
    ),
    // OnlyTerp prompt-cache-skills audit: OpenAI requests without prompt_cache_key, when required.
    invalid(
      `${openaiClient}export async function review(diff: string) {
  return client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "system", content: POLICY }, { role: "user", content: diff }] });
}`,
      [{ messageId: "missingKey", text: "create" }],
      [{ requireKeyFor: ["openai"] }],
    ),
    // Mistral through the OpenAI SDK, when required.
    invalid(
      `import OpenAI from "openai";
${policy}const mistral = new OpenAI({ apiKey: process.env.MISTRAL_API_KEY, baseURL: "https://api.mistral.ai/v1" });
export async function answer(question: string) {
  return mistral.chat.completions.create({ model: "mistral-large-latest", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
}`,
      [{ messageId: "missingKey", text: "create" }],
      [{ requireKeyFor: ["xai", "mistral"] }],
    ),
    // A parameter of the same name in another function does not hide the module's xAI client.
    invalid(
      `${xaiClient}export function withClient(xai: OpenAI) {
  return xai.models.list();
}
export async function answer(question: string) {
  return xai.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
}`,
      [{ messageId: "missingHeader", text: "create" }],
    ),
    // A \`let\` client never assigned again is known: the twin of the reconnect case above.
    invalid(letGrok(""), [{ messageId: "missingHeader", text: "create" }]),
    // A wrapper declared in the settings is a request: a key made per call is reported even though its client is not known.
    {
      ...invalid(
        `import OpenAI from "openai";
${policy}const llm = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });
export const ask = (question: string) => llm.chat({ model: "grok-4", prompt_cache_key: crypto.randomUUID(), messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });`,
        [{ messageId: "volatileKey", text: "crypto.randomUUID()" }],
      ),
      settings: { "prompt-cache": { calls: [{ callee: "llm.chat", provider: "xai" }] } },
    },
    // The client is a class member constructed for xAI.
    invalid(
      `import OpenAI from "openai";
${policy}export class GrokAgent {
  private client = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });
  async step(history: OpenAI.ChatCompletionMessageParam[]) {
    return this.client.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: POLICY }, ...history] });
  }
}`,
      [{ messageId: "missingHeader", text: "create" }],
    ),
  ],
});
