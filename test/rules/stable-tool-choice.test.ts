import rule from "../../rules/stable-tool-choice.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const header = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const groqHeader = `import Groq from "groq-sdk";\nconst groq = new Groq();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const xaiHeader = `import OpenAI from "openai";\nconst xai = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const TOOLS = `const TOOLS = [
  { type: "function" as const, function: { name: "lookup_order", description: "Look up an order by id.", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } } },
  { type: "function" as const, function: { name: "issue_refund", description: "Refund an order.", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } } },
];
`;

ruleTester.run("stable-tool-choice", rule, {
  valid: [
    // One constant value for every request.
    `${header}${TOOLS}export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    tools: TOOLS,
    tool_choice: "auto",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}`,
    // Configuration from the environment is the same for every request of the deployment.
    `${header}${TOOLS}export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    tools: TOOLS,
    tool_choice: process.env.SUPPORT_TOOL_CHOICE as OpenAI.ChatCompletionToolChoiceOption,
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}`,
    // A forced function, the same on every request (Groq).
    `${groqHeader}${TOOLS}const FORCE_LOOKUP = { type: "function", function: { name: "lookup_order" } } as const;
export async function triage(history: any[], ticket: string) {
  return groq.chat.completions.create({
    model: "openai/gpt-oss-120b",
    tools: TOOLS,
    tool_choice: FORCE_LOOKUP,
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: ticket }],
  });
}`,
    // OpenAI's allowed_tools form narrows the tools per request and stays out of the cached prefix.
    `${header}const TOOLS = [
  { type: "function" as const, name: "lookup_order", description: "Look up an order by id.", parameters: { type: "object", properties: {} }, strict: false },
  { type: "function" as const, name: "issue_refund", description: "Refund an order.", parameters: { type: "object", properties: {} }, strict: false },
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
    // "auto" or left out is the same choice whenever tools are sent.
    `${header}export async function complete(messages: OpenAI.ChatCompletionMessageParam[], tools: OpenAI.ChatCompletionTool[]) {
  return client.chat.completions.create({ model: "gpt-4o-mini", messages, tools, tool_choice: tools.length > 0 ? "auto" : undefined });
}`,
    // Imported from another module: unknown to single-file analysis, never reported.
    `import OpenAI from "openai";
import { TOOL_CHOICE, TOOLS } from "./agent-config";
const client = new OpenAI();
export async function step(messages: OpenAI.ChatCompletionMessageParam[]) {
  return client.chat.completions.create({ model: "gpt-4.1", messages, tools: TOOLS, tool_choice: TOOL_CHOICE });
}`,
    // A module-level \`let\` that is never reassigned is a constant.
    `${xaiHeader}${TOOLS}let toolChoice: "auto" | "required" = "required";
export async function extract(history: any[], document: string) {
  return xai.chat.completions.create({
    model: "grok-4",
    tools: TOOLS,
    tool_choice: toolChoice,
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: document }],
  });
}`,
    // Chosen once when the module loads, from the deployment's configuration.
    `${xaiHeader}${TOOLS}const MODE = process.env.AGENT_MODE === "strict" ? "required" : "auto";
export async function step(history: any[], task: string) {
  return xai.chat.completions.create({ model: "grok-4", tools: TOOLS, tool_choice: MODE, messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: task }] });
}`,
    // A single-turn extraction job forces the same function on every request.
    `${header}${TOOLS}export async function classify(ticket: string) {
  return client.chat.completions.create({
    model: "gpt-4o-mini",
    tools: TOOLS,
    tool_choice: { type: "function", function: { name: "lookup_order" } },
    messages: [{ role: "system", content: POLICY }, { role: "user", content: ticket }],
  });
}`,
    // AI SDK: one constant \`toolChoice\`.
    `import { generateText, type ToolSet } from "ai";
import { openai } from "@ai-sdk/openai";
const POLICY = ${JSON.stringify(POLICY)};
export async function act(tools: ToolSet, messages: Parameters<typeof generateText>[0]["messages"]) {
  return generateText({ model: openai("gpt-4.1"), system: POLICY, tools, toolChoice: "required", messages });
}`,
  ],
  invalid: [
    // Forcing a tool on the first turn only: the second turn misses the cache (OsmnvAslan cachelint CL003).
    invalid(
      `${header}${TOOLS}export async function reply(history: OpenAI.ChatCompletionMessageParam[], question: string, turn: number) {
  return client.chat.completions.create({
    model: "gpt-4o",
    tools: TOOLS,
    tool_choice: turn === 0 ? "required" : "auto",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "changingToolChoiceAllowedTools", text: 'turn === 0 ? "required" : "auto"' }],
    ),
    // The caller picks the choice per request (Groq documents that a changed tool_choice invalidates the cache).
    invalid(
      `${groqHeader}${TOOLS}export async function triage(history: any[], ticket: string, choice: "auto" | "none" | "required") {
  return groq.chat.completions.create({
    model: "openai/gpt-oss-120b",
    tools: TOOLS,
    tool_choice: choice,
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: ticket }],
  });
}`,
      [{ messageId: "changingToolChoice", text: "choice", after: "tool_choice: " }],
    ),
    // An agent loop that forces a tool call first, then lets the model decide.
    invalid(
      `${header}${TOOLS}export async function runAgent(messages: OpenAI.ChatCompletionMessageParam[]) {
  let toolChoice: OpenAI.ChatCompletionToolChoiceOption = "required";
  for (let step = 0; step < 8; step++) {
    const response = await client.chat.completions.create({ model: "gpt-4.1", tools: TOOLS, tool_choice: toolChoice, messages });
    messages.push(response.choices[0]!.message);
    toolChoice = "auto";
  }
}`,
      [{ messageId: "changingToolChoiceAllowedTools", text: "toolChoice", after: "tool_choice: " }],
    ),
    // strands-agents/harness-sdk PR #4097: a retry that forces the schema tool.
    invalid(
      `${groqHeader}${TOOLS}export async function extract(history: any[], attempt: number) {
  const tool_choice = attempt > 0 ? ({ type: "function", function: { name: "lookup_order" } } as const) : "auto";
  return groq.chat.completions.create({ model: "openai/gpt-oss-120b", tools: TOOLS, tool_choice, messages: [{ role: "system", content: POLICY }, ...history] });
}`,
      [{ messageId: "changingToolChoice", text: "tool_choice", after: "tools: TOOLS, " }],
    ),
    // xAI: the last step of an agent forbids tools to force an answer.
    invalid(
      `${xaiHeader}${TOOLS}const MAX_STEPS = 8;
