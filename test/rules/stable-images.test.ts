import rule from "../../rules/stable-images.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const header = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const groqHeader = `import Groq from "groq-sdk";\nconst groq = new Groq();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const xaiHeader = `import OpenAI from "openai";\nconst xai = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const FLOORPLAN = `const FLOORPLAN = "https://cdn.example.com/warehouse-b/floorplan.png";\n`;

ruleTester.run("stable-images", rule, {
  valid: [
    // A per-request image in the final user message: nothing after it is reused.
    `${header}export async function ask(history: OpenAI.ChatCompletionMessageParam[], imageUrl: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: POLICY },
      ...history,
      { role: "user", content: [{ type: "text", text: "What is wrong in this screenshot?" }, { type: "image_url", image_url: { url: imageUrl, detail: "high" } }] },
    ],
  });
}`,
    // The same image with the same detail on every request, ahead of the history.
    `${header}${FLOORPLAN}export async function ask(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: POLICY },
      { role: "user", content: [{ type: "image_url", image_url: { url: FLOORPLAN, detail: "high" } }, { type: "text", text: "This is the warehouse floor plan." }] },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
    // An image from the environment is the same for the whole deployment.
    `${header}export async function ask(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "user", content: [{ type: "image_url", image_url: { url: process.env.BRAND_GUIDE_URL!, detail: "low" } }, { type: "text", text: "Our brand guide, for reference." }] },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
    // A single-turn OCR job: the image is the final message.
    `${header}export async function ocr(base64: string) {
  return client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: "Extract the text from the image. Return plain text only." },
      { role: "user", content: [{ type: "image_url", image_url: { url: \`data:image/png;base64,\${base64}\` } }] },
    ],
  });
}`,
    // The caller's setting, passed through: most often one per conversation.
    `${header}${FLOORPLAN}export async function ask(options: { detail: "low" | "high" }, history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "user", content: [{ type: "image_url", image_url: { url: FLOORPLAN, detail: options.detail } }, { type: "text", text: "The floor plan for reference." }] },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
    // An optional attachment in the final user message (Responses API).
    `${header}export async function ask(input: OpenAI.Responses.ResponseInputItem[], question: string, attachment?: string) {
  return client.responses.create({
    model: "gpt-4.1",
    instructions: POLICY,
    input: [...input, { role: "user", content: [{ type: "input_text", text: question }, ...(attachment ? [{ type: "input_image" as const, image_url: attachment, detail: "auto" as const }] : [])] }],
  });
}`,
    // The image this conversation is about: the same on every turn, followed only by its history.
    `${groqHeader}export async function discuss(imageUrl: string, history: any[], question: string) {
  return groq.chat.completions.create({
    model: "meta-llama/llama-4-scout-17b-16e-instruct",
    messages: [
      { role: "system", content: POLICY },
      { role: "user", content: [{ type: "text", text: "Here is the photo we are discussing:" }, { type: "image_url", image_url: { url: imageUrl } }] },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
    // Detail chosen once per deployment.
    `${xaiHeader}${FLOORPLAN}const DETAIL = process.env.LOW_BANDWIDTH === "1" ? "low" : "high";
export async function ask(history: any[], question: string) {
  return xai.chat.completions.create({
    model: "grok-4",
    messages: [
      { role: "user", content: [{ type: "image_url", image_url: { url: FLOORPLAN, detail: DETAIL } }, { type: "text", text: "The floor plan for reference." }] },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
    // An optional image right before the final question: nothing cacheable follows it.
    `${header}export async function ask(question: string, screenshot?: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: POLICY },
      ...(screenshot ? [{ role: "user" as const, content: [{ type: "image_url" as const, image_url: { url: screenshot } }] }] : []),
      { role: "user", content: question },
    ],
  });
}`,
  ],
  invalid: [
    // OpenAI: the detail parameter must be the same between requests.
    invalid(
      `${header}${FLOORPLAN}export async function ask(lowBandwidth: boolean, history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "user", content: [{ type: "text", text: "This is the warehouse floor plan." }, { type: "image_url", image_url: { url: FLOORPLAN, detail: lowBandwidth ? "low" : "high" } }] },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "changingImage", text: 'lowBandwidth ? "low" : "high"' }],
    ),
    // High detail on the first turn to read the plan, low afterwards to save tokens (Responses API).
    invalid(
      `${header}${FLOORPLAN}export async function ask(turn: number, input: OpenAI.Responses.ResponseInputItem[], question: string) {
  return client.responses.create({
    model: "gpt-4.1",
    input: [
      { role: "user", content: [{ type: "input_image", image_url: FLOORPLAN, detail: turn === 0 ? "high" : "low" }, { type: "input_text", text: "This is the warehouse floor plan." }] },
      ...input,
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "changingImage", text: 'turn === 0 ? "high" : "low"' }],
    ),
    // A logo added to the brand instructions on some requests only.
    invalid(
      `${header}const LOGO = "https://cdn.example.com/brand/logo.png";
export async function write(includeLogo: boolean, history: OpenAI.ChatCompletionMessageParam[], brief: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: "You write on-brand marketing copy." },
      { role: "user", content: [...(includeLogo ? [{ type: "image_url" as const, image_url: { url: LOGO } }] : []), { type: "text", text: POLICY }] },
      ...history,
      { role: "user", content: brief },
    ],
  });
}`,
      [{ messageId: "changingImage", text: "...(includeLogo ? [{ type: \"image_url\" as const, image_url: { url: LOGO } }] : [])" }],
    ),
    // Groq documents that a change in image usage invalidates the cache.
    invalid(
      `${groqHeader}export async function test(history: any[], question: string, screenshot?: string) {
  return groq.chat.completions.create({
    model: "meta-llama/llama-4-scout-17b-16e-instruct",
    messages: [
      { role: "system", content: POLICY },
      ...(screenshot ? [{ role: "user" as const, content: [{ type: "image_url" as const, image_url: { url: screenshot } }] }] : []),
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "changingImage", text: "...(screenshot ? [{ role: \"user\" as const, content: [{ type: \"image_url\" as const, image_url: { url: screenshot } }] }] : [])" }],
    ),
    // anthropics/claude-code#91705: the pasted image is sent on the first turn only.
    invalid(
      `${xaiHeader}export async function chat(turn: number, pasted: string, history: any[], message: string) {
  return xai.chat.completions.create({
    model: "grok-4",
    messages: [
      { role: "system", content: POLICY },
      ...(turn === 0 ? [{ role: "user" as const, content: [{ type: "image_url" as const, image_url: { url: pasted } }] }] : []),
      ...history,
      { role: "user", content: message },
    ],
  });
}`,
      [{ messageId: "changingImage", text: "...(turn === 0 ? [{ role: \"user\" as const, content: [{ type: \"image_url\" as const, image_url: { url: pasted } }] }] : [])" }],
    ),
    // Detail lowered once the conversation holds many attachments.
    invalid(
      `${header}${FLOORPLAN}export async function ask(attachments: string[], history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: POLICY },
      { role: "user", content: [{ type: "image_url", image_url: { url: FLOORPLAN, detail: attachments.length > 3 ? "low" : "high" } }] },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "changingImage", text: 'attachments.length > 3 ? "low" : "high"' }],
    ),
    // A \`let\` lowered as the conversation grows.
    invalid(
      `${header}${FLOORPLAN}export async function ask(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  let detail: "low" | "high" = "high";
  if (history.length > 20) detail = "low";
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "user", content: [{ type: "image_url", image_url: { url: FLOORPLAN, detail } }, { type: "text", text: "The floor plan for reference." }] },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "changingImage", text: "detail", after: "url: FLOORPLAN, " }],
    ),
    // Responses API: an example image in the developer message on some requests, before the few-shot turns.
    invalid(
      `${header}const EXAMPLE = "https://cdn.example.com/examples/damaged-parcel.jpg";
const FEW_SHOT = [
  { role: "user" as const, content: "Parcel arrived with a torn corner, contents intact." },
  { role: "assistant" as const, content: "Category: packaging damage. Refund: none. Apology voucher: yes." },
];
export async function classify(showExample: boolean, report: string) {
  return client.responses.create({
    model: "gpt-4.1",
    input: [
      { role: "developer", content: [{ type: "input_text", text: POLICY }, ...(showExample ? [{ type: "input_image" as const, image_url: EXAMPLE, detail: "low" as const }] : [])] },
      ...FEW_SHOT,
      { role: "user", content: report },
    ],
  });
}`,
      [{ messageId: "changingImage", text: "...(showExample ? [{ type: \"input_image\" as const, image_url: EXAMPLE, detail: \"low\" as const }] : [])" }],
    ),
  ],
});
