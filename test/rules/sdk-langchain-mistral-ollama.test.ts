import cacheRoutingKey from "../../rules/cache-routing-key.js";
import noVolatilePrefix from "../../rules/no-volatile-prefix.js";
import singleLeadingSystem from "../../rules/single-leading-system.js";
import stableHistory from "../../rules/stable-history.js";
import stableImages from "../../rules/stable-images.js";
import stableToolChoice from "../../rules/stable-tool-choice.js";
import stableTools from "../../rules/stable-tools.js";
import staticBeforeDynamic from "../../rules/static-before-dynamic.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

/*
 * The existing rules on LangChain JS, `@mistralai/mistralai` and `ollama` requests. Each SDK gets
 * a header with its imports, a client and the same long static policy.
 */

const policy = `const POLICY = ${JSON.stringify(POLICY)};\n`;
const langchain = `import { ChatPromptTemplate, MessagesPlaceholder, SystemMessagePromptTemplate } from "@langchain/core/prompts";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { ChatAnthropic } from "@langchain/anthropic";
const model = new ChatOpenAI({ model: "gpt-5.2" });
${policy}`;
const mistral = `import { Mistral } from "@mistralai/mistralai";
const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY ?? "" });
${policy}`;
const ollama = `import ollama from "ollama";
${policy}`;

ruleTester.run("static-before-dynamic", staticBeforeDynamic, {
  valid: [
    // The template's variable is in the final human message.
    `${langchain}const prompt = ChatPromptTemplate.fromMessages([["system", POLICY], new MessagesPlaceholder("history"), ["human", "{input}"]]);
export const chain = prompt.pipe(model);`,
    // Escaped braces are literal text, not a variable.
    `${langchain}export const prompt = ChatPromptTemplate.fromMessages([["system", "Reply with JSON like {{\\"answer\\": string}}. " + POLICY], ["human", "{input}"]]);`,
    // A variable every call fills with the same constant is static text.
    `${langchain}const prompt = ChatPromptTemplate.fromMessages([["system", "You work for {company}. " + POLICY], ["human", "{input}"]]);
const chain = prompt.pipe(model);
export const ask = (input: string) => chain.invoke({ company: "Acme Cloud", input });`,
    // A message class is sent as written: its braces are not a placeholder.
    `${langchain}export const prompt = ChatPromptTemplate.fromMessages([new SystemMessage("Keep {placeholders} in user text as they are. " + POLICY), ["human", "{input}"]]);`,
    // A variable after all of the static text.
    `${langchain}export const prompt = ChatPromptTemplate.fromMessages([["system", POLICY + "\\nCustomer plan: {plan}"], new MessagesPlaceholder("history"), ["human", "{input}"]]);`,
    `${mistral}export const ask = (question: string) => mistral.chat.complete({ model: "mistral-large-latest", messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });`,
    `${ollama}export const digest = (log: string) => ollama.generate({ model: "llama3.1", system: POLICY, prompt: log });`,
  ],
  invalid: [
    // A template variable (filled on each call) ahead of the policy in the system message.
    invalid(
      `${langchain}export const prompt = ChatPromptTemplate.fromMessages([["system", "Customer: {customer}. " + POLICY], ["human", "{input}"]]);`,
      [{ messageId: "dynamicBeforeStatic", text: '"Customer: {customer}. "' }],
    ),
    invalid(
      `${langchain}export const prompt = ChatPromptTemplate.fromMessages([SystemMessagePromptTemplate.fromTemplate("Answer as {persona}. " + POLICY), ["human", "{input}"]]);`,
      [{ messageId: "dynamicBeforeStatic", text: '"Answer as {persona}. "' }],
    ),
    // Filled by the chain's call with the customer's own data.
    invalid(
      `${langchain}const prompt = ChatPromptTemplate.fromMessages([["system", "Customer: {customer}. " + POLICY], ["human", "{input}"]]);
const chain = prompt.pipe(new ChatAnthropic({ model: "claude-sonnet-4-5" }));
export const ask = (customer: { name: string }, input: string) => chain.invoke({ customer: customer.name, input });`,
      [{ messageId: "dynamicBeforeStatic", text: '"Customer: {customer}. "' }],
    ),
    invalid(
      `${langchain}export const ask = (profile: string, question: string) => model.invoke([new SystemMessage(\`\${profile}\\n\${POLICY}\`), new HumanMessage(question)]);`,
      [{ messageId: "dynamicBeforeStatic", text: "profile", after: "${" }],
    ),
    invalid(
      `${mistral}export const review = (repo: { name: string }, diff: string) =>
  mistral.chat.complete({ model: "codestral-latest", messages: [{ role: "system", content: \`Repository: \${repo.name}.\\n\${POLICY}\` }, { role: "user", content: diff }] });`,
      [{ messageId: "dynamicBeforeStatic", text: "repo.name" }],
    ),
    invalid(
      `${ollama}export const ask = (host: string, question: string) =>
  ollama.chat({ model: "llama3.1", messages: [{ role: "system", content: "Host: " + host + ". " + POLICY }, { role: "user", content: question }] });`,
      [{ messageId: "dynamicBeforeStatic", text: "host", after: "+ " }],
    ),
  ],
});

