import cacheControlBreakpoints from "../../rules/cache-control-breakpoints.js";
import cacheRoutingKey from "../../rules/cache-routing-key.js";
import noVolatilePrefix from "../../rules/no-volatile-prefix.js";
import providerConstraints from "../../rules/provider-constraints.js";
import singleLeadingSystem from "../../rules/single-leading-system.js";
import stableHistory from "../../rules/stable-history.js";
import stableImages from "../../rules/stable-images.js";
import stableToolChoice from "../../rules/stable-tool-choice.js";
import stableTools from "../../rules/stable-tools.js";
import staticBeforeDynamic from "../../rules/static-before-dynamic.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

/*
 * The existing rules on the Vercel AI SDK (`ai` + `@ai-sdk/*`) and on `@google/genai`.
 */

const ai = `import { generateText, streamText, tool } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
import { openai } from "@ai-sdk/openai";
import { xai } from "@ai-sdk/xai";
import { z } from "zod";
const POLICY = ${JSON.stringify(POLICY)};
`;

const genai = `import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
const POLICY = ${JSON.stringify(POLICY)};
`;

ruleTester.run("static-before-dynamic", staticBeforeDynamic, {
  valid: [
    // The instructions are static and the question comes last.
    `${ai}export const reply = (question: string) => generateText({ model: openai("gpt-4o"), system: POLICY, prompt: question });`,
    `${genai}export const reply = (question: string) => ai.models.generateContent({ model: "gemini-2.5-flash", contents: question, config: { systemInstruction: POLICY } });`,
    // A per-request value after the static text of the instructions.
    `${ai}export const reply = (name: string, question: string) =>
  generateText({ model: anthropic("claude-sonnet-4-5"), instructions: \`\${POLICY}\\nThe requester is \${name}.\`, prompt: question });`,
  ],
  invalid: [
    // chatwoot/chatwoot PR #15582: per-request context above the rules.
    invalid(
      `${ai}export const reply = (customer: { name: string }, question: string) =>
  generateText({ model: anthropic("claude-sonnet-4-5"), instructions: \`Customer: \${customer.name}\\n\${POLICY}\`, prompt: question });`,
      [{ messageId: "dynamicBeforeStatic", text: "customer.name" }],
    ),
    invalid(
      `${genai}export const reply = (traveler: { name: string }, question: string) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: question, config: { systemInstruction: \`Traveler: \${traveler.name}. \${POLICY}\` } });`,
      [{ messageId: "dynamicBeforeStatic", text: "traveler.name" }],
    ),
    // A chat created per traveler: its instructions are sent with every message.
    invalid(
      `${genai}export async function openChat(traveler: { name: string }, question: string) {
  const chat = ai.chats.create({ model: "gemini-2.5-flash", config: { systemInstruction: \`Traveler: \${traveler.name}. \${POLICY}\` } });
  return chat.sendMessage({ message: question });
}`,
      [{ messageId: "dynamicBeforeStatic", text: "traveler.name" }],
    ),
    // A Gemini photo part ahead of static reading instructions, in an earlier turn.
    invalid(
      `${genai}export const read = (photo: string, history: never[], question: string) =>
  ai.models.generateContent({
    model: "gemini-2.5-flash",
    contents: [{ role: "user", parts: [{ inlineData: { data: photo, mimeType: "image/jpeg" } }, { text: POLICY }] }, ...history, { role: "user", parts: [{ text: question }] }],
  });`,
      [{ messageId: "dynamicBeforeStatic", text: '{ inlineData: { data: photo, mimeType: "image/jpeg" } }' }],
    ),
  ],
});