export async function step(history: any[], task: string, stepIndex: number) {
  return xai.chat.completions.create({
    model: "grok-4",
    tools: TOOLS,
    tool_choice: stepIndex >= MAX_STEPS - 1 ? "none" : "auto",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: task }],
  });
}`,
      [{ messageId: "changingToolChoice", text: 'stepIndex >= MAX_STEPS - 1 ? "none" : "auto"' }],
    ),
    // Responses API: web search forced when the state asks for it.
    invalid(
      `${header}export async function research(state: { needsSearch: boolean }, input: OpenAI.Responses.ResponseInput) {
  return client.responses.create({
    model: "gpt-4.1",
    instructions: POLICY,
    tools: [{ type: "web_search_preview" }],
    tool_choice: state.needsSearch ? { type: "web_search_preview" } : "auto",
    input,
  });
}`,
      [{ messageId: "changingToolChoiceAllowedTools", text: 'state.needsSearch ? { type: "web_search_preview" } : "auto"' }],
    ),
    // The forced function is named per request.
    invalid(
      `${header}${TOOLS}export async function act(history: OpenAI.ChatCompletionMessageParam[], toolName: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    tools: TOOLS,
    tool_choice: { type: "function", function: { name: toolName } },
    messages: [{ role: "system", content: POLICY }, ...history],
  });
}`,
      [{ messageId: "changingToolChoiceAllowedTools", text: "{ type: \"function\", function: { name: toolName } }" }],
    ),
    // microsoft/vscode PR #323594: switching modes mid-session; here the plan mode disables tools.
    invalid(
      `${groqHeader}${TOOLS}export async function chat(session: { mode: "plan" | "act"; history: any[] }, message: string) {
  return groq.chat.completions.create({
    model: "moonshotai/kimi-k2-instruct-0905",
    tools: TOOLS,
    tool_choice: session.mode === "plan" ? "none" : "auto",
    messages: [{ role: "system", content: POLICY }, ...session.history, { role: "user", content: message }],
  });
}`,
      [{ messageId: "changingToolChoice", text: 'session.mode === "plan" ? "none" : "auto"' }],
    ),
    // A per-call option of a shared wrapper, defaulting to "auto".
    invalid(
      `${xaiHeader}${TOOLS}export async function ask(history: any[], question: string, options: { toolChoice?: "auto" | "required" | "none" } = {}) {
  return xai.chat.completions.create({
    model: "grok-4",
    tools: TOOLS,
    tool_choice: options.toolChoice ?? "auto",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "changingToolChoice", text: 'options.toolChoice ?? "auto"' }],
    ),
    // AI SDK on Anthropic: a tool forced by name per request drops the cached messages.
    invalid(
      `import { generateText, type ToolSet } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
const POLICY = ${JSON.stringify(POLICY)};
export async function act(tools: ToolSet, messages: Parameters<typeof generateText>[0]["messages"], toolName: string) {
  return generateText({ model: anthropic("claude-sonnet-4-5"), system: POLICY, tools, toolChoice: { type: "tool", toolName }, messages });
}`,
      [{ messageId: "changingToolChoice", text: "{ type: \"tool\", toolName }" }],
    ),
  ],
});
