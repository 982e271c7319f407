import rule from "../../rules/no-volatile-prefix.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const header = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;

/** The time at the top of the system prompt (`content`), before the policy and the history: reported, with a date-only suggestion. */
function timeAtTop(content: string, text: string, method: string, from: string, to: string) {
  const code = `${header}async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: ${content} }, ...history, { role: "user", content: question }],
  });
}`;
  return invalid(code, [{ messageId: "volatileInPrefix", text, suggestions: [{ messageId: "suggestDateOnly", data: { method }, from, to }] }]);
}

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
    // The time at the end of the system prompt, then an empty message (however \`""\` is written): nothing worth caching follows.
    `${header}async function report(data: string, note = "") {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: \`\${POLICY}\\nGenerated at \${new Date().toISOString()}\` },
      { role: "system", content: "" },
      { role: "system", content: "" + "" },
      { role: "user", content: data + note },
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
    // The time appended to a system prompt that static rules are appended to after it.
    invalid(
      `${header}async function reply(question: string) {
  let system = POLICY;
  system += \`\\nNow: \${new Date().toISOString()}\`;
  system += "\\nBe brief and precise in every answer you give to the customer.";
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }, { role: "user", content: question }] });
}`,
      [
        {
          messageId: "volatileInPrefix",
          text: "new Date().toISOString()",
          suggestions: [{ messageId: "suggestDateOnly", data: { method: "slice(0, 10)" }, from: "new Date().toISOString()", to: "new Date().toISOString().slice(0, 10)" }],
        },
      ],
    ),
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
      [
        {
          messageId: "volatileInPrefix",
          text: "new Date().toLocaleString()",
          suggestions: [{ messageId: "suggestDateOnly", data: { method: "toLocaleDateString" }, from: "new Date().toLocaleString()", to: "new Date().toLocaleDateString()" }],
        },
      ],
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
      // `Date.now()` is a number of milliseconds: no date-only form to offer.
      [{ messageId: "volatileInPrefix", text: "now", after: "Now: ${", suggestions: [] }],
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
      [{ messageId: "volatileInPrefix", text: "crypto.randomUUID()", suggestions: [] }],
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
      // The time of day alone has no date to round down to.
      [{ messageId: "volatileInPrefix", text: "new Date().toLocaleTimeString()", suggestions: [] }],
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
      [{ messageId: "volatileInPrefix", text: "nanoid()", after: '"Ticket " + ', suggestions: [] }],
    ),
    // An ISO timestamp at the top of the system prompt: its first ten characters are the date.
    timeAtTop(`\`Timestamp: \${new Date().toISOString()}\\n\${POLICY}\``, "new Date().toISOString()", "slice(0, 10)", "new Date().toISOString()", "new Date().toISOString().slice(0, 10)"),
    // Made in a variable first: the suggestion edits the declaration, the error points at the use.
    invalid(
      `${header}async function ask(question: string, history: any[]) {
  const stamp = new Date().toISOString();
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`[\${stamp}] \${POLICY}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [
        {
          messageId: "volatileInPrefix",
          text: "stamp",
          after: "[${",
          suggestions: [{ messageId: "suggestDateOnly", data: { method: "slice(0, 10)" }, from: "const stamp = new Date().toISOString();", to: "const stamp = new Date().toISOString().slice(0, 10);" }],
        },
      ],
    ),
    // A Date in a variable, formatted for a time zone: the options pick no time field, so they stay.
    invalid(
      `${header}async function ask(question: string, history: any[]) {
  const now = new Date();
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`Local time: \${now.toLocaleString("en-US", { timeZone: "America/New_York" })}\\n\${POLICY}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [
        {
          messageId: "volatileInPrefix",
          text: 'now.toLocaleString("en-US", { timeZone: "America/New_York" })',
          suggestions: [
            {
              messageId: "suggestDateOnly",
              data: { method: "toLocaleDateString" },
              from: 'now.toLocaleString("en-US"',
              to: 'now.toLocaleDateString("en-US"',
            },
          ],
        },
      ],
    ),
    // Options that ask for the hour would still show it with toLocaleDateString: no suggestion.
    invalid(
      `${header}async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`Now: \${new Date().toLocaleString("en-GB", { day: "numeric", hour: "2-digit" })}. \${POLICY}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "volatileInPrefix", text: 'new Date().toLocaleString("en-GB", { day: "numeric", hour: "2-digit" })', suggestions: [] }],
    ),
    // Options the analyzer cannot read may ask for the hour: no suggestion.
    invalid(
      `${header}const FORMAT: Intl.DateTimeFormatOptions = { dateStyle: "full", timeStyle: "short" };
async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`Now: \${new Date().toLocaleString("en-GB", FORMAT)}. \${POLICY}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "volatileInPrefix", text: 'new Date().toLocaleString("en-GB", FORMAT)', suggestions: [] }],
    ),
    // Date#toString shows the time and the time zone.
    timeAtTop(`"Now: " + new Date().toString() + "\\n" + POLICY`, "new Date().toString()", "toDateString", "new Date().toString()", "new Date().toDateString()"),
    // String(new Date()) converts it like a template does.
    timeAtTop(`"Now: " + String(new Date()) + "\\n" + POLICY`, "new Date()", "toDateString", "String(new Date())", "new Date().toDateString()"),
    // A bare Date in a template literal.
    timeAtTop(`\`Now: \${new Date()}\\n\${POLICY}\``, "new Date()", "toDateString", "${new Date()}", "${new Date().toDateString()}"),
    // A Date in a variable, concatenated: rounded where it is used, the variable stays a Date.
    invalid(
      `${header}async function ask(question: string, history: any[]) {
  const now = new Date();
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: "Session opened " + now + ". " + POLICY }, ...history, { role: "user", content: question }],
  });
}`,
      [
        {
          messageId: "volatileInPrefix",
          text: "now",
          after: '"Session opened " + ',
          suggestions: [{ messageId: "suggestDateOnly", data: { method: "toDateString" }, from: '"Session opened " + now +', to: '"Session opened " + now.toDateString() +' }],
        },
      ],
    ),
    // A moment object has no toLocaleDateString, and the analyzer does not guess its format: no suggestion.
    invalid(
      `import moment from "moment";
${header}async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`Now: \${moment().toISOString()}. \${POLICY}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "volatileInPrefix", text: "moment().toISOString()", suggestions: [] }],
    ),
    // A helper's parameter may be given something other than a Date by another caller: no suggestion.
    invalid(
      `${header}function stamp(date: Date) {
  return date.toISOString();
}
async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`[\${stamp(new Date())}] \${POLICY}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "volatileInPrefix", text: "stamp(new Date())", suggestions: [] }],
    ),
    // The same for a Date parameter turned into text in the helper.
    invalid(
      `${header}function opened(at: Date) {
  return \`Ticket opened \${at}. \`;
}
async function ask(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: opened(new Date()) + POLICY }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "volatileInPrefix", text: "at", after: "opened ${", suggestions: [] }],
    ),
  ],
});
