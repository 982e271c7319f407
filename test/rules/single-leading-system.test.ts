import rule from "../../rules/single-leading-system.js";
import { invalid, ruleTester } from "./rule-tester.js";

ruleTester.run("single-leading-system", rule, {
  valid: [
    `const messages = [{ role: "system", content: "Be brief." }, { role: "user", content: question }];`,
    `const messages = [{ role: "developer", content: "Be brief." }, ...history, { role: "user", content: question }];`,
    // No system message at all.
    `const messages = [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello!" }];`,
    // Two separate arrays with one system message each.
    `const a = [{ role: "system", content: "A" }]; const b = [{ role: "system", content: "B" }];`,
    // Not a message array: roles of team members.
    `const staff = [{ name: "Ann", role: "admin" }, { name: "Bob", role: "system" }];`,
    // The role is a tool result, not a system message.
    `const messages = [{ role: "system", content: "Use tools." }, { role: "user", content: q }, { role: "tool", content: result, tool_call_id: id }];`,
    // A constant role name, resolved.
    `const SYSTEM = "system"; const messages = [{ role: SYSTEM, content: "Be brief." }, { role: "user", content: q }];`,
    // Anthropic-style: the system prompt is top-level, messages hold only turns.
    `client.messages.create({ model: "claude-sonnet-4-5", system: "Be brief.", messages: [{ role: "user", content: q }] });`,
  ],
  invalid: [
    // ollama/ollama#18431: a per-turn system message after the history.
    invalid(
      `const messages = [
  { role: "system", content: "You are a research agent." },
  ...history,
  { role: "system", content: "Remaining budget: 12 steps." },
  { role: "user", content: question },
];`,
      [{ messageId: "multipleSystem", text: '{ role: "system", content: "Remaining budget: 12 steps." }' }],
    ),
    invalid(`const messages = [...history, { role: "system", content: "Summarize the conversation." }];`, [
      { messageId: "systemNotFirst", text: '{ role: "system", content: "Summarize the conversation." }' },
    ]),
    invalid(
      `const messages = [
  { role: "user", content: question },
  { role: "developer", content: "Answer in French." },
];`,
      [{ messageId: "systemNotFirst", text: '{ role: "developer", content: "Answer in French." }' }],
    ),
    // A system and a developer message: both carry instructions.
    invalid(`const messages = [{ role: "system", content: "A" }, { role: "developer", content: "B" }, { role: "user", content: q }];`, [
      { messageId: "multipleSystem", text: '{ role: "developer", content: "B" }' },
    ]),
    // In an xAI request: only one leading system message is supported.
    invalid(
      `import OpenAI from "openai";
const xai = new OpenAI({ baseURL: "https://api.x.ai/v1", apiKey: process.env.XAI_API_KEY });
export async function research(question: string, notes: string) {
  return xai.chat.completions.create({
    model: "grok-4",
    messages: [
      { role: "system", content: "You research questions with sources." },
      { role: "user", content: question },
      { role: "system", content: notes },
    ],
  });
}`,
      [{ messageId: "multipleSystem", text: '{ role: "system", content: notes }' }],
    ),
    // The role comes from a constant.
    invalid(
      `const SYSTEM = "system";
const messages = [{ role: "user", content: q }, { role: SYSTEM, content: "Be brief." }];`,
      [{ messageId: "systemNotFirst", text: '{ role: SYSTEM, content: "Be brief." }' }],
    ),
    // Three system messages: each extra one is reported.
    invalid(
      `const messages = [
  { role: "system", content: "A" },
  { role: "system", content: "B" },
  { role: "system", content: "C" },
  { role: "user", content: q },
];`,
      [
        { messageId: "multipleSystem", text: '{ role: "system", content: "B" }' },
        { messageId: "multipleSystem", text: '{ role: "system", content: "C" }' },
      ],
    ),
    // A Responses API input list with a system item after the user's turn.
    invalid(
      `import OpenAI from "openai";
const client = new OpenAI();
export const run = (task: string) =>
  client.responses.create({
    model: "gpt-4.1",
    input: [
      { role: "user", content: task },
      { role: "system", content: "Think step by step." },
    ],
  });`,
      [{ messageId: "systemNotFirst", text: '{ role: "system", content: "Think step by step." }' }],
    ),
  ],
});
