import rule from "../../rules/min-cacheable-prefix.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const header = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
/** A handbook of about 1,500 tokens: well above OpenAI's 1,024-token minimum. */
const HANDBOOK = Array.from({ length: 20 }, (_, index) => `Section ${index + 1}. ${POLICY}`).join("\n");
const handbook = `const HANDBOOK = ${JSON.stringify(HANDBOOK)};\n`;

ruleTester.run("min-cacheable-prefix", rule, {
  valid: [
    // A static prefix of about 1,500 tokens.
    `${header}${handbook}export async function answer(question: string) {
  return client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "system", content: HANDBOOK }, { role: "user", content: question }] });
}`,
    // The prefix ends at an imported prompt the analyzer cannot see.
    `import OpenAI from "openai";
import { SUPPORT_PROMPT } from "./prompts";
const client = new OpenAI();
export async function answer(question: string) {
  return client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "system", content: SUPPORT_PROMPT }, { role: "user", content: question }] });
}`,
    // The conversation history follows: the shared prefix grows with every turn.
    `${header}export async function chat(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`,
    // A per-document value may repeat across requests (many questions about one contract).
    `${header}export async function ask(contract: string, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: POLICY }, { role: "user", content: contract }, { role: "user", content: question }],
  });
}`,
    // Earlier turns stored by the provider come before the new input.
    `${header}export async function reply(previousResponseId: string, question: string) {
  return client.responses.create({ model: "gpt-4.1", instructions: POLICY, input: question, previous_response_id: previousResponseId });
}`,
    // xAI publishes no minimum.
    `import OpenAI from "openai";
const xai = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });
export async function answer(question: string) {
  return xai.chat.completions.create({ model: "grok-4", messages: [{ role: "system", content: "You are Grok." }, { role: "user", content: question }] }, { headers: { "x-grok-conv-id": "faq" } });
}`,
    // The system prompt comes from the environment: its length is unknown.
    `${header}export async function answer(question: string) {
  return client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "system", content: process.env.SYSTEM_PROMPT! }, { role: "user", content: question }] });
}`,
    // A body spread from elsewhere may add tools or instructions.
    `${header}export async function answer(defaults: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming>, question: string) {
  return client.chat.completions.create({ ...defaults, model: "gpt-4.1", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
}`,
    // A fine-tuned model id the model table does not know.
    `${header}export async function classify(ticket: string) {
  return client.chat.completions.create({ model: "ft:gpt-4.1-mini:acme::9aBcD", messages: [{ role: "system", content: POLICY }, { role: "user", content: ticket }] });
}`,
    // Groq publishes no per-model minimum.
    `import Groq from "groq-sdk";
const groq = new Groq();
export async function answer(question: string) {
  return groq.chat.completions.create({ model: "openai/gpt-oss-120b", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: question }] });
}`,
    // The SDK's tool loop sends each step again with the earlier ones in front.
    `${header}async function searchDocs(args: { query: string }) {
  return \`Results for \${args.query}\`;
}
export async function agent(task: string) {
  return client.chat.completions.runTools({
    model: "gpt-4.1",
    tools: [{ type: "function", function: { name: "search_docs", function: searchDocs, parameters: { type: "object", properties: { query: { type: "string" } } } } }],
    messages: [{ role: "system", content: POLICY }, { role: "user", content: task }],
  });
}`,
    // A request that is only its final message (a one-off question, an SDK's example script) has
    // no fixed part in front of it to grow.
    `import OpenAI from "openai";
const client = new OpenAI();
export async function dailyTip() {
  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Give one short productivity tip for software engineers." }] });
}`,
    // The same with a JSON output format (Mistral's SDK examples do this).
    `import OpenAI from "openai";
const client = new OpenAI();
export async function dailyTip() {
  return client.chat.completions.create({
    model: "gpt-4o-mini",
    response_format: { type: "json_object" },
    messages: [{ role: "user", content: "Give one short productivity tip for software engineers, as JSON with a tip field." }],
  });
}`,
  ],
  invalid: [
    // vercel/ai#4335: a short system prompt and the question: nothing is ever cached.
    invalid(
      `${header}export async function answer(question: string) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
}`,
      [{ messageId: "belowMinimum", text: "create" }],
    ),
    // Responses API with short instructions.
    invalid(
      `${header}export async function plan(task: string) {
  return client.responses.create({ model: "gpt-4.1", instructions: POLICY, input: task });
}`,
      [{ messageId: "belowMinimum", text: "create" }],
    ),
    // The time ends the shared prefix early, before the long handbook.
    invalid(
      `${header}${handbook}export async function answer(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nNow: \${new Date().toISOString()}\\n\${HANDBOOK}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "belowMinimum", text: "create" }],
    ),
    // Few-shot examples that are still far from the minimum.
    invalid(
      `${header}export async function classify(ticket: string) {
  return client.chat.completions.create({
    model: "gpt-4.1-mini",
    messages: [
      { role: "system", content: POLICY },
      { role: "user", content: "My invoice shows two charges for March." },
      { role: "assistant", content: "billing" },
      { role: "user", content: "The dashboard has been down since 9am." },
      { role: "assistant", content: "outage" },
      { role: "user", content: ticket },
    ],
  });
}`,
      [{ messageId: "belowMinimum", text: "create" }],
    ),
    // Tool definitions count, and still fall short.
    invalid(
      `${header}export async function lookup(question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    tools: [
      {
        type: "function",
        function: {
          name: "get_order",
          description: "Look up an order by its number.",
          parameters: { type: "object", properties: { orderNumber: { type: "string", description: "The order number, e.g. A-1042" } }, required: ["orderNumber"] },
        },
      },
    ],
    messages: [{ role: "system", content: POLICY }, { role: "user", content: question }],
  });
}`,
      [{ messageId: "belowMinimum", text: "create" }],
    ),
    // Mistral caches 64-token blocks; a one-line system prompt is below one block.
    invalid(
      `import OpenAI from "openai";
const mistral = new OpenAI({ apiKey: process.env.MISTRAL_API_KEY, baseURL: "https://api.mistral.ai/v1" });
export async function answer(question: string) {
  return mistral.chat.completions.create({ model: "mistral-small-latest", messages: [{ role: "system", content: "Answer in French." }, { role: "user", content: question }] });
}`,
      [{ messageId: "belowMinimum", text: "create" }],
    ),
    // DeepSeek's 64-token storage unit.
    invalid(
      `import OpenAI from "openai";
const deepseek = new OpenAI({ apiKey: process.env.DEEPSEEK_API_KEY, baseURL: "https://api.deepseek.com" });
export async function translate(text: string) {
  return deepseek.chat.completions.create({ model: "deepseek-chat", messages: [{ role: "system", content: "Translate to English." }, { role: "user", content: text }] });
}`,
      [{ messageId: "belowMinimum", text: "create" }],
    ),
    // A random id right after a short instruction, on a streamed call.
    invalid(
      `${header}${handbook}export function stream(question: string) {
  return client.chat.completions.stream({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nTrace: \${crypto.randomUUID()}\\n\${HANDBOOK}\` }, { role: "user", content: question }],
  });
}`,
      [{ messageId: "belowMinimum", text: "stream", after: "completions." }],
    ),
  ],
});