ruleTester.run("no-volatile-prefix", noVolatilePrefix, {
  valid: [
    // The time in the final user input.
    `${ai}export const reply = (question: string) => generateText({ model: openai("gpt-4o"), system: POLICY, prompt: \`[\${new Date().toISOString()}] \${question}\` });`,
    // A date changes once a day.
    `${genai}export const reply = (question: string, history: never[]) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: [...history, question], config: { systemInstruction: \`Today is \${new Date().toDateString()}. \${POLICY}\` } });`,
  ],
  invalid: [
    // earendil-works/pi#1873: the time of day ahead of the instructions.
    invalid(
      `${ai}export const reply = (question: string, history: never[]) =>
  streamText({ model: anthropic("claude-sonnet-4-5"), instructions: \`Now: \${new Date().toLocaleString()}. \${POLICY}\`, messages: [...history, { role: "user", content: question }] });`,
      [{ messageId: "volatileInPrefix", text: "new Date().toLocaleString()", suggestions: [{ messageId: "suggestDateOnly", data: { method: "toLocaleDateString" }, from: "new Date().toLocaleString()", to: "new Date().toLocaleDateString()" }] }],
    ),
    invalid(
      `${genai}export const reply = (history: never[], question: string) =>
  ai.models.generateContent({
    model: "gemini-2.5-flash",
    contents: [...history, { role: "user", parts: [{ text: question }] }],
    config: { systemInstruction: \`\${POLICY}\\nCurrent time: \${Date.now()}\` },
  });`,
      [{ messageId: "volatileInPrefix", text: "Date.now()" }],
    ),
  ],
});

ruleTester.run("single-leading-system", singleLeadingSystem, {
  valid: [
    // The AI SDK's own instructions option, and only turns in `messages`.
    `${ai}export const reply = (history: never[], question: string) =>
  generateText({ model: openai("gpt-4o"), system: POLICY, messages: [...history, { role: "user", content: question }] });`,
    // Gemini contents have no system role (the instructions are \`systemInstruction\`).
    `${genai}export const reply = (question: string) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: [{ role: "model", parts: [{ text: "Hello." }] }, { role: "user", parts: [{ text: question }] }] });`,
  ],
  invalid: [
    // ollama/ollama#18431: a per-turn system message after the history.
    invalid(
      `${ai}export const step = (history: never[], question: string) =>
  generateText({
    model: xai("grok-4"),
    messages: [{ role: "system", content: POLICY }, ...history, { role: "system", content: "Remaining budget: 3 steps." }, { role: "user", content: question }],
  });`,
      [{ messageId: "multipleSystem", text: '{ role: "system", content: "Remaining budget: 3 steps." }' }],
    ),
  ],
});

ruleTester.run("stable-tools", stableTools, {
  valid: [
    // The same tools on every request; `activeTools` fixed for this feature.
    `${ai}const tools = { search: tool({ description: "Search the help center.", inputSchema: z.object({ q: z.string() }) }) };
export const reply = (question: string) => generateText({ model: openai("gpt-4o"), tools, activeTools: ["search"], prompt: question });`,
    `${genai}const declarations = [{ name: "lookupBooking", description: "Look up a booking." }];
export const reply = (question: string) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: question, config: { tools: [{ functionDeclarations: declarations }] } });`,
    // \`toolOrder\` fixes the order of tools collected at run time.
    `${ai}export const reply = (question: string, plugins: Record<string, never>) =>
  generateText({ model: openai("gpt-4o"), tools: Object.fromEntries(Object.entries(plugins)), toolOrder: [], prompt: question });`,
  ],
  invalid: [
    // openclaw/openclaw#146902: the tool set changes within one session.
    invalid(
      `${ai}const tools = {
  search: tool({ description: "Search the help center.", inputSchema: z.object({ q: z.string() }) }),
  refund: tool({ description: "Issue a refund.", inputSchema: z.object({ orderId: z.string() }) }),
};
export const reply = (question: string, allowed: Array<"search" | "refund">) =>
  generateText({ model: anthropic("claude-sonnet-4-5"), tools, activeTools: allowed, prompt: question });`,
      [{ messageId: "changingTools", text: "allowed", after: "activeTools: " }],
    ),
    invalid(
      `${ai}const baseTools = { search: tool({ description: "Search.", inputSchema: z.object({ q: z.string() }) }) };
const adminTools = { refund: tool({ description: "Refund.", inputSchema: z.object({ id: z.string() }) }) };
export const reply = (user: { isAdmin: boolean }, question: string) =>
  generateText({ model: openai("gpt-4o"), tools: { ...baseTools, ...(user.isAdmin ? adminTools : {}) }, prompt: question });`,
      [{ messageId: "changingTools", text: "user.isAdmin ? adminTools : {}" }],
    ),
    // can1357/oh-my-pi PR #890: MCP tools in the order the server lists them.
    invalid(
      `import { experimental_createMCPClient as createMCPClient, generateText } from "ai";
import { openai } from "@ai-sdk/openai";
const mcp = await createMCPClient({ transport: { type: "sse", url: "https://mcp.example.com/sse" } });
export async function reply(question: string) {
  const tools = await mcp.tools();
  return generateText({ model: openai("gpt-4o"), tools, prompt: question });
}`,
      [{ messageId: "unorderedTools", text: "mcp.tools()" }],
    ),
    invalid(
      `${genai}const ALL = [{ name: "searchFlights", description: "Search flights." }, { name: "searchHotels", description: "Search hotels." }];
export const turn = (question: string, enabled: string[]) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: question, config: { tools: [{ functionDeclarations: ALL.filter((fn) => enabled.includes(fn.name)) }] } });`,
      [{ messageId: "changingTools", text: "ALL.filter((fn) => enabled.includes(fn.name))" }],
    ),
  ],
});

