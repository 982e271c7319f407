import rule from "../../rules/provider-constraints.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const header = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const ai = `import { generateText, streamText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nconst POLICY = ${JSON.stringify(POLICY)};\n`;

ruleTester.run("provider-constraints", rule, {
  valid: [
    // Explicit mode with a breakpoint at the end of the stable part.
    `${header}export async function review(contract: string, question: string) {
  return client.chat.completions.create({
    model: "gpt-5.6",
    messages: [
      { role: "system", content: POLICY },
      { role: "user", content: [{ type: "text", text: contract, prompt_cache_breakpoint: { mode: "explicit" } }, { type: "text", text: question }] },
    ],
    prompt_cache_options: { mode: "explicit" },
  });
}`,
    // The same on the Responses API.
    `${header}export async function review(contract: string, question: string) {
  return client.responses.create({
    model: "gpt-5.6",
    instructions: POLICY,
    input: [{ role: "user", content: [{ type: "input_text", text: contract, prompt_cache_breakpoint: { mode: "explicit" } }, { type: "input_text", text: question }] }],
    prompt_cache_options: { mode: "explicit", ttl: "30m" },
  });
}`,
    // Implicit mode needs no breakpoint.
    `${header}export async function answer(question: string) {
  return client.responses.create({ model: "gpt-5.6", instructions: POLICY, input: question, prompt_cache_options: { mode: "implicit", ttl: "30m" } });
}`,
    // The history may carry breakpoints written in earlier turns.
    `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-5.6",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
    prompt_cache_options: { mode: "explicit" },
  });
}`,
    // Stored turns of previous_response_id may carry breakpoints.
    `${header}export async function answer(previousResponseId: string, question: string) {
  return client.responses.create({ model: "gpt-5.6", instructions: POLICY, input: question, previous_response_id: previousResponseId, prompt_cache_options: { mode: "explicit" } });
}`,
    // Content of unknown shape may be a list of parts with a breakpoint.
    `${header}export async function answer(request: { content: OpenAI.ChatCompletionContentPart[] }) {
  return client.chat.completions.create({
    model: "gpt-5.6",
    messages: [{ role: "system", content: POLICY }, { role: "user", content: request.content }],
    prompt_cache_options: { mode: "explicit" },
  });
}`,
    // The mode comes from the environment.
    `${header}export async function answer(question: string) {
  return client.chat.completions.create({
    model: "gpt-5.6",
    messages: [{ role: "system", content: POLICY }, { role: "user", content: question }],
    prompt_cache_options: { mode: process.env.CACHE_MODE as "explicit" | "implicit" },
  });
}`,
    // No cache options at all.
    `${header}export async function answer(question: string) {
  return client.chat.completions.create({ model: "gpt-5.6", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });
}`,
    // Not OpenAI: the constraint is OpenAI's.
    `import OpenAI from "openai";
const POLICY = ${JSON.stringify(POLICY)};
const groq = new OpenAI({ apiKey: process.env.GROQ_API_KEY, baseURL: "https://api.groq.com/openai/v1" });
export async function answer(question: string) {
  return groq.chat.completions.create({
    model: "openai/gpt-oss-120b",
    messages: [{ role: "system", content: POLICY }, { role: "user", content: question }],
    prompt_cache_options: { mode: "explicit" },
  });
}`,
  ],
  invalid: [
    // Explicit mode on Chat Completions, and no part is marked.
    invalid(
      `${header}export async function answer(question: string) {
  return client.chat.completions.create({
    model: "gpt-5.6",
    messages: [{ role: "system", content: POLICY }, { role: "user", content: question }],
    prompt_cache_options: { mode: "explicit" },
  });
}`,
      [{ messageId: "explicitModeWithoutBreakpoint", text: 'mode: "explicit"' }],
    ),
    // Explicit mode on the Responses API with a plain input.
    invalid(
      `${header}export async function plan(task: string) {
  return client.responses.create({ model: "gpt-5.6-terra", instructions: POLICY, input: task, prompt_cache_options: { mode: "explicit", ttl: "30m" } });
}`,
      [{ messageId: "explicitModeWithoutBreakpoint", text: 'mode: "explicit"' }],
    ),
    // Input parts without a breakpoint.
    invalid(
      `${header}export async function review(contract: string, question: string) {
  return client.responses.create({
    model: "gpt-5.6",
    instructions: POLICY,
    input: [{ role: "user", content: [{ type: "input_text", text: contract }, { type: "input_text", text: question }] }],
    prompt_cache_options: { mode: "explicit" },
  });
}`,
      [{ messageId: "explicitModeWithoutBreakpoint", text: 'mode: "explicit"' }],
    ),
    // The options come from a shared constant.
    invalid(
      `${header}const CACHE_OPTIONS = { mode: "explicit", ttl: "30m" } as const;
export async function answer(question: string) {
  return client.chat.completions.create({
    model: "gpt-5.6",
    messages: [{ role: "system", content: POLICY }, { role: "user", content: question }],
    prompt_cache_options: CACHE_OPTIONS,
  });
}`,
      [{ messageId: "explicitModeWithoutBreakpoint", text: 'mode: "explicit"' }],
    ),
    // An image and a question, neither marked.
    invalid(
      `${header}export async function describe(imageUrl: string, question: string) {
  return client.chat.completions.create({
    model: "gpt-5.6",
    messages: [
      { role: "system", content: POLICY },
      { role: "user", content: [{ type: "image_url", image_url: { url: imageUrl } }, { type: "text", text: question }] },
    ],
    prompt_cache_options: { mode: "explicit" },
  });
}`,
      [{ messageId: "explicitModeWithoutBreakpoint", text: 'mode: "explicit"' }],
    ),
    // Few-shot turns written out, none marked.
    invalid(
      `${header}export async function classify(ticket: string) {
  return client.chat.completions.create({
    model: "gpt-5.6-mini",
    messages: [
      { role: "system", content: POLICY },
      { role: "user", content: "My invoice shows two charges for March." },
      { role: "assistant", content: "billing" },
      { role: "user", content: "The dashboard has been down since 9am." },
      { role: "assistant", content: "outage" },
      { role: "user", content: ticket },
    ],
    prompt_cache_options: { mode: "explicit" },
  });
}`,
      [{ messageId: "explicitModeWithoutBreakpoint", text: 'mode: "explicit"' }],
    ),
    // Messages from a builder in the same file.
    invalid(
      `${header}function buildMessages(question: string): OpenAI.ChatCompletionMessageParam[] {
  return [{ role: "system", content: POLICY }, { role: "user", content: \`Question: \${question}\` }];
}
export async function answer(question: string) {
  return client.chat.completions.create({ model: "gpt-5.6", messages: buildMessages(question), prompt_cache_options: { mode: "explicit" } });
}`,
      [{ messageId: "explicitModeWithoutBreakpoint", text: 'mode: "explicit"' }],
    ),
    // Structured output through parse().
    invalid(
      `${header}export async function extract(email: string) {
  return client.chat.completions.parse({
    model: "gpt-5.6",
    messages: [{ role: "system", content: POLICY }, { role: "user", content: email }],
    response_format: { type: "json_object" },
    prompt_cache_options: { mode: "explicit" },
  });
}`,
      [{ messageId: "explicitModeWithoutBreakpoint", text: 'mode: "explicit"' }],
    ),
    // A streamed Responses call.
    invalid(
      `${header}export function stream(task: string) {
  return client.responses.stream({ model: "gpt-5.6", instructions: POLICY, input: [{ role: "user", content: task }], prompt_cache_options: { mode: "explicit" } });
}`,
      [{ messageId: "explicitModeWithoutBreakpoint", text: 'mode: "explicit"' }],
    ),
    // AI SDK v7 (`instructions`) on one line: the option goes after the last property.
    invalid(
      `${ai}export const reply = (note: string, question: string) =>
  generateText({ model: openai("gpt-4o"), instructions: POLICY, messages: [{ role: "system", content: note }, { role: "user", content: question }] });`,
      [
        {
          messageId: "aiSdkSystemInMessages",
          text: '{ role: "system", content: note }',
          suggestions: [{ messageId: "suggestAllowSystemInMessages", from: 'content: question }] });', to: 'content: question }], allowSystemInMessages: true });' }],
        },
      ],
    ),
    // One property per line with a trailing comma and a comment: a new line after the comment.
    invalid(
      `${ai}export const reply = (history: never[], note: string, question: string) =>
  streamText({
    model: openai("gpt-4o"),
    instructions: POLICY,
    messages: [...history, { role: "system", content: note }, { role: "user", content: question }], // the note changes per ticket
  });`,
      [
        {
          messageId: "aiSdkSystemInMessages",
          text: '{ role: "system", content: note }',
          suggestions: [
            {
              messageId: "suggestAllowSystemInMessages",
              from: "// the note changes per ticket\n",
              to: "// the note changes per ticket\n    allowSystemInMessages: true,\n",
            },
          ],
        },
      ],
    ),
    // `allowSystemInMessages: false` written out: its value is replaced, not repeated.
    invalid(
      `${ai}export const reply = (note: string, question: string) =>
  generateText({
    model: openai("gpt-4o"),
    allowSystemInMessages: false,
    messages: [{ role: "system", content: note }, { role: "user", content: question }]
  });`,
      [
        {
          messageId: "aiSdkSystemInMessages",
          text: '{ role: "system", content: note }',
          suggestions: [{ messageId: "suggestAllowSystemInMessages", from: "allowSystemInMessages: false", to: "allowSystemInMessages: true" }],
        },
      ],
    ),
    // Options built elsewhere are not edited: no suggestion.
    invalid(
      `${ai}export const reply = (note: string, question: string) => {
  const options = { model: openai("gpt-4o"), instructions: POLICY, messages: [{ role: "system" as const, content: note }, { role: "user" as const, content: question }] };
  return generateText(options);
};`,
      [{ messageId: "aiSdkSystemInMessages", text: '{ role: "system" as const, content: note }', suggestions: [] }],
    ),
  ],
});
