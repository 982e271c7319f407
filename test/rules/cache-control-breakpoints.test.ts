import rule from "../../rules/cache-control-breakpoints.js";
import { HANDBOOK } from "./handbook.js";
import { invalid, POLICY, ruleTester } from "./rule-tester.js";

const anthropic = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
const POLICY = ${JSON.stringify(POLICY)};
const HANDBOOK = ${JSON.stringify(HANDBOOK)};
`;

const bedrock = `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const bedrock = new BedrockRuntimeClient({ region: "us-east-1" });
const POLICY = ${JSON.stringify(POLICY)};
const HANDBOOK = ${JSON.stringify(HANDBOOK)};
`;

const tools = `const tools: Anthropic.Tool[] = [
  { name: "lookup_parcel", description: "Look up a parcel by tracking number.", input_schema: { type: "object", properties: { tracking: { type: "string" } } } },
  { name: "open_trace", description: "Open a trace request for a parcel.", input_schema: { type: "object", properties: { tracking: { type: "string" } } } },
];
`;

ruleTester.run("cache-control-breakpoints", rule, {
  valid: [
    // The documented multi-turn pattern: the static system prompt, then the last turn of a
    // growing conversation, which the next request resends as history and reads back.
    `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: HANDBOOK, cache_control: { type: "ephemeral" } }],
    messages: [...history, { role: "user", content: [{ type: "text", text: question, cache_control: { type: "ephemeral" } }] }],
  });
}`,
    // Exactly four breakpoints: the last tool, the system prompt and two conversation turns.
    `${anthropic}${tools}export async function reply(history: Anthropic.MessageParam[], lastReply: string, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    tools: [...tools, { name: "handover", description: "Hand the chat to a human agent.", input_schema: { type: "object" }, cache_control: { type: "ephemeral" } }],
    system: [{ type: "text", text: HANDBOOK, cache_control: { type: "ephemeral" } }],
    messages: [
      ...history,
      { role: "assistant", content: [{ type: "text", text: lastReply, cache_control: { type: "ephemeral" } }] },
      { role: "user", content: [{ type: "text", text: question, cache_control: { type: "ephemeral" } }] },
    ],
  });
}`,
    // A 5-minute breakpoint after a 1-hour one is the required order.
    `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: HANDBOOK, cache_control: { type: "ephemeral", ttl: "1h" } }],
    messages: [...history, { role: "user", content: [{ type: "text", text: question, cache_control: { type: "ephemeral", ttl: "5m" } }] }],
  });
}`,
    // Automatic caching: the top-level marker moves with the conversation.
    `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    cache_control: { type: "ephemeral" },
    system: HANDBOOK,
    messages: [...history, { role: "user", content: question }],
  });
}`,
    // The breakpoint is on the static block; the per-customer block after it is not marked.
    `${anthropic}export async function reply(customer: { name: string; plan: string }, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [
      { type: "text", text: HANDBOOK, cache_control: { type: "ephemeral" } },
      { type: "text", text: \`The customer is \${customer.name} on the \${customer.plan} plan.\` },
    ],
    messages: [{ role: "user", content: question }],
  });
}`,
    // A second breakpoint on per-customer text after a static one: a deliberate cache per customer.
    `${anthropic}export async function reply(history: Anthropic.MessageParam[], customer: { name: string }, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [
      { type: "text", text: HANDBOOK, cache_control: { type: "ephemeral", ttl: "1h" } },
      { type: "text", text: \`The customer is \${customer.name}.\`, cache_control: { type: "ephemeral" } },
    ],
    messages: [...history, { role: "user", content: question }],
  });
}`,
    // A document in the user turn, marked so that follow-up questions about it read it back.
    `${anthropic}export async function askAboutContract(contract: string, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: POLICY,
    messages: [
      {
        role: "user",
        content: [
          { type: "document", source: { type: "text", media_type: "text/plain", data: contract }, cache_control: { type: "ephemeral" } },
          { type: "text", text: question },
        ],
      },
    ],
  });
}`,
    // The time in the last turn of a growing conversation is resent verbatim as history.
    `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: HANDBOOK, cache_control: { type: "ephemeral" } }],
    messages: [...history, { role: "user", content: [{ type: "text", text: \`[\${new Date().toISOString()}] \${question}\`, cache_control: { type: "ephemeral" } }] }],
  });
}`,
    // A marker chosen at run time is not counted: four certain breakpoints.
    `${anthropic}${tools}export async function reply(history: Anthropic.MessageParam[], question: string, cacheTurn: boolean) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    tools: [...tools, { name: "handover", description: "Hand over.", input_schema: { type: "object" }, cache_control: { type: "ephemeral" } }],
    system: [
      { type: "text", text: HANDBOOK, cache_control: { type: "ephemeral" } },
      { type: "text", text: POLICY, cache_control: { type: "ephemeral" } },
    ],
    messages: [...history, { role: "user", content: [{ type: "text", text: question, cache_control: cacheTurn ? { type: "ephemeral" } : undefined }] }],
    cache_control: { type: "ephemeral" },
  });
}`,
    // A static prefix below the model's minimum (512 tokens on Claude Opus 5) is not worth a breakpoint.
    `${anthropic}export async function classify(ticket: string) {
  return client.messages.create({ model: "claude-opus-5", max_tokens: 256, system: POLICY, messages: [{ role: "user", content: ticket }] });
}`,
    // A marker the analyzer cannot place: the last tool is marked by a mapper.
    `${anthropic}${tools}const cachedTools = tools.map((tool, index) => (index === tools.length - 1 ? { ...tool, cache_control: { type: "ephemeral" as const } } : tool));
export async function reply(question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, tools: cachedTools, system: HANDBOOK, messages: [{ role: "user", content: question }] });
}`,
    // A helper marks the last turns of the conversation before it is sent.
    `${anthropic}declare function withCacheMarkers(messages: Anthropic.MessageParam[]): Anthropic.MessageParam[];
export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: HANDBOOK,
    messages: withCacheMarkers([...history, { role: "user", content: question }]),
  });
}`,
    // Counting tokens caches nothing.
    `${anthropic}export async function size(question: string) {
  return client.messages.countTokens({ model: "claude-sonnet-4-5", system: HANDBOOK, messages: [{ role: "user", content: question }] });
}`,
    // requireBreakpoint off: a team that caches through a gateway.
    {
      code: `${anthropic}export async function reply(question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, system: HANDBOOK, messages: [{ role: "user", content: question }] });
}`,
      options: [{ requireBreakpoint: false }],
    },
    // A look-alike: Twilio's `client.messages.create` sends an SMS, not a prompt.
    `import twilio from "twilio";
const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);
const HANDBOOK = ${JSON.stringify(HANDBOOK)};
export const notify = (to: string) => client.messages.create({ body: HANDBOOK, from: "+15550100", to });`,
    // Bedrock Converse: a cache point after the static system prompt and one at the end of the conversation.
    `${bedrock}export async function reply(history: any[], question: string) {
  return bedrock.send(
    new ConverseCommand({
      modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      system: [{ text: HANDBOOK }, { cachePoint: { type: "default" } }],
      messages: [...history, { role: "user", content: [{ text: question }, { cachePoint: { type: "default" } }] }],
    }),
  );
}`,
    // Bedrock models without cache points (Llama) are never told to add one.
    `${bedrock}export async function reply(question: string) {
  return bedrock.send(new ConverseCommand({ modelId: "meta.llama3-3-70b-instruct-v1:0", system: [{ text: HANDBOOK }], messages: [{ role: "user", content: [{ text: question }] }] }));
}`,
  ],
  invalid: [
    // Four block breakpoints and the top-level one: "Found 5."
    invalid(
      `${anthropic}${tools}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    tools: [...tools, { name: "handover", description: "Hand over.", input_schema: { type: "object" }, cache_control: { type: "ephemeral" } }],
    system: [
      { type: "text", text: HANDBOOK, cache_control: { type: "ephemeral" } },
      { type: "text", text: POLICY, cache_control: { type: "ephemeral" } },
    ],
    messages: [...history, { role: "user", content: [{ type: "text", text: question, cache_control: { type: "ephemeral" } }] }],
    cache_control: { type: "ephemeral" },
  });
}`,
      [{ messageId: "tooManyBreakpoints", text: `cache_control: { type: "ephemeral" }`, after: "}] }],\n    " }],
    ),
    // A breakpoint on every message of a few-shot prompt: the fifth is one too many.
    invalid(
      `${anthropic}const cached = { type: "ephemeral" } as const;
export async function label(review: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 16,
    system: [{ type: "text", text: HANDBOOK, cache_control: cached }],
    messages: [
      { role: "user", content: [{ type: "text", text: "The parcel came two days early.", cache_control: cached }] },
      { role: "assistant", content: [{ type: "text", text: "positive", cache_control: cached }] },
      { role: "user", content: [{ type: "text", text: "Nobody answered the phone for a week.", cache_control: cached }] },
      { role: "assistant", content: [{ type: "text", text: "negative", cache_control: cached }] },
      { role: "user", content: review },
    ],
  });
}`,
      [{ messageId: "tooManyBreakpoints", text: "cache_control: cached", after: `"negative", ` }],
    ),
    // The current time inside the cached system block: a new entry on every request.
    invalid(
      `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: \`\${HANDBOOK}\\nCurrent time: \${new Date().toISOString()}\`, cache_control: { type: "ephemeral" } }],
    messages: [...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "volatileBreakpoint", text: `cache_control: { type: "ephemeral" }` }],
    ),
    // A single-turn request marks its own question, which carries a request id: never read back.
    invalid(
      `${anthropic}export async function classify(ticket: string) {
  const requestId = crypto.randomUUID();
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 64,
    system: HANDBOOK,
    messages: [{ role: "user", content: [{ type: "text", text: \`Ticket \${requestId}: \${ticket}\`, cache_control: { type: "ephemeral" } }] }],
  });
}`,
      [{ messageId: "volatileBreakpoint", text: `cache_control: { type: "ephemeral" }` }],
    ),
    // The customer's name in the only cached block: the handbook is written again for every customer.
    invalid(
      `${anthropic}export async function reply(history: Anthropic.MessageParam[], customerName: string, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: \`\${HANDBOOK}\\nThe customer's name is \${customerName}.\`, cache_control: { type: "ephemeral" } }],
    messages: [...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "dynamicBreakpoint", text: `cache_control: { type: "ephemeral" }` }],
    ),
    // A 1-hour breakpoint after a 5-minute one.
    invalid(
      `${anthropic}${tools}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    tools: [...tools, { name: "handover", description: "Hand over.", input_schema: { type: "object" }, cache_control: { type: "ephemeral" } }],
    system: [{ type: "text", text: HANDBOOK, cache_control: { type: "ephemeral", ttl: "1h" } }],
    messages: [...history, { role: "user", content: question }],
  });
}`,
      [
        {
          messageId: "ttlOrder",
          text: `cache_control: { type: "ephemeral", ttl: "1h" }`,
          suggestions: [{ messageId: "suggestLongerTtl", data: { line: 13 }, from: `cache_control: { type: "ephemeral" }`, to: `cache_control: { type: "ephemeral", ttl: "1h" }` }],
        },
      ],
    ),
    // Automatic caching with a 1-hour TTL after a 5-minute block breakpoint.
    invalid(
      `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: HANDBOOK, cache_control: { type: "ephemeral" } }],
    messages: [...history, { role: "user", content: question }],
    cache_control: { type: "ephemeral", ttl: "1h" },
  });
}`,
      [
        {
          messageId: "ttlOrder",
          text: `cache_control: { type: "ephemeral", ttl: "1h" }`,
          suggestions: [{ messageId: "suggestLongerTtl", data: { line: 9 }, from: `cache_control: { type: "ephemeral" }`, to: `cache_control: { type: "ephemeral", ttl: "1h" }` }],
        },
      ],
    ),
    // A long static system prompt without any breakpoint: Anthropic caches nothing.
    invalid(
      `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: HANDBOOK,
    messages: [...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "missingBreakpoint", text: "create", after: "client.messages." }],
    ),
    // The same through a class whose client is built in the constructor, with the streaming helper.
    invalid(
      `${anthropic}export class SupportBot {
  private readonly anthropic: Anthropic;
  constructor() {
    this.anthropic = new Anthropic({ maxRetries: 4 });
  }
  reply(history: Anthropic.MessageParam[], question: string) {
    return this.anthropic.messages.stream({ model: "claude-opus-4-1", max_tokens: 1024, system: HANDBOOK, messages: [...history, { role: "user", content: question }] });
  }
}`,
      [{ messageId: "missingBreakpoint", text: "stream", after: "this.anthropic.messages." }],
    ),
    // Bedrock: a cache point right after a system block that carries the time.
    invalid(
      `${bedrock}export async function reply(history: any[], question: string) {
  return bedrock.send(
    new ConverseCommand({
      modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      system: [{ text: \`\${HANDBOOK}\\nNow: \${new Date().toLocaleString()}\` }, { cachePoint: { type: "default" } }],
      messages: [...history, { role: "user", content: [{ text: question }] }],
    }),
  );
}`,
      [{ messageId: "volatileBreakpoint", text: `{ cachePoint: { type: "default" } }` }],
    ),
    // Bedrock: a 1-hour cache point after a default (5-minute) one.
    invalid(
      `${bedrock}export async function reply(history: any[], question: string) {
  return bedrock.send(
    new ConverseCommand({
      modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      system: [{ text: HANDBOOK }, { cachePoint: { type: "default" } }],
      messages: [...history, { role: "user", content: [{ text: question }, { cachePoint: { type: "default", ttl: "1h" } }] }],
    }),
  );
}`,
      [
        {
          messageId: "ttlOrder",
          text: `{ cachePoint: { type: "default", ttl: "1h" } }`,
          suggestions: [{ messageId: "suggestLongerTtl", data: { line: 9 }, from: `{ cachePoint: { type: "default" } }`, to: `{ cachePoint: { type: "default", ttl: "1h" } }` }],
        },
      ],
    ),
    // Bedrock: a command built first, for Nova (1,000-token minimum), with no cache point.
    invalid(
      `${bedrock}export async function reply(question: string) {
  const command = new ConverseCommand({ modelId: "us.amazon.nova-pro-v1:0", system: [{ text: HANDBOOK }], messages: [{ role: "user", content: [{ text: question }] }] });
  const response = await bedrock.send(command);
  return response.output;
}`,
      [{ messageId: "missingBreakpoint", text: "send", after: "bedrock." }],
    ),
    // A file written with single quotes gets a single-quoted TTL.
    invalid(
      `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    system: [{ type: 'text', text: HANDBOOK, cache_control: { type: 'ephemeral' } }],
    messages: [...history, { role: 'user', content: question }],
    cache_control: { type: 'ephemeral', ttl: '1h' },
  });
}`,
      [
        {
          messageId: "ttlOrder",
          text: "cache_control: { type: 'ephemeral', ttl: '1h' }",
          suggestions: [{ messageId: "suggestLongerTtl", data: { line: 9 }, from: "{ type: 'ephemeral' }", to: "{ type: 'ephemeral', ttl: '1h' }" }],
        },
      ],
    ),
    // An explicit 5-minute TTL is replaced, not repeated.
    invalid(
      `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: HANDBOOK, cache_control: { type: "ephemeral", ttl: "5m" } }],
    messages: [...history, { role: "user", content: question }],
    cache_control: { type: "ephemeral", ttl: "1h" },
  });
}`,
      [
        {
          messageId: "ttlOrder",
          text: `cache_control: { type: "ephemeral", ttl: "1h" }`,
          suggestions: [{ messageId: "suggestLongerTtl", data: { line: 9 }, from: `ttl: "5m"`, to: `ttl: "1h"` }],
        },
      ],
    ),
    // The earlier marker is a shared constant, not a literal at the breakpoint: no suggestion.
    invalid(
      `${anthropic}const EPHEMERAL = { type: "ephemeral" } as const;
export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: HANDBOOK, cache_control: EPHEMERAL }],
    messages: [...history, { role: "user", content: question }],
    cache_control: { type: "ephemeral", ttl: "1h" },
  });
}`,
      [{ messageId: "ttlOrder", text: `cache_control: { type: "ephemeral", ttl: "1h" }`, suggestions: [] }],
    ),
  ],
});