ruleTester.run("stable-tool-choice", stableToolChoice, {
  valid: [
    `${ai}export const reply = (question: string) => generateText({ model: anthropic("claude-sonnet-4-5"), toolChoice: "auto", prompt: question });`,
  ],
  invalid: [
    invalid(
      `${ai}export const reply = (ticket: { urgent: boolean }, history: never[], question: string) =>
  generateText({
    model: anthropic("claude-sonnet-4-5"),
    toolChoice: ticket.urgent ? { type: "tool", toolName: "page" } : "auto",
    messages: [...history, { role: "user", content: question }],
  });`,
      [{ messageId: "changingToolChoice", text: 'ticket.urgent ? { type: "tool", toolName: "page" } : "auto"' }],
    ),
  ],
});

ruleTester.run("stable-history", stableHistory, {
  valid: [
    `${ai}export const reply = (history: never[], question: string) =>
  generateText({ model: openai("gpt-4o"), system: POLICY, messages: [...history, { role: "user", content: question }] });`,
    `${genai}export const reply = (history: never[], question: string) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: [...history, { role: "user", parts: [{ text: question }] }] });`,
  ],
  invalid: [
    // openclaw/openclaw#115273: a sliding window over the conversation.
    invalid(
      `${ai}export const reply = (history: never[], question: string) =>
  generateText({ model: openai("gpt-4o"), system: POLICY, messages: [...history.slice(-10), { role: "user", content: question }] });`,
      [{ messageId: "rewrittenHistory", text: "history.slice(-10)" }],
    ),
    invalid(
      `${genai}export const reply = (conversation: never[], question: string) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: [...conversation.slice(-8), { role: "user", parts: [{ text: question }] }] });`,
      [{ messageId: "rewrittenHistory", text: "conversation.slice(-8)" }],
    ),
  ],
});

ruleTester.run("stable-images", stableImages, {
  valid: [
    // The requester's screenshot in the final user message.
    `${ai}export const diagnose = (screenshot: string, history: never[]) =>
  generateText({
    model: openai("gpt-4.1"),
    system: POLICY,
    messages: [...history, { role: "user", content: [{ type: "image", image: new URL(screenshot) }, { type: "text", text: "What is wrong here?" }] }],
  });`,
  ],
  invalid: [
    // Whether the screenshot turn is sent is decided per request, ahead of the conversation.
    invalid(
      `${ai}export const diagnose = (screenshot: string | undefined, history: never[], question: string) =>
  generateText({
    model: openai("gpt-4.1"),
    system: POLICY,
    messages: [
      ...(screenshot ? [{ role: "user" as const, content: [{ type: "image" as const, image: new URL(screenshot) }] }] : []),
      ...history,
      { role: "user", content: question },
    ],
  });`,
      [{ messageId: "changingImage", text: '...(screenshot ? [{ role: "user" as const, content: [{ type: "image" as const, image: new URL(screenshot) }] }] : [])' }],
    ),
  ],
});

