import rule from "../../rules/no-volatile-prefix.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const header = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;

ruleTester.run("no-volatile-prefix", rule, {
  valid: [
    // The time at the very end of a single-turn prompt, followed only by the final user message.
    `${header}async function report(data: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: \`\${POLICY}\\nGenerated at \${new Date().toISOString()}\` },
      { role: "user", content: data },
    ],
  });
}`,
    // The time inside the final user message.
    `${header}async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: \`[\${new Date().toISOString()}] \${question}\` }],
  });
}`,
    // A date-only value changes once a day.
    `${header}async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`Today is \${new Date().toDateString()}.\\n\${POLICY}\` }, ...history, { role: "user", content: question }],
  });
}`,
    // Computed once when the module loads: the same for every request of the process.
    `${header}const BOOTED_AT = new Date().toISOString();
async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`Session started \${BOOTED_AT}.\\n\${POLICY}\` }, ...history, { role: "user", content: question }],
  });
}`,
    // Configuration from the environment is deployment-constant.
    `${header}async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`\${process.env.SUPPORT_PERSONA}\\n\${POLICY}\` }, ...history, { role: "user", content: question }],
  });
}`,
    // A request id sent as metadata is not part of the prompt.
    `${header}async function ask(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    metadata: { request_id: crypto.randomUUID() },
    messages: [{ role: "system", content: POLICY }, { role: "user", content: question }],
  });
}`,
    // An imported prompt is unknown to single-file analysis: never reported.
    `import OpenAI from "openai";
import { buildSystemPrompt } from "./prompts";
const client = new OpenAI();
async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: buildSystemPrompt() }, ...history, { role: "user", content: question }],
  });
}`,
    // Only punctuation follows the time before the final message.
    `${header}async function ask(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`\${POLICY} The time is \${new Date().toLocaleTimeString()}.\` }, { role: "user", content: question }],
  });
}`,
  ],
  invalid: [
    // earendil-works/pi#1873: the time with seconds at the top of the system prompt.
    invalid(
      `${header}async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: \`Current time: \${new Date().toLocaleString()}\\n\${POLICY}\` },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "volatileInPrefix", text: "new Date().toLocaleString()" }],
    ),
    // The time at the end of the system prompt, but the conversation history follows.
    invalid(
      `${header}async function ask(question: string, history: any[]) {
  const now = Date.now();
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`\${POLICY}\\nNow: \${now}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "volatileInPrefix", text: "now", after: "Now: ${" }],
    ),
    // A random request id in a same-file builder, before static instructions.
    invalid(
      `${header}function buildMessages(question: string) {
  return [
    { role: "system", content: \`Request \${crypto.randomUUID()}. \${POLICY}\` },
    { role: "user", content: question },
  ];
}
async function ask(question: string) {
  return client.chat.completions.create({ model: "gpt-4o", messages: buildMessages(question) });
}`,
      [{ messageId: "volatileInPrefix", text: "crypto.randomUUID()" }],
    ),
    // Mintplex-Labs/anything-llm#6398: moment's "LLLL" includes the time of day.
    invalid(
      `import moment from "moment";
${header}async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: "The current date and time is " + moment().format("LLLL") + ". " + POLICY }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "volatileInPrefix", text: 'moment().format("LLLL")' }],
    ),
    // Responses API: the instructions carry the time and static text follows it.
    invalid(
      `${header}async function plan(task: string) {
  return client.responses.create({
    model: "gpt-4.1",
    instructions: \`\${POLICY}\\nLocal time: \${new Date().toLocaleTimeString()}. Plan carefully before answering.\`,
    input: task,
  });
}`,
      [{ messageId: "volatileInPrefix", text: "new Date().toLocaleTimeString()" }],
    ),
    // CherryHQ/cherry-studio#16398: a {{time}} placeholder filled per request.
    invalid(
      `${header}const TEMPLATE = "It is {{time}}. " + POLICY;
async function ask(question: string, history: any[]) {
  const system = TEMPLATE.replace("{{time}}", new Date().toLocaleTimeString());
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }, ...history, { role: "user", content: question }] });
}`,
      [{ messageId: "volatileInPrefix", text: "new Date().toLocaleTimeString()" }],
    ),
    // date-fns with hours and minutes, in a message array built with push.
    invalid(
      `import { format } from "date-fns";
${header}async function ask(question: string) {
  const messages = [{ role: "system", content: POLICY }];
  messages.push({ role: "user", content: \`Checked at \${format(new Date(), "HH:mm")}\` });
  messages.push({ role: "assistant", content: "Noted." });
  messages.push({ role: "user", content: question });
  return client.chat.completions.create({ model: "gpt-4o", messages });
}`,
      [{ messageId: "volatileInPrefix", text: 'format(new Date(), "HH:mm")' }],
    ),
    // A random nonce in a few-shot turn, followed by more turns.
    invalid(
      `import { nanoid } from "nanoid";
${header}async function ask(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: POLICY },
      { role: "user", content: "Ticket " + nanoid() },
      { role: "assistant", content: "How can I help with this ticket?" },
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "volatileInPrefix", text: "nanoid()", after: '"Ticket " + ' }],
    ),
  ],
});