ruleTester.run("no-volatile-prefix", noVolatilePrefix, {
  valid: [
    // The time goes into the final human message.
    `${langchain}const prompt = ChatPromptTemplate.fromMessages([["system", POLICY], ["human", "[{now}] {input}"]]);
const chain = prompt.pipe(model);
export const ask = (input: string) => chain.invoke({ now: new Date().toISOString(), input });`,
    // A date without the time of day changes once a day.
    `${langchain}const prompt = ChatPromptTemplate.fromMessages([["system", "Today is {today}. " + POLICY], ["human", "{input}"]]);
const chain = prompt.pipe(model);
export const ask = (input: string) => chain.invoke({ today: new Date().toDateString(), input });`,
    // A message made once when the module loads: the same text for every request of the process.
    `${langchain}const STARTED = new SystemMessage(\`Service started \${new Date().toISOString()}. \${POLICY}\`);
export const ask = (question: string) => model.invoke([STARTED, new HumanMessage(question)]);`,
    `${ollama}export const ask = (question: string) => ollama.chat({ model: "llama3.1", messages: [{ role: "system", content: POLICY }, { role: "user", content: \`\${new Date().toISOString()} \${question}\` }] });`,
    // The model's client has a fetch that only adds a header (a model whose body changes would be mapped).
    `${langchain}declare function gatewayToken(): Promise<string>;
const gateway = new ChatOpenAI({
  model: "gpt-4.1",
  configuration: {
    fetch: async (url: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set("Authorization", \`Bearer \${await gatewayToken()}\`);
      return fetch(url, { ...init, headers });
    },
  },
});
export const ask = (question: string) => gateway.invoke([new SystemMessage(POLICY), new HumanMessage(question)]);`,
  ],
  invalid: [
    // The model's client has a fetch that writes the time into the system message of every request.
    invalid(
      `${langchain}const traced = new ChatOpenAI({
  model: "gpt-4.1",
  configuration: {
    fetch: async (url: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(init!.body as string);
      const system = body.messages.find((message: { role: string }) => message.role === "system");
      if (system) system.content = \`Now: \${new Date().toISOString()}\\n\${system.content}\`;
      return fetch(url, { ...init, body: JSON.stringify(body) });
    },
  },
});
export const ask = (question: string) => traced.invoke([new SystemMessage(POLICY), new HumanMessage(question)]);`,
      [
        {
          messageId: "volatileInPrefix",
          text: "new Date().toISOString()",
          suggestions: [{ messageId: "suggestDateOnly", data: { method: "slice(0, 10)" }, from: "new Date().toISOString()", to: "new Date().toISOString().slice(0, 10)" }],
        },
      ],
    ),
    invalid(
      `${langchain}const prompt = ChatPromptTemplate.fromMessages([["system", "Current time: {now}. " + POLICY], ["human", "{input}"]]);
const chain = prompt.pipe(model);
export const ask = (input: string) => chain.invoke({ now: new Date().toLocaleTimeString(), input });`,
      [{ messageId: "volatileInPrefix", text: '"Current time: {now}. "' }],
    ),
    invalid(
      `${langchain}export const ask = (question: string) => model.invoke([new SystemMessage(\`Request \${crypto.randomUUID()}. \${POLICY}\`), new HumanMessage(question)]);`,
      [{ messageId: "volatileInPrefix", text: "crypto.randomUUID()" }],
    ),
    invalid(
      `${mistral}export const ask = (question: string) =>
  mistral.chat.stream({ model: "mistral-small-latest", messages: [{ role: "system", content: \`Now: \${Date.now()}. \${POLICY}\` }, { role: "user", content: question }] });`,
      [{ messageId: "volatileInPrefix", text: "Date.now()" }],
    ),
    invalid(
      `${ollama}export const digest = (log: string) => ollama.generate({ model: "qwen2.5:14b", system: \`Generated \${new Date().toLocaleString()}. \${POLICY}\`, prompt: log });`,
      [{ messageId: "volatileInPrefix", text: "new Date().toLocaleString()", suggestions: [{ messageId: "suggestDateOnly", data: { method: "toLocaleDateString" }, from: "new Date().toLocaleString()", to: "new Date().toLocaleDateString()" }] }],
    ),
  ],
});

