import rule from "../../rules/stable-tools.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const header = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const groqHeader = `import Groq from "groq-sdk";\nconst groq = new Groq();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const xaiHeader = `import OpenAI from "openai";\nconst xai = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const aiHeader = `import { generateText, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";
const POLICY = ${JSON.stringify(POLICY)};
const lookupOrder = tool({ description: "Look up an order by id.", inputSchema: z.object({ id: z.string() }), execute: async ({ id }) => ({ id }) });
const issueRefund = tool({ description: "Refund an order.", inputSchema: z.object({ id: z.string() }), execute: async ({ id }) => ({ id, refunded: true }) });
`;
const mcpHeader = `import OpenAI from "openai";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
const client = new OpenAI();
const mcp = new Client({ name: "support-bot", version: "1.0.0" });
const POLICY = ${JSON.stringify(POLICY)};
`;
const TOOLS = `const lookupOrder = { type: "function" as const, function: { name: "lookup_order", description: "Look up an order by id.", parameters: { type: "object", properties: { id: { type: "string" } } } } };
const issueRefund = { type: "function" as const, function: { name: "issue_refund", description: "Refund an order.", parameters: { type: "object", properties: { id: { type: "string" } } } } };
const TOOLS = [lookupOrder, issueRefund];
`;

const BROWSE = `const browse = { type: "function" as const, function: { name: "browse", description: "Open a web page.", parameters: {} } };\n`;

/** A reply whose tools are TOOLS and `browse`, added by `pushing` (statements that push it). */
function pushedBrowse(params: string, pushing: string): string {
  return `${header}${TOOLS}${BROWSE}export async function reply(${params ? `${params}, ` : ""}history: OpenAI.ChatCompletionMessageParam[], question: string) {
  const tools = [...TOOLS];
${pushing}
  return client.chat.completions.create({ model: "gpt-4o", tools, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`;
}

ruleTester.run("stable-tools", rule, {
  valid: [
    // The same constant list on every request.
    `${header}${TOOLS}export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({ model: "gpt-4o", tools: TOOLS, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`,
    // Built by \`.map\` over a constant object, with a pure function, inside the request function.
    `${header}const TOOL_SPECS = { lookup_order: "Look up an order by id.", issue_refund: "Refund an order." };
export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  const tools = Object.entries(TOOL_SPECS).map(([name, description]) => ({ type: "function" as const, function: { name, description, parameters: { type: "object", properties: {} } } }));
  return client.chat.completions.create({ model: "gpt-4o", tools, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`,
    // A filter over static data keeps the same tools every time.
    `${header}const ALL_TOOLS = [
  { enabled: true, type: "function" as const, function: { name: "lookup_order", description: "Look up an order by id.", parameters: {} } },
  { enabled: false, type: "function" as const, function: { name: "issue_refund", description: "Refund an order.", parameters: {} } },
];
export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    tools: ALL_TOOLS.filter((t) => t.enabled).map(({ enabled, ...tool }) => tool),
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}`,
    // MCP tools sorted by name after listing (langchain-ai/deepagents PR #2497's fix).
    `${mcpHeader}export async function step(history: OpenAI.ChatCompletionMessageParam[], task: string) {
  const { tools: listed } = await mcp.listTools();
  const tools = listed
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((tool) => ({ type: "function" as const, function: { name: tool.name, description: tool.description, parameters: tool.inputSchema } }));
  return client.chat.completions.create({ model: "gpt-4.1", tools, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: task }] });
}`,
    // Chosen from the environment once per deployment.
    `${groqHeader}${TOOLS}const tools = process.env.REFUNDS_ENABLED === "1" ? TOOLS : TOOLS.slice(0, 1);
export async function triage(history: any[], ticket: string) {
  return groq.chat.completions.create({ model: "openai/gpt-oss-120b", tools, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: ticket }] });
}`,
    // A tools list the caller passes in is the caller's to keep stable.
    `${header}export async function complete(messages: OpenAI.ChatCompletionMessageParam[], tools: OpenAI.ChatCompletionTool[]) {
  return client.chat.completions.create({ model: "gpt-4o-mini", messages, tools });
}`,
    // The caller's tool set converted to the API's shape.
    `${xaiHeader}export async function runAgent(history: any[], task: string, toolset: Record<string, { description: string; schema: object }>) {
  const tools = Object.entries(toolset).map(([name, tool]) => ({ type: "function" as const, function: { name, description: tool.description, parameters: tool.schema } }));
  return xai.chat.completions.create({ model: "grok-4", tools, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: task }] });
}`,
    // Pushed in a loop over a constant object: the same list every time.
    `${header}const DEFINITIONS = { lookup_order: "Look up an order by id.", issue_refund: "Refund an order." };
