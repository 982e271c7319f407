import rule from "../../rules/stable-history.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const header = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const groqHeader = `import Groq from "groq-sdk";\nconst groq = new Groq();\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const xaiHeader = `import OpenAI from "openai";\nconst xai = new OpenAI({ apiKey: process.env.XAI_API_KEY, baseURL: "https://api.x.ai/v1" });\nconst POLICY = ${JSON.stringify(POLICY)};\n`;
const Message = `type Message = OpenAI.ChatCompletionMessageParam;\n`;

ruleTester.run("stable-history", rule, {
  valid: [
    // Keeping the head of the list leaves the prefix alone.
    `${header}${Message}export async function reply(history: Message[], question: string) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...history.slice(0, 200), { role: "user", content: question }] });
}`,
    // Dropping every system message drops the same ones on every turn.
    `${header}${Message}export async function reply(history: Message[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: POLICY }, ...history.filter((message) => message.role !== "system"), { role: "user", content: question }],
  });
}`,
    // Mapping every turn the same way, whatever its position.
    `${header}export async function reply(history: Array<{ id: string; role: "user" | "assistant"; content: string; createdAt: number }>, question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: POLICY }, ...history.map((message) => ({ role: message.role, content: message.content })), { role: "user", content: question }],
  });
}`,
    // Putting a prompt together: \`unshift\` onto an array built in this function.
    `${header}${Message}export async function reply(history: Message[], question: string) {
  const messages: Message[] = [...history, { role: "user", content: question }];
  messages.unshift({ role: "system", content: POLICY });
  return client.chat.completions.create({ model: "gpt-4o", messages });
}`,
    // Regenerating the last answer removes only the end of the history.
    `${header}${Message}export async function regenerate(history: Message[]) {
  history.pop();
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...history] });
}`,
    // Append-only history kept by the module.
    `${groqHeader}const history: Groq.Chat.ChatCompletionMessageParam[] = [];
export async function reply(question: string) {
  history.push({ role: "user", content: question });
  const response = await groq.chat.completions.create({ model: "openai/gpt-oss-120b", messages: [{ role: "system", content: POLICY }, ...history] });
  history.push(response.choices[0]!.message);
  return response;
}`,
    // Skipping the stored system message: the same first element every turn.
    `${header}${Message}export async function reply(history: Message[], question: string) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...history.slice(1), { role: "user", content: question }] });
}`,
    // Editing the last turn, at the end of the prefix.
    `${header}${Message}export async function retry(history: Message[], question: string) {
  history[history.length - 1] = { role: "user", content: question };
  history.splice(-1, 1, { role: "user", content: question });
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...history] });
}`,
    // openclaw/openclaw#115273's fix: evict a block of turns at a time, with hysteresis.
    `${xaiHeader}class Conversation {
  private messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "system", content: POLICY }];
  async send(text: string) {
    this.messages.push({ role: "user", content: text });
    if (this.messages.length > 80) this.messages.splice(1, 40);
    return xai.chat.completions.create({ model: "grok-4", messages: this.messages });
  }
}`,
    // Sorting by time on the turns' own data gives the same order every turn.
    `${header}export async function reply(history: Array<{ role: "user" | "assistant"; content: string; at: number }>, question: string) {
  history.sort((a, b) => a.at - b.at);
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`,
    // Rows loaded newest first, reversed into order: a fresh list every request.
    `${header}${Message}export async function reply(db: { query(sql: string, params: unknown[]): Promise<Message[]> }, conversationId: string, question: string) {
  const rows = await db.query("SELECT role, content FROM messages WHERE conversation_id = $1 ORDER BY seq DESC", [conversationId]);
  const history = rows.reverse();
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`,
    // Selecting one conversation out of a store is not rewriting it.
    `${header}export async function reply(store: Array<{ conversationId: string; role: "user" | "assistant"; content: string }>, conversationId: string, question: string) {
  const history = store.filter((message) => message.conversationId === conversationId).map(({ role, content }) => ({ role, content }));
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`,
  ],
  invalid: [
    // openclaw/openclaw#115273: a \`historyLimit\` sliding window "yields ~0% cache hits".
    invalid(
      `${header}${Message}const HISTORY_LIMIT = 20;
export async function reply(history: Message[], question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: POLICY }, ...history.slice(-HISTORY_LIMIT), { role: "user", content: question }],
  });
}`,
      [{ messageId: "rewrittenHistory", text: "history.slice(-HISTORY_LIMIT)" }],
    ),
    // browser-use/browser-use PR #5542: only the most recent items (Responses API).
    invalid(
      `${header}export async function step(items: OpenAI.Responses.ResponseInputItem[]) {
  return client.responses.create({ model: "gpt-4.1", instructions: POLICY, input: items.slice(-12) });
}`,
      [{ messageId: "rewrittenHistory", text: "items.slice(-12)" }],
    ),
    // A module-level history trimmed from the front once it is long.
    invalid(
      `${groqHeader}const history: Groq.Chat.ChatCompletionMessageParam[] = [];
export async function reply(question: string) {
  history.push({ role: "user", content: question });
  while (history.length > 40) history.shift();
  return groq.chat.completions.create({ model: "openai/gpt-oss-120b", messages: [{ role: "system", content: POLICY }, ...history] });
}`,
      [{ messageId: "rewrittenHistory", text: "history.shift()" }],
    ),
    // A class field cut down to the last 40 turns on every request.
    invalid(
      `${xaiHeader}class Conversation {
  private messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "system", content: POLICY }];
  async send(text: string) {
    this.messages.push({ role: "user", content: text });
    this.messages.splice(1, Math.max(0, this.messages.length - 41));
    return xai.chat.completions.create({ model: "grok-4", messages: this.messages });
  }
}`,
      [{ messageId: "rewrittenHistory", text: "this.messages.splice(1, Math.max(0, this.messages.length - 41))" }],
    ),
    // LibreChat-AI/agents PR #497: old tool results truncated in place.
    invalid(
      `${header}${Message}export async function reply(history: Message[], question: string) {
  for (let i = 0; i < history.length - 4; i++) {
    if (history[i]!.role === "tool") history[i]!.content = "[tool result truncated]";
  }
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: question }] });
}`,
      [{ messageId: "rewrittenHistory", text: 'history[i]!.content = "[tool result truncated]"' }],
    ),
    // Recency-weighted truncation: a turn is cut once it is more than six turns old.
    invalid(
      `${header}export async function reply(history: Array<{ role: "user" | "assistant"; content: string }>, question: string) {
  const compacted = history.map((message, i) => (i < history.length - 6 ? { ...message, content: message.content.slice(0, 200) } : message));
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...compacted, { role: "user", content: question }] });
}`,
      [{ messageId: "rewrittenHistory", text: "history.map((message, i) => (i < history.length - 6 ? { ...message, content: message.content.slice(0, 200) } : message))" }],
    ),
    // openclaw/openclaw#111085: tool results cut to the budget left in this turn.
    invalid(
      `${groqHeader}export async function reply(history: Array<{ role: "user" | "assistant" | "tool"; content: string; tool_call_id?: string }>, question: string, remainingBudget: number) {
  const fitted = history.map((message) => (message.role === "tool" ? { ...message, content: message.content.slice(0, remainingBudget) } : message));
  return groq.chat.completions.create({ model: "openai/gpt-oss-120b", messages: [{ role: "system", content: POLICY }, ...fitted, { role: "user", content: question }] as any });
}`,
      [{ messageId: "rewrittenHistory", text: 'history.map((message) => (message.role === "tool" ? { ...message, content: message.content.slice(0, remainingBudget) } : message))' }],
    ),
    // mozilla-ai/clawbolt#1420: memory put in front of the stored history on every turn.
    invalid(
      `${header}${Message}export async function reply(history: Message[], memory: string, question: string) {
  history.unshift({ role: "system", content: \`Things to remember: \${memory}\` });
  return client.chat.completions.create({ model: "gpt-4o", messages: [...history, { role: "user", content: question }] });
}`,
      [{ messageId: "rewrittenHistory", text: "history.unshift({ role: \"system\", content: `Things to remember: ${memory}` })" }],
    ),
    // A running summary written over the first turn of the stored history.
    invalid(
      `${xaiHeader}export async function reply(history: OpenAI.ChatCompletionMessageParam[], summary: string, question: string) {
  history[0] = { role: "system", content: \`\${POLICY}\\nSummary so far: \${summary}\` };
  return xai.chat.completions.create({ model: "grok-4", messages: [...history, { role: "user", content: question }] });
}`,
      [{ messageId: "rewrittenHistory", text: "history[0] = { role: \"system\", content: `${POLICY}\\nSummary so far: ${summary}` }" }],
    ),
    // jjuraszek/pi-condense#3: a strip window that advances every render.
    invalid(
      `${header}${Message}export async function reply(history: Message[], question: string, keepToolResults: number) {
  const condensed = history.filter((message, i) => i >= history.length - keepToolResults || message.role !== "tool");
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...condensed, { role: "user", content: question }] });
}`,
      [{ messageId: "rewrittenHistory", text: 'history.filter((message, i) => i >= history.length - keepToolResults || message.role !== "tool")' }],
    ),
    // Only the last half hour of the conversation: the window moves with the clock.
    invalid(
      `${header}export async function reply(history: Array<{ role: "user" | "assistant"; content: string; at: number }>, question: string) {
  const recent = history.filter((message) => Date.now() - message.at < 30 * 60_000).map(({ role, content }) => ({ role, content }));
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...recent, { role: "user", content: question }] });
}`,
      [{ messageId: "rewrittenHistory", text: "history.filter((message) => Date.now() - message.at < 30 * 60_000)" }],
    ),
    // Turns reordered by relevance to the new question.
    invalid(
      `${header}function overlap(text: string, question: string) {
  return question.split(" ").filter((word) => text.includes(word)).length;
}
export async function reply(history: Array<{ role: "user" | "assistant"; content: string }>, question: string) {
  const ranked = history.toSorted((a, b) => overlap(b.content, question) - overlap(a.content, question));
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, ...ranked, { role: "user", content: question }] });
}`,
      [{ messageId: "rewrittenHistory", text: "history.toSorted((a, b) => overlap(b.content, question) - overlap(a.content, question))" }],
    ),
  ],
});