ruleTester.run("single-leading-system", singleLeadingSystem, {
  valid: [
    `${langchain}export const prompt = ChatPromptTemplate.fromMessages([{ role: "system", content: POLICY }, new MessagesPlaceholder("history"), { role: "user", content: "{input}" }]);`,
    `${mistral}export const ask = (q: string) => mistral.chat.complete({ model: "mistral-large-latest", messages: [{ role: "system", content: POLICY }, { role: "user", content: q }] });`,
  ],
  invalid: [
    // A per-turn system message after the history placeholder of a template.
    invalid(
      `${langchain}export const prompt = ChatPromptTemplate.fromMessages([
  { role: "system", content: POLICY },
  ["placeholder", "{history}"],
  { role: "system", content: "Remaining budget: {budget} steps." },
  { role: "user", content: "{input}" },
]);`,
      [{ messageId: "multipleSystem", text: '{ role: "system", content: "Remaining budget: {budget} steps." }' }],
    ),
    invalid(
      `${mistral}export const ask = (q: string) => mistral.chat.complete({ model: "mistral-large-latest", messages: [{ role: "user", content: q }, { role: "system", content: POLICY }] });`,
      [{ messageId: "systemNotFirst", text: '{ role: "system", content: POLICY }' }],
    ),
    invalid(
      `${ollama}export const ask = (history: any[], q: string) =>
  ollama.chat({ model: "llama3.1", messages: [{ role: "system", content: POLICY }, ...history, { role: "system", content: "Answer in one line." }, { role: "user", content: q }] });`,
      [{ messageId: "multipleSystem", text: '{ role: "system", content: "Answer in one line." }' }],
    ),
  ],
});