export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  const tools: OpenAI.ChatCompletionTool[] = [];
  for (const [name, description] of Object.entries(DEFINITIONS)) tools.push({ type: "function", function: { name, description, parameters: {} } });
  return client.chat.completions.create({ model: "gpt-4o", tools, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`,
    // Listed once when the module loads: one order for the life of the process.
    `${mcpHeader}const { tools: listed } = await mcp.listTools();
const tools = listed.map((tool) => ({ type: "function" as const, function: { name: tool.name, description: tool.description, parameters: tool.inputSchema } }));
export async function step(history: OpenAI.ChatCompletionMessageParam[], task: string) {
  return client.chat.completions.create({ model: "gpt-4.1", tools, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: task }] });
}`,
    // Responses API with the per-request narrowing done by allowed_tools, not by the list.
    `${header}const TOOLS = [
  { type: "function" as const, name: "lookup_order", description: "Look up an order by id.", parameters: {}, strict: false },
  { type: "function" as const, name: "issue_refund", description: "Refund an order.", parameters: {}, strict: false },
];
export async function step(input: OpenAI.Responses.ResponseInput, allowed: string[]) {
  return client.responses.create({
    model: "gpt-4.1",
    instructions: POLICY,
    tools: TOOLS,
    tool_choice: { type: "allowed_tools", mode: "auto", tools: allowed.map((name) => ({ type: "function" as const, name })) },
    input,
  });
}`,
    // Pushes decided per deployment, under nested \`if\`s and a \`switch\`: the same list on every request.
    pushedBrowse(
      "",
      `  if (process.env.BROWSING === "on") {
    if (process.env.REGION !== "eu") tools.push(browse);
  }
  switch (process.env.PLAN) {
    case "pro":
      tools.push(browse);
      break;
  }`,
    ),
    // AI SDK: a constant tools object, sent in its own key order every time.
    `${aiHeader}const tools = { lookupOrder, issueRefund };
