import rule from "../../rules/stable-serialization.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const header = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const profileType = `interface CustomerProfile {\n  name: string;\n  plan: "free" | "pro" | "enterprise";\n  seats: number;\n  preferences: Record<string, string>;\n}\n`;

ruleTester.run("stable-serialization", rule, {
  valid: [
    // A module-level constant object: the same text on every request.
    `${header}const STYLE = { tone: "friendly", maxWords: 200, format: "markdown" };
export async function answer(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nStyle: \${JSON.stringify(STYLE)}\` }, ...history, { role: "user", content: question }],
  });
}`,
    // The runtime object is serialized into the final user message only.
    `${header}${profileType}export async function answer(history: OpenAI.ChatCompletionMessageParam[], profile: CustomerProfile, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: \`\${question}\\n\\nCustomer: \${JSON.stringify(profile)}\` }],
  });
}`,
    // JSON.stringify of a string only quotes it.
    `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], customerName: string, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nThe customer is \${JSON.stringify(customerName)}.\` }, ...history, { role: "user", content: question }],
  });
}`,
    // An object literal with fixed keys of primitive fields keeps its key order.
    `${header}${profileType}export async function answer(history: OpenAI.ChatCompletionMessageParam[], profile: CustomerProfile, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [
      { role: "system", content: \`\${POLICY}\\nAccount: \${JSON.stringify({ plan: profile.plan, seats: profile.seats })}\` },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
    // A type imported from another file may name a string: not known here.
    `import type { AccountId } from "./types";
${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], accountId: AccountId, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nAccount \${JSON.stringify(accountId)}\` }, ...history, { role: "user", content: question }],
  });
}`,
    // Entries sorted by key before the text is built.
    `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], preferences: Record<string, string>, question: string) {
  const prefs = Object.entries(preferences)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => \`- \${key}: \${value}\`)
    .join("\\n");
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nPreferences:\\n\${prefs}\` }, ...history, { role: "user", content: question }],
  });
}`,
    // A replacer array fixes the key order.
    `${header}${profileType}export async function answer(history: OpenAI.ChatCompletionMessageParam[], profile: CustomerProfile, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\n\${JSON.stringify(profile, ["name", "plan", "seats"])}\` }, ...history, { role: "user", content: question }],
  });
}`,
    // Entries of a constant object: its keys come in the order they are written.
    `${header}const LABELS = { billing: "Billing questions", outage: "Service outages", account: "Account access" };
export async function triage(history: OpenAI.ChatCompletionMessageParam[], ticket: string) {
  return client.chat.completions.create({
    model: "gpt-4.1-mini",
    messages: [
      { role: "system", content: \`\${POLICY}\\nCategories:\\n\${Object.entries(LABELS).map(([id, label]) => \`\${id}: \${label}\`).join("\\n")}\` },
      ...history,
      { role: "user", content: ticket },
    ],
  });
}`,
    // A deterministic stringify.
    `import stableStringify from "fast-json-stable-stringify";
${header}${profileType}export async function answer(history: OpenAI.ChatCompletionMessageParam[], profile: CustomerProfile, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nCustomer: \${stableStringify(profile)}\` }, ...history, { role: "user", content: question }],
  });
}`,
    // An array of strings has no keys.
    `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], enabledFeatures: string[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nFeatures: \${JSON.stringify(enabledFeatures)}\` }, ...history, { role: "user", content: question }],
  });
}`,
    // One request per key: each prompt holds one entry, whatever the order of the loop.
    `${header}export async function reviewAll(sections: Record<string, string>) {
  for (const title in sections) {
    await client.chat.completions.create({
      model: "gpt-4.1",
      messages: [{ role: "system", content: \`\${POLICY}\\nSection: \${title}\\n\${sections[title]}\` }, { role: "user", content: "Review this section." }],
    });
  }
}`,
    // A formatting helper given a constant object: its keys come in the order they are written.
    `${header}const DEFAULT_PREFS = { language: "en", units: "metric", currency: "EUR" };
function formatPrefs(prefs: Record<string, string>) {
  const lines: string[] = [];
  for (const key in prefs) lines.push(\`\${key}: \${prefs[key]}\`);
  return lines.join("\\n");
}
export async function answer(history: OpenAI.ChatCompletionMessageParam[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\n\${formatPrefs(DEFAULT_PREFS)}\` }, ...history, { role: "user", content: question }],
  });
}`,
    // Values of a list come in index order.
    `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], steps: string[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nSteps:\\n\${Object.values(steps).join("\\n")}\` }, ...history, { role: "user", content: question }],
  });
}`,
  ],
  invalid: [
    // A customer profile serialized into the system prompt, before the history.
    invalid(
      `${header}${profileType}export async function answer(history: OpenAI.ChatCompletionMessageParam[], profile: CustomerProfile, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nCustomer: \${JSON.stringify(profile)}\` }, ...history, { role: "user", content: question }],
  });
}`,
      // A deterministic stringify is a new dependency, not an edit: no suggestion.
      [{ messageId: "unstableJson", text: "JSON.stringify(profile)", suggestions: [] }],
    ),
    // Pretty-printing does not sort keys.
    invalid(
      `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], workspace: { id: string; settings: Record<string, boolean> }, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: POLICY + "\\nWorkspace settings:\\n" + JSON.stringify(workspace.settings, null, 2) }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "unstableJson", text: "JSON.stringify(workspace.settings, null, 2)" }],
    ),
    // Settings parsed from a database column keep whatever key order was stored.
    invalid(
      `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], settingsJson: string, question: string) {
  const settings = JSON.parse(settingsJson);
  const context = JSON.stringify(settings);
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nSettings: \${context}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "unstableJson", text: "JSON.stringify(settings)" }],
    ),
    // An API response, serialized as context for the rest of the conversation.
    invalid(
      `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], orderId: string, question: string) {
  const response = await fetch(\`https://shop.example.com/api/orders/\${orderId}\`);
  const order = await response.json();
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: POLICY }, { role: "system", content: \`Order: \${JSON.stringify(order)}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "unstableJson", text: "JSON.stringify(order)" }],
    ),
    // OpenRouterTeam/ai-sdk-provider#472: tool-call input re-serialized in an earlier turn.
    invalid(
      `${header}interface ToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}