ruleTester.run("stable-history", stableHistory, {
  valid: [
    `${langchain}const prompt = ChatPromptTemplate.fromMessages([["system", POLICY], new MessagesPlaceholder("history"), ["human", "{input}"]]);
const chain = prompt.pipe(model);
export const reply = (history: any[], input: string) => chain.invoke({ history, input });`,
    // Keeping the head of the list leaves the prefix alone.
    `${langchain}export const reply = (history: any[], input: string) => model.invoke([new SystemMessage(POLICY), ...history.slice(0, 50), new HumanMessage(input)]);`,
  ],
  invalid: [
    // The placeholder is fed a window that moves every turn.
    invalid(
      `${langchain}const prompt = ChatPromptTemplate.fromMessages([["system", POLICY], new MessagesPlaceholder("history"), ["human", "{input}"]]);
const chain = prompt.pipe(model);
export const reply = (history: any[], input: string) => chain.invoke({ history: history.slice(-10), input });`,
      [{ messageId: "rewrittenHistory", text: "history.slice(-10)" }],
    ),
    invalid(
      `${langchain}export const reply = (history: any[], input: string) => model.invoke([new SystemMessage(POLICY), ...history.slice(-8), new HumanMessage(input)]);`,
      [{ messageId: "rewrittenHistory", text: "history.slice(-8)" }],
    ),
    invalid(
      `${mistral}export const reply = (history: any[], q: string) =>
  mistral.chat.complete({ model: "mistral-large-latest", messages: [{ role: "system", content: POLICY }, ...history.slice(-20), { role: "user", content: q }] });`,
      [{ messageId: "rewrittenHistory", text: "history.slice(-20)" }],
    ),
    invalid(
      `${ollama}export function reply(history: any[], q: string) {
  if (history.length > 40) history.shift();
  return ollama.chat({ model: "llama3.1", messages: [{ role: "system", content: POLICY }, ...history, { role: "user", content: q }] });
}`,
      [{ messageId: "rewrittenHistory", text: "history.shift()" }],
    ),
  ],
});

ruleTester.run("cache-routing-key", cacheRoutingKey, {
  valid: [
    { code: `${mistral}export const ask = (conversationId: string, q: string) => mistral.chat.complete({ model: "mistral-large-latest", promptCacheKey: conversationId, messages: [{ role: "user", content: q }] });`, options: [{ requireKeyFor: ["mistral"] }] },
    // Ollama has no routing key: one server holds the cache.
    { code: `${ollama}export const ask = (q: string) => ollama.chat({ model: "llama3.1", messages: [{ role: "user", content: q }] });`, options: [{ requireKeyFor: ["mistral", "openai"] }] },
    // FIM and agents requests take no promptCacheKey.
    {
      code: `${mistral}export const complete = (before: string, after: string) => mistral.fim.complete({ model: "codestral-latest", prompt: before, suffix: after });
export const delegate = (q: string) => mistral.agents.complete({ agentId: "ag-support", messages: [{ role: "user", content: q }] });`,
      options: [{ requireKeyFor: ["mistral"] }],
    },
    // A key made once for a session and reused by its requests.
    `${langchain}const session = crypto.randomUUID();
export const ask = (q: string) => model.invoke([new HumanMessage(q)], { promptCacheKey: session });`,
  ],
  invalid: [
    invalid(
      `${mistral}export const ask = (q: string) => mistral.chat.complete({ model: "mistral-large-latest", messages: [{ role: "system", content: POLICY }, { role: "user", content: q }] });`,
      [{ messageId: "missingKey", text: "complete" }],
      [{ requireKeyFor: ["mistral"] }],
    ),
    invalid(
      `${mistral}export const ask = (q: string) => mistral.agents.complete({ agentId: "ag_support", promptCacheKey: crypto.randomUUID(), messages: [{ role: "user", content: q }] });`,
      [{ messageId: "volatileKey", text: "crypto.randomUUID()" }],
    ),
    invalid(
      `${langchain}export const ask = (q: string) => model.invoke([new SystemMessage(POLICY), new HumanMessage(q)], { promptCacheKey: crypto.randomUUID() });`,
      [{ messageId: "volatileKey", text: "crypto.randomUUID()" }],
    ),
  ],
});

