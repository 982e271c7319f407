import rule from "../../rules/static-before-dynamic.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const header = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;

/** The user's recent orders, one line each (pushed by `collect`), before the policy. */
const ordersFirst = (collect: string) => `${header}async function reply(question: string, orders: Array<{ id: string }>) {
  const lines: string[] = [];
  ${collect}
  lines.push(POLICY);
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: lines.join("\\n") }, { role: "user", content: question }] });
}`;

/** A per-user line appended to the system prompt (`admin`, under a condition) before the rules (`rules`). */
const adminContext = (admin: string, rules: string) => `${header}async function reply(question: string, isAdmin: boolean) {
  let system = "Context:";
  if (isAdmin) ${admin};
  ${rules};
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }, { role: "user", content: question }] });
}`;

/** Constant rules, one line each (pushed by `collect`), then the policy: the same text on every request. */
const constantLines = (collect: string) => `${header}const RULES = ["Answer in English.", "Cite the help-center article.", "Escalate legal questions to a human."];
async function reply(question: string) {
  const lines = ["You are the support assistant of Acme Cloud."];
  ${collect}
  lines.push(POLICY);
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: lines.join("\\n") }, { role: "user", content: question }] });
}`;

ruleTester.run("static-before-dynamic", rule, {
  valid: [
    // Lines pushed in a loop over a constant list, then joined: the same text on every request.
    constantLines("for (const rule of RULES) lines.push(`- ${rule}`);"),
    // A system prompt appended to in a loop over a constant list: the same text on every request.
    `${header}const RULES = ["Answer in English.", "Cite the help-center article.", "Escalate legal questions to a human."];
async function reply(question: string) {
  let system = "You are the support assistant of Acme Cloud.";
  for (const rule of RULES) system += \`\\n- \${rule}\`;
  system += \`\\n\${POLICY}\`;
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }, { role: "user", content: question }] });
}`,
    // The same, with \`forEach\` callbacks instead of loops.
    constantLines("RULES.forEach((rule) => lines.push(`- ${rule}`));"),
    `${header}const RULES = ["Answer in English.", "Cite the help-center article.", "Escalate legal questions to a human."];
async function reply(question: string) {
  let rules = "You are the support assistant of Acme Cloud.";
  RULES.forEach((rule) => {
    rules += \`\\n- \${rule}\`;
  });
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`\${rules}\\n\${POLICY}\` }, { role: "user", content: question }] });
}`,
    // The same appends written as \`system = system + ...\`.
    `${header}const RULES = ["Answer in English.", "Cite the help-center article.", "Escalate legal questions to a human."];
async function reply(question: string) {
  let system = "You are the support assistant of Acme Cloud.";
  for (const rule of RULES) system = system + "\\n- " + rule;
  system = system + \`\\n\${POLICY}\`;
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }, { role: "user", content: question }] });
}`,
    // Appended under a condition on a constant of the deployment, and over a list of the module.
    `${header}const TONE: Record<string, string> = { formal: "Use a formal tone.", casual: "Use a casual tone." };
async function reply(question: string) {
  let system = POLICY;
  if (process.env.SUPPORT_TONE === "formal") system += TONE.formal;
  for (const [name, text] of Object.entries(TONE)) system += \`\\n\${name}: \${text}\`;
  system += "\\nAlways answer in the customer's language.";
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }, { role: "user", content: question }] });
}`,
    // Dynamic values at the very end of the prompt, in the final user message.
    `${header}async function reply(customer: { name: string }, question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: \`\${customer.name} asks: \${question}\` }],
  });
}`,
    // A dynamic value after all static text of the system prompt.
    `${header}async function reply(customer: { name: string }, question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`\${POLICY}\\nCustomer: \${customer.name}\` }, { role: "user", content: question }],
  });
}`,
    // Configuration from the environment first: same for every request of the deployment.
    `${header}async function reply(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`You work for \${process.env.COMPANY_NAME}. \${POLICY}\` }, { role: "user", content: question }],
  });
}`,
    // Too little static text after the dynamic part to be worth reporting.
    `${header}async function greet(name: string, question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`Greet \${name} politely.\` }, { role: "user", content: question }],
  });
}`,
    // A constant few-shot block spread in before the question stays static.
    `${header}const EXAMPLES = [
  { role: "user", content: "How do I reset my password?" },
  { role: "assistant", content: "Open Settings, then Security, then choose Reset password." },
];
async function reply(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: POLICY }, ...EXAMPLES, { role: "user", content: question }],
  });
}`,
    // The conversation history grows by appending: its prefix stays cacheable.
    `${header}async function reply(question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "system", content: POLICY }, { role: "user", content: question }],
  });
}`,
    // The option raises the bar.
    {
      code: `${header}async function reply(name: string, question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`Hello \${name}. \${POLICY}\` }, { role: "user", content: question }],
  });
}`,
      options: [{ minStaticTokens: 500 }],
    },
    // A date-only greeting at the end of the instructions.
    `${header}async function reply(question: string) {
  return client.responses.create({ model: "gpt-4.1", instructions: \`\${POLICY} Today is \${new Date().toDateString()}.\`, input: question });
}`,
  ],
  invalid: [
    // The user's recent orders pushed in a loop before the policy.
    invalid(ordersFirst("for (const order of orders) lines.push(`Order ${order.id}`);"), [{ messageId: "dynamicBeforeStatic", text: "`Order ${order.id}`" }]),
    // A per-user line appended before the static rules: reported at the append.
    invalid(adminContext('system += " the user is an administrator."', "system += `\\n${POLICY}`"), [
      { messageId: "dynamicBeforeStatic", text: 'system += " the user is an administrator."' },
    ]),
    // The user's recent orders, pushed in a \`forEach\` callback before the policy.
    invalid(ordersFirst("orders.forEach((order) => lines.push(`Order ${order.id}`));"), [{ messageId: "dynamicBeforeStatic", text: "`Order ${order.id}`" }]),
    // The same under \`switch (true)\`: the case's own test decides whether the line is added.
    invalid(
      `${header}async function reply(question: string, isAdmin: boolean) {
  let system = "Context:";
  switch (true) {
    case isAdmin:
      system += " the user is an administrator.";
  }
  system += \`\\n\${POLICY}\`;
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }, { role: "user", content: question }] });
}`,
      [{ messageId: "dynamicBeforeStatic", text: 'system += " the user is an administrator."' }],
    ),
    // The same, written as \`system = system + ...\`.
    invalid(adminContext('system = system + " the user is an administrator."', 'system = system + "\\n" + POLICY'), [
      { messageId: "dynamicBeforeStatic", text: 'system = system + " the user is an administrator."' },
    ]),
    // The user's preferences, one line each, before the rules.
    invalid(
      `${header}async function reply(question: string, preferences: string[]) {
  let system = "";
  for (const preference of preferences) system += \`- \${preference}\\n\`;
  system += POLICY;
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }, { role: "user", content: question }] });
}`,
      [{ messageId: "dynamicBeforeStatic", text: "system += `- ${preference}\\n`" }],
    ),
    // chatwoot/chatwoot PR #15582: per-request context above the rules.
    invalid(
      `${header}async function reply(customer: { name: string; plan: string }, question: string, history: any[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: \`Customer: \${customer.name} (\${customer.plan} plan)\\n\${POLICY}\` },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
      [
        { messageId: "dynamicBeforeStatic", text: "customer.name" },
        { messageId: "dynamicBeforeStatic", text: "customer.plan" },
      ],
    ),
    // A volatile timestamp before the policy is reported too.
    invalid(
      `${header}async function reply(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: \`[\${new Date().toISOString()}] \${POLICY}\` }, { role: "user", content: question }],
  });
}`,
      [{ messageId: "dynamicBeforeStatic", text: "new Date().toISOString()" }],
    ),
    // A dynamic user message placed before a static example turn.
    invalid(
      `${header}async function classify(ticket: string, question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: "Classify support tickets." },
      { role: "user", content: ticket },
      { role: "assistant", content: POLICY },
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "dynamicBeforeStatic", text: "ticket", after: "content: " }],
    ),
    // The dynamic part comes from a same-file helper, with its argument bound.
    invalid(
      `${header}function systemPrompt(userName: string) {
  return "Assisting " + userName + ". " + POLICY;
}
async function reply(userName: string, question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: systemPrompt(userName) }, { role: "user", content: question }],
  });
}`,
      [{ messageId: "dynamicBeforeStatic", text: "userName", after: '"Assisting " + ' }],
    ),
    // mozilla-ai/clawbolt#1420: retrieved memory in the system prompt before the rules.
    invalid(
      `${header}async function reply(memory: string[], question: string, history: any[]) {
  const system = ["Known facts about the user:", memory.join("\\n"), POLICY].join("\\n\\n");
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }, ...history, { role: "user", content: question }] });
}`,
      [{ messageId: "dynamicBeforeStatic", text: 'memory.join("\\n")' }],
    ),
    // Responses API: a per-user value at the start of the instructions.
    invalid(
      `${header}async function plan(locale: string, task: string) {
  return client.responses.create({ model: "gpt-4.1", instructions: "Reply in " + locale + ". " + POLICY, input: task });
}`,
      [{ messageId: "dynamicBeforeStatic", text: "locale", after: '"Reply in " + ' }],
    ),
    // A conditional on request data picks the opening line.
    invalid(
      `${header}async function reply(isVip: boolean, question: string) {
  const opening = isVip ? "You are talking to a VIP customer." : "You are talking to a customer.";
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`\${opening}\\n\${POLICY}\` }, { role: "user", content: question }] });
}`,
      [{ messageId: "dynamicBeforeStatic", text: "opening", after: "${" }],
    ),
    // A standalone message array built here and sent elsewhere is still a prompt.
    invalid(
      `export function buildPrompt(userName: string, question: string) {
  return [
    { role: "system", content: \`User: \${userName}. ${POLICY}\` },
    { role: "user", content: question },
  ];
}`,
      [{ messageId: "dynamicBeforeStatic", text: "userName", after: "User: ${" }],
    ),
  ],
});