ruleTester.run("cache-routing-key", cacheRoutingKey, {
  valid: [
    // A conversation id in the header xAI routes by.
    `${ai}export const step = (conversationId: string, question: string) =>
  generateText({ model: xai.chat("grok-4"), prompt: question, headers: { "x-grok-conv-id": conversationId } });`,
    // A per-chat key through the provider options stays the same for the whole chat.
    {
      code: `${ai}export const reply = (chatId: string, question: string) =>
  generateText({ model: openai("gpt-5.2"), prompt: question, providerOptions: { openai: { promptCacheKey: \`portal-\${chatId}\` } } });`,
      options: [{ requireKeyFor: ["xai", "openai"] }],
    },
  ],
  invalid: [
    // vectorize-io/hindsight PR #2390: a new key on every request.
    invalid(
      `${ai}export const step = (question: string) =>
  generateText({ model: xai("grok-4"), prompt: question, headers: { "x-grok-conv-id": crypto.randomUUID() } });`,
      [{ messageId: "volatileKey", text: "crypto.randomUUID()" }],
    ),
    invalid(
      `${ai}export const reply = (question: string) =>
  generateText({ model: openai("gpt-5.2"), prompt: question, providerOptions: { openai: { promptCacheKey: \`req-\${Date.now()}\` } } });`,
      [{ messageId: "volatileKey", text: "`req-${Date.now()}`" }],
    ),
  ],
});

ruleTester.run("provider-constraints", providerConstraints, {
  valid: [
    // v7 with the opt-in, to a provider that accepts system messages anywhere.
    `${ai}export const step = (history: never[], note: string) =>
  generateText({ model: openai("gpt-4o"), instructions: POLICY, allowSystemInMessages: true, messages: [...history, { role: "system", content: note }] });`,
    // Before v7 (\`system\`), a leading system message in \`messages\` is accepted.
    `${ai}export const step = (question: string) =>
  generateText({ model: anthropic("claude-sonnet-4-5"), messages: [{ role: "system", content: POLICY }, { role: "user", content: question }] });`,
    // @ai-sdk/anthropic moves a single system block to the top-level system field.
    `${ai}export const step = (question: string) =>
  generateText({ model: anthropic("claude-sonnet-4-5"), messages: [{ role: "user", content: question }, { role: "system", content: POLICY }] });`,
    // The cache holds the instructions; the request names only the cache.
    `${genai}export async function ask(question: string) {
  const cache = await ai.caches.create({ model: "gemini-2.5-flash", config: { systemInstruction: POLICY, contents: [POLICY], ttl: "3600s" } });
  return ai.models.generateContent({ model: "gemini-2.5-flash", contents: question, config: { cachedContent: cache.name } });
}`,
    // The instructions are sent only when there is no cache.
    `${genai}export const ask = (question: string, cacheName: string | undefined) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: question, config: { cachedContent: cacheName, systemInstruction: cacheName ? undefined : POLICY } });`,
  ],
  invalid: [
    invalid(
      `${ai}export const digest = (team: string, previous: never[], tickets: string) =>
  generateText({
    model: openai("gpt-4o"),
    instructions: POLICY,
    messages: [...previous, { role: "system", content: \`Team: \${team}.\` }, { role: "user", content: tickets }],
  });`,
      [
        {
          messageId: "aiSdkSystemInMessages",
          text: "{ role: \"system\", content: `Team: ${team}.` }",
          suggestions: [
            {
              messageId: "suggestAllowSystemInMessages",
              from: '{ role: "user", content: tickets }],\n  });',
              to: '{ role: "user", content: tickets }],\n    allowSystemInMessages: true,\n  });',
            },
          ],
        },
      ],
    ),
    // midday-ai/ai-sdk-tools#121: a second system block after the conversation.
    invalid(
      `${ai}export const step = (history: never[], note: string, question: string) =>
  streamText({ model: anthropic("claude-sonnet-4-5"), system: POLICY, messages: [...history, { role: "system", content: note }, { role: "user", content: question }] });`,
      [{ messageId: "aiSdkSystemAfterTurns", text: "{ role: \"system\", content: note }" }],
    ),
    invalid(
      `import { generateText } from "ai";
import { bedrock } from "@ai-sdk/amazon-bedrock";
import { google } from "@ai-sdk/google";
export async function run(question: string, note: string) {
  await generateText({ model: bedrock("anthropic.claude-sonnet-4-5-20250929-v1:0"), messages: [{ role: "user", content: question }, { role: "system", content: note }] });
  await generateText({ model: google("gemini-2.5-flash"), messages: [{ role: "user", content: question }, { role: "system", content: note }] });
}`,
      [
        { messageId: "aiSdkSystemAfterTurns", text: '{ role: "system", content: note }' },
        { messageId: "aiSdkSystemAfterTurns", text: '{ role: "system", content: note }', after: 'google("gemini-2.5-flash"), messages: [{ role: "user", content: question }, ' },
      ],
    ),
    // vercel/ai#3333, langchain-google#1618: instructions and tools next to a cache.
    invalid(
      `${genai}export const ask = (question: string, cacheName: string) =>
  ai.models.generateContent({
    model: "gemini-2.5-flash",
    contents: question,
    config: { cachedContent: cacheName, systemInstruction: POLICY, tools: [{ googleSearch: {} }] },
  });`,
      [{ messageId: "geminiCachedContent", text: "cachedContent: cacheName" }],
    ),
    invalid(
      `import { generateText } from "ai";
import { google } from "@ai-sdk/google";
export const ask = (question: string, cacheName: string) =>
  generateText({ model: google("gemini-2.5-flash"), system: "Answer from the handbook.", prompt: question, providerOptions: { google: { cachedContent: cacheName } } });`,
      [{ messageId: "geminiCachedContent", text: "cachedContent: cacheName" }],
    ),
  ],
});