ruleTester.run("stable-tool-choice", stableToolChoice, {
  valid: [
    `${mistral}export const ask = (q: string) => mistral.chat.complete({ model: "mistral-large-latest", tools: [], toolChoice: "auto", messages: [{ role: "user", content: q }] });`,
    `${langchain}const withTools = model.bindTools([], { tool_choice: "auto" });
export const ask = (q: string) => withTools.invoke([new HumanMessage(q)]);`,
  ],
  invalid: [
    invalid(
      `${mistral}export const ask = (q: string, mustUseTools: boolean) =>
  mistral.chat.complete({ model: "mistral-large-latest", tools: [], toolChoice: mustUseTools ? "any" : "auto", messages: [{ role: "user", content: q }] });`,
      [{ messageId: "changingToolChoice", text: 'mustUseTools ? "any" : "auto"' }],
    ),
    invalid(
      `${langchain}export const ask = (q: string, forced: string) => model.bindTools([], { tool_choice: forced }).invoke([new HumanMessage(q)]);`,
      // ChatOpenAI sends to OpenAI, whose fix is `allowed_tools`.
      [{ messageId: "changingToolChoiceAllowedTools", text: "forced", after: "tool_choice: " }],
    ),
  ],
});

ruleTester.run("stable-tools", stableTools, {
  valid: [
    `${langchain}const TOOLS = [{ type: "function", function: { name: "lookup", description: "Look up an order.", parameters: { type: "object", properties: {} } } }];
const agent = model.bindTools(TOOLS);
export const ask = (q: string) => agent.invoke([new SystemMessage(POLICY), new HumanMessage(q)]);`,
  ],
  invalid: [
    invalid(
      `${langchain}const TOOLS = [{ type: "function", function: { name: "lookup", description: "Look up an order.", parameters: { type: "object", properties: {} } } }];
export const ask = (q: string, allowed: string[]) => model.bindTools(TOOLS.filter((tool) => allowed.includes(tool.function.name))).invoke([new HumanMessage(q)]);`,
      [{ messageId: "changingTools", text: "TOOLS.filter((tool) => allowed.includes(tool.function.name))" }],
    ),
  ],
});

ruleTester.run("stable-images", stableImages, {
  valid: [
    // Per-request images in the final user message.
    `${ollama}export const check = (photo: string) => ollama.chat({ model: "llava:13b", messages: [{ role: "system", content: POLICY }, { role: "user", content: "Check this rack.", images: [photo] }] });`,
    `${mistral}export const ask = (q: string, screenshot: string) =>
  mistral.chat.complete({ model: "pixtral-large-latest", messages: [{ role: "system", content: POLICY }, { role: "user", content: [{ type: "text", text: q }, { type: "image_url", imageUrl: screenshot }] }] });`,
  ],
  invalid: [
    // The reference diagram is sent on the first turn only, ahead of the policy.
    invalid(
      `${mistral}const DIAGRAM = "https://docs.example.com/rack-a.png";
export const ask = (q: string, firstTurn: boolean) =>
  mistral.chat.complete({
    model: "pixtral-large-latest",
    messages: [...(firstTurn ? [{ role: "user" as const, content: [{ type: "image_url" as const, imageUrl: DIAGRAM }] }] : []), { role: "system", content: POLICY }, { role: "user", content: q }],
  });`,
      [{ messageId: "changingImage", text: '...(firstTurn ? [{ role: "user" as const, content: [{ type: "image_url" as const, imageUrl: DIAGRAM }] }] : [])' }],
    ),
    invalid(
      `${langchain}const DIAGRAM = "https://docs.example.com/rack-a.png";
export const ask = (q: string, firstTurn: boolean) =>
  model.invoke([...(firstTurn ? [new HumanMessage({ content: [{ type: "image_url", image_url: { url: DIAGRAM } }] })] : []), new SystemMessage(POLICY), new HumanMessage(q)]);`,
      [{ messageId: "changingImage", text: '...(firstTurn ? [new HumanMessage({ content: [{ type: "image_url", image_url: { url: DIAGRAM } }] })] : [])' }],
    ),
  ],
});