export async function followUp(call: ToolCall, result: string, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [
      { role: "system", content: POLICY },
      { role: "assistant", content: \`Called \${call.name} with \${JSON.stringify(call.input)}\` },
      { role: "user", content: \`Tool result: \${result}\` },
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "unstableJson", text: "JSON.stringify(call.input)" }],
    ),
    // Defaults merged with per-user overrides: the overrides decide the key order.
    invalid(
      `${header}interface Style {
  tone: string;
  language: string;
  maxWords: number;
}
const DEFAULT_STYLE: Style = { tone: "friendly", language: "en", maxWords: 200 };
export async function answer(history: OpenAI.ChatCompletionMessageParam[], overrides: Partial<Style>, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nStyle: \${JSON.stringify({ ...DEFAULT_STYLE, ...overrides })}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "unstableJson", text: "JSON.stringify({ ...DEFAULT_STYLE, ...overrides })" }],
    ),
    // A runtime example inside a tool description.
    invalid(
      `${header}export async function search(history: OpenAI.ChatCompletionMessageParam[], sampleRow: Record<string, string | number>, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    tools: [
      {
        type: "function",
        function: {
          name: "query_orders",
          description: \`Query the orders table. Rows look like \${JSON.stringify(sampleRow)}.\`,
          parameters: { type: "object", properties: { sql: { type: "string" } }, required: ["sql"] },
        },
      },
    ],
    messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "unstableJson", text: "JSON.stringify(sampleRow)" }],
    ),
    // Text built from Object.entries of the user's preferences, in insertion order.
    invalid(
      `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], preferences: Record<string, string>, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [
      { role: "system", content: POLICY },
      { role: "system", content: Object.entries(preferences).map(([key, value]) => \`- \${key}: \${value}\`).join("\\n") },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
      [
        {
          messageId: "unstableEntries",
          text: 'Object.entries(preferences).map(([key, value]) => `- ${key}: ${value}`).join("\\n")',
          suggestions: [{ messageId: "suggestSortEntries", from: "Object.entries(preferences)", to: "Object.entries(preferences).sort(([a], [b]) => (a < b ? -1 : 1))" }],
        },
      ],
    ),
    // A for...in loop over runtime data appends one line per key.
    invalid(
      `${header}${profileType}export async function answer(history: OpenAI.ChatCompletionMessageParam[], profile: CustomerProfile, question: string) {
  const lines: string[] = [];
  for (const key in profile.preferences) lines.push(\`\${key} = \${profile.preferences[key]}\`);
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\n\${lines.join("\\n")}\` }, ...history, { role: "user", content: question }],
  });
}`,
      // A for...in loop has no one-call fix: no suggestion.
      [{ messageId: "unstableEntries", text: "`${key} = ${profile.preferences[key]}`", suggestions: [] }],
    ),
    // String concatenation over Object.entries in a loop.
    invalid(
      `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], flags: Record<string, boolean>, question: string) {
  let flagText = "";
  for (const [name, enabled] of Object.entries(flags)) flagText += \`\${name}: \${enabled ? "on" : "off"}\\n\`;
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: POLICY }, { role: "system", content: flagText }, ...history, { role: "user", content: question }],
  });
}`,
      [
        {
          messageId: "unstableEntries",
          // At the append in the loop, where the entries are walked.
          text: 'flagText += `${name}: ${enabled ? "on" : "off"}\\n`',
          suggestions: [{ messageId: "suggestSortEntries", from: "of Object.entries(flags))", to: "of Object.entries(flags).sort(([a], [b]) => (a < b ? -1 : 1)))" }],
        },
      ],
    ),
    // The names of the enabled integrations, in the order they were connected.
    invalid(
      `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], integrations: Record<string, { enabled: boolean }>, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nIntegrations: \${Object.keys(integrations).join(", ")}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [
        {
          messageId: "unstableEntries",
          text: 'Object.keys(integrations).join(", ")',
          suggestions: [{ messageId: "suggestSortKeys", from: "Object.keys(integrations)", to: "Object.keys(integrations).sort()" }],
        },
      ],
    ),
    // Values have no key to sort by in one call: no suggestion.
    invalid(
      `${header}export async function answer(history: OpenAI.ChatCompletionMessageParam[], labels: Record<string, string>, question: string) {
  return client.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: \`\${POLICY}\\nLabels: \${Object.values(labels).join(", ")}\` }, ...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "unstableEntries", text: 'Object.values(labels).join(", ")', suggestions: [] }],
    ),
  ],
});