ruleTester.run("cache-control-breakpoints", cacheControlBreakpoints, {
  valid: [
    // One breakpoint on the static instructions, one automatic.
    `${ai}export const reply = (history: never[], question: string) =>
  streamText({
    model: anthropic("claude-sonnet-4-5"),
    instructions: { role: "system", content: POLICY, providerOptions: { anthropic: { cacheControl: { type: "ephemeral", ttl: "1h" } } } },
    messages: [...history, { role: "user", content: question }],
    providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } },
  });`,
  ],
  invalid: [
    // OnlyTerp gotcha 1: a breakpoint on a block that changes on every request.
    invalid(
      `${ai}export const reply = (question: string) =>
  generateText({
    model: anthropic("claude-sonnet-4-5"),
    instructions: { role: "system", content: \`\${POLICY} Now: \${Date.now()}\`, providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } },
    prompt: question,
  });`,
      [{ messageId: "volatileBreakpoint", text: 'cacheControl: { type: "ephemeral" }' }],
    ),
    // Longer TTLs must come first.
    invalid(
      `${ai}export const reply = (doc: string, question: string) =>
  generateText({
    model: anthropic("claude-sonnet-4-5"),
    instructions: { role: "system", content: POLICY, providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } },
    messages: [{ role: "user", content: [{ type: "text", text: doc, providerOptions: { anthropic: { cacheControl: { type: "ephemeral", ttl: "1h" } } } }, { type: "text", text: question }] }],
  });`,
      [
        {
          messageId: "ttlOrder",
          text: 'cacheControl: { type: "ephemeral", ttl: "1h" }',
          suggestions: [{ messageId: "suggestLongerTtl", data: { line: 10 }, from: 'cacheControl: { type: "ephemeral" }', to: 'cacheControl: { type: "ephemeral", ttl: "1h" }' }],
        },
      ],
    ),
  ],
});