export async function reply(messages: Parameters<typeof generateText>[0]["messages"]) {
  return generateText({ model: openai("gpt-4.1"), system: POLICY, tools, toolChoice: "auto", messages });
}`,
  ],
  invalid: [
    // openclaw/openclaw#146902: the tool set differs per user within one session.
    invalid(
      `${header}${TOOLS}export async function reply(user: { isAdmin: boolean }, history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    tools: TOOLS.filter((tool) => user.isAdmin || tool.function.name !== "issue_refund"),
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "changingTools", text: 'TOOLS.filter((tool) => user.isAdmin || tool.function.name !== "issue_refund")' }],
    ),
    // A conditional spread adds tools on some requests only.
    invalid(
      `${header}${TOOLS}const ADMIN_TOOLS = [{ type: "function" as const, function: { name: "close_account", description: "Close an account.", parameters: {} } }];
export async function reply(isAdmin: boolean, history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    tools: [...TOOLS, ...(isAdmin ? ADMIN_TOOLS : [])],
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "changingTools", text: "isAdmin ? ADMIN_TOOLS : []" }],
    ),
    // A push that runs on some turns only.
    invalid(pushedBrowse("session: { browsing: boolean }", "  if (session.browsing) tools.push(browse);"), [{ messageId: "changingTools", text: "tools.push(browse)" }]),
    // The outer \`if\` decides per request, though the inner one is a deployment setting.
    invalid(
      pushedBrowse(
        "session: { browsing: boolean }",
        `  if (session.browsing) {
    if (process.env.BROWSING === "on") tools.push(browse);
  }`,
      ),
      [{ messageId: "changingTools", text: "tools.push(browse)" }],
    ),
    // A \`switch\` on the user's plan adds a tool on some requests only.
    invalid(
      pushedBrowse(
        'plan: "free" | "pro"',
        `  switch (plan) {
    case "pro":
      tools.push(browse);
      break;
  }`,
      ),
      [{ messageId: "changingTools", text: "tools.push(browse)" }],
    ),
    // An agent loop: the tool is pushed on some users' turns, and each turn sends the list.
    invalid(
      `${header}${TOOLS}${BROWSE}export async function run(user: { pro: boolean }, steps: string[], history: OpenAI.ChatCompletionMessageParam[]) {
  const tools = [...TOOLS];
  for (const step of steps) {
    if (user.pro) tools.push(browse);
    history.push({ role: "user", content: step });
    await client.chat.completions.create({ model: "gpt-4o", tools, messages: [{ role: "system", content: POLICY }, ...history] });
  }
}`,
      [{ messageId: "changingTools", text: "tools.push(browse)" }],
    ),
    // \`switch (true)\`: the case's own test decides; under \`default\`, every case test, also one written after it.
    invalid(
      pushedBrowse(
        "session: { pro: boolean; beta: boolean }",
        `  switch (true) {
    case session.pro:
      tools.push(browse);
  }
  switch (true) {
    default:
      tools.push(browse);
      break;
    case session.beta:
      break;
  }`,
      ),
      [
        { messageId: "changingTools", text: "tools.push(browse)", after: "case session.pro:\n      " },
        { messageId: "changingTools", text: "tools.push(browse)", after: "default:\n      " },
      ],
    ),
    // Sorted by how often each tool was used: the order moves between requests.
    invalid(
      `${header}${TOOLS}export async function reply(usage: Record<string, number>, history: OpenAI.ChatCompletionMessageParam[], question: string) {
  const tools = [...TOOLS].sort((a, b) => (usage[b.function.name] ?? 0) - (usage[a.function.name] ?? 0));
  return client.chat.completions.create({ model: "gpt-4o", tools, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`,
      [{ messageId: "unorderedTools", text: "[...TOOLS].sort((a, b) => (usage[b.function.name] ?? 0) - (usage[a.function.name] ?? 0))" }],
    ),
    // can1357/oh-my-pi PR #890: MCP tools listed per request, in the server's order.
    invalid(
      `${mcpHeader}export async function step(history: OpenAI.ChatCompletionMessageParam[], task: string) {
  const { tools: listed } = await mcp.listTools();
  const tools = listed.map((tool) => ({ type: "function" as const, function: { name: tool.name, description: tool.description, parameters: tool.inputSchema } }));
  return client.chat.completions.create({ model: "gpt-4.1", tools, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: task }] });
}`,
      [{ messageId: "unorderedTools", text: "mcp.listTools()" }],
    ),
    // strands-agents/harness-sdk PR #4097: a forced retry narrows the tools to the schema tool.
    invalid(
      `${groqHeader}${TOOLS}export async function extract(history: any[], attempt: number) {
  return groq.chat.completions.create({
    model: "openai/gpt-oss-120b",
    tools: attempt > 0 ? TOOLS.filter((tool) => tool.function.name === "lookup_order") : TOOLS,
    messages: [{ role: "system", content: POLICY }, ...history],
  });
}`,
      [{ messageId: "changingTools", text: 'attempt > 0 ? TOOLS.filter((tool) => tool.function.name === "lookup_order") : TOOLS' }],
    ),
    // Responses API: the tools enabled for this request only.
    invalid(
      `${header}const TOOLS = [
  { type: "function" as const, name: "lookup_order", description: "Look up an order by id.", parameters: {}, strict: false },
  { type: "function" as const, name: "issue_refund", description: "Refund an order.", parameters: {}, strict: false },
];
export async function step(input: OpenAI.Responses.ResponseInput, enabled: string[]) {
  return client.responses.create({ model: "gpt-4.1", instructions: POLICY, tools: TOOLS.filter((tool) => enabled.includes(tool.name)), input });
}`,
      [{ messageId: "changingTools", text: "TOOLS.filter((tool) => enabled.includes(tool.name))" }],
    ),
    // An element left out on some requests by \`.filter(Boolean)\`.
    invalid(
      `${header}${TOOLS}export async function reply(user: { isAdmin: boolean }, history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    tools: [lookupOrder, user.isAdmin && issueRefund].filter(Boolean) as OpenAI.ChatCompletionTool[],
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "changingTools", text: "user.isAdmin && issueRefund" }],
    ),
    // Tools picked by a Set of names built from the request.
    invalid(
      `${header}${TOOLS}const TOOL_DEFS: Record<string, OpenAI.ChatCompletionTool> = { lookup_order: lookupOrder, issue_refund: issueRefund };
export async function reply(requested: string[], history: OpenAI.ChatCompletionMessageParam[], question: string) {
  const names = new Set(requested);
  return client.chat.completions.create({
    model: "gpt-4o",
    tools: [...names].map((name) => TOOL_DEFS[name]!),
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "changingTools", text: "new Set(requested)" }],
    ),
    // xAI: the final steps of an agent send a smaller tool set.
    invalid(
      `${xaiHeader}${TOOLS}const FINAL_TOOLS = [lookupOrder];
export async function step(history: any[], task: string, stepIndex: number) {
  return xai.chat.completions.create({
    model: "grok-4",
    tools: stepIndex >= 5 ? FINAL_TOOLS : TOOLS,
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: task }],
  });
}`,
      [{ messageId: "changingTools", text: "stepIndex >= 5 ? FINAL_TOOLS : TOOLS" }],
    ),
    // AI SDK: \`activeTools\` drops the inactive tools from the request, so each choice is a new prefix.
    invalid(
      `${aiHeader}const tools = { lookupOrder, issueRefund };
export async function reply(user: { isAdmin: boolean }, messages: Parameters<typeof generateText>[0]["messages"]) {
  return generateText({
    model: openai("gpt-4.1"),
    system: POLICY,
    tools,
    activeTools: user.isAdmin ? ["lookupOrder", "issueRefund"] : ["lookupOrder"],
    messages,
  });
}`,
      [{ messageId: "changingTools", text: 'user.isAdmin ? ["lookupOrder", "issueRefund"] : ["lookupOrder"]' }],
    ),
    // AI SDK: a tools object with a conditional spread.
    invalid(
      `${aiHeader}export async function reply(isAdmin: boolean, messages: Parameters<typeof generateText>[0]["messages"]) {
  return generateText({ model: openai("gpt-4.1"), system: POLICY, tools: { lookupOrder, ...(isAdmin ? { issueRefund } : {}) }, messages });
}`,
      [{ messageId: "changingTools", text: "isAdmin ? { issueRefund } : {}" }],
    ),
  ],
});
