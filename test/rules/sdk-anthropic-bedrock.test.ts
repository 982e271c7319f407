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
 * The rules that read the prompt model, on requests through `@anthropic-ai/sdk` and
 * `@aws-sdk/client-bedrock-runtime`: the same mistakes as with OpenAI, in these SDKs' shapes.
 */

const anthropic = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
const POLICY = ${JSON.stringify(POLICY)};
const TOOLS: Anthropic.Tool[] = [
  { name: "lookup_parcel", description: "Look up a parcel by tracking number.", input_schema: { type: "object", properties: { tracking: { type: "string" } } } },
  { name: "open_trace", description: "Open a trace request for a lost parcel.", input_schema: { type: "object", properties: { tracking: { type: "string" } } } },
];
`;

const bedrock = `import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const bedrock = new BedrockRuntimeClient({ region: "eu-west-1" });
const MODEL = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0";
const POLICY = ${JSON.stringify(POLICY)};
const TOOL_SPECS = [
  { toolSpec: { name: "lookup_parcel", description: "Look up a parcel by tracking number.", inputSchema: { json: { type: "object", properties: { tracking: { type: "string" } } } } } },
];
const ADMIN_SPECS = [{ toolSpec: { name: "refund", description: "Refund an order.", inputSchema: { json: { type: "object" } } } }];
`;

ruleTester.run("static-before-dynamic", staticBeforeDynamic, {
  valid: [
    `${anthropic}export async function reply(history: Anthropic.MessageParam[], customer: string, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }, { type: "text", text: \`The customer is \${customer}.\` }],
    messages: [...history, { role: "user", content: question }],
  });
}`,
  ],
  invalid: [
    // The customer's name above the policy in Anthropic's top-level `system` string.
    invalid(
      `${anthropic}export async function reply(customer: { name: string }, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: \`Customer: \${customer.name}\\n\${POLICY}\`,
    messages: [{ role: "user", content: question }],
  });
}`,
      [{ messageId: "dynamicBeforeStatic", text: "customer.name", after: "Customer: ${" }],
    ),
    // A per-customer Bedrock system block before the static one.
    invalid(
      `${bedrock}export async function reply(customerName: string, question: string) {
  return bedrock.send(new ConverseCommand({
    modelId: MODEL,
    system: [{ text: \`You are helping \${customerName}.\` }, { text: POLICY }],
    messages: [{ role: "user", content: [{ text: question }] }],
  }));
}`,
      [{ messageId: "dynamicBeforeStatic", text: "customerName", after: "helping ${" }],
    ),
  ],
});

ruleTester.run("no-volatile-prefix", noVolatilePrefix, {
  valid: [
    // The time in the final Bedrock message.
    `${bedrock}export async function reply(history: any[], question: string) {
  return bedrock.send(new ConverseCommand({
    modelId: MODEL,
    system: [{ text: POLICY }, { cachePoint: { type: "default" } }],
    messages: [...history, { role: "user", content: [{ text: \`[\${new Date().toISOString()}] \${question}\` }] }],
  }));
}`,
  ],
  invalid: [
    invalid(
      `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.stream({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: [{ type: "text", text: \`Now: \${new Date().toISOString()}\\n\${POLICY}\` }],
    messages: [...history, { role: "user", content: question }],
  });
}`,
      [
        {
          messageId: "volatileInPrefix",
          text: "new Date().toISOString()",
          suggestions: [{ messageId: "suggestDateOnly", data: { method: "slice(0, 10)" }, from: "new Date().toISOString()", to: "new Date().toISOString().slice(0, 10)" }],
        },
      ],
    ),
  ],
});

ruleTester.run("single-leading-system", singleLeadingSystem, {
  valid: [
    // A system message inside Anthropic's `messages` is provider-constraints' to report.
    `${anthropic}export async function reply(question: string, answer: string, followUp: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: POLICY,
    messages: [
      { role: "user", content: question },
      { role: "assistant", content: answer },
      { role: "system", content: "The customer has been verified." },
      { role: "user", content: followUp },
    ],
  });
}`,
  ],
  invalid: [
    // Bedrock Converse has no system role in `messages`: the second one is still reported here.
    invalid(
      `${bedrock}export async function reply(question: string) {
  return bedrock.send(new ConverseCommand({
    modelId: MODEL,
    messages: [
      { role: "system", content: [{ text: POLICY }] },
      { role: "user", content: [{ text: question }] },
      { role: "system", content: [{ text: "Answer in French." }] },
    ],
  }));
}`,
      [{ messageId: "multipleSystem", text: `{ role: "system", content: [{ text: "Answer in French." }] }` }],
    ),
  ],
});

ruleTester.run("provider-constraints", providerConstraints, {
  valid: [
    // Claude Opus 4.8 accepts system messages in the middle of the conversation.
    `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-opus-4-8",
    max_tokens: 1024,
    system: POLICY,
    messages: [...history, { role: "system", content: "The customer has been verified." }, { role: "user", content: question }],
  });
}`,
    // The system prompt in the top-level parameter.
    `${anthropic}export async function reply(question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, system: POLICY, messages: [{ role: "user", content: question }] });
}`,
  ],
  invalid: [
    // An OpenAI-style system message sent to Claude Sonnet 4.5.
    invalid(
      `${anthropic}export async function reply(question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    messages: [
      { role: "system", content: POLICY },
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "anthropicSystemMessage", text: `{ role: "system", content: POLICY }` }],
    ),
    // The model is configured elsewhere: most Claude models reject it.
    invalid(
      `${anthropic}export async function reply(model: string, history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({ model, max_tokens: 1024, messages: [...history, { role: "system", content: POLICY }, { role: "user", content: question }] });
}`,
      [{ messageId: "anthropicSystemMessage", text: `{ role: "system", content: POLICY }` }],
    ),
    // Bedrock InvokeModel with Claude's Messages body.
    invalid(
      `${bedrock}export async function reply(question: string) {
  const body = JSON.stringify({
    anthropic_version: "bedrock-2023-05-31",
    max_tokens: 512,
    messages: [{ role: "system", content: POLICY }, { role: "user", content: question }],
  });
  return bedrock.send(new InvokeModelCommand({ modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", contentType: "application/json", body }));
}`,
      [{ messageId: "anthropicSystemMessage", text: `{ role: "system", content: POLICY }` }],
    ),
  ],
});

ruleTester.run("stable-tools", stableTools, {
  valid: [
    `${anthropic}export async function reply(question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    tools: [...TOOLS, { name: "handover", description: "Hand the chat to a human agent.", input_schema: { type: "object" }, cache_control: { type: "ephemeral" } }],
    system: POLICY,
    messages: [{ role: "user", content: question }],
  });
}`,
  ],
  invalid: [
    // Anthropic tools filtered per request.
    invalid(
      `${anthropic}export async function reply(enabled: string[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    tools: TOOLS.filter((tool) => enabled.includes(tool.name)),
    system: POLICY,
    messages: [{ role: "user", content: question }],
  });
}`,
      [{ messageId: "changingTools", text: "TOOLS.filter((tool) => enabled.includes(tool.name))" }],
    ),
    // Bedrock admin tools added for some users only.
    invalid(
      `${bedrock}export async function reply(isAdmin: boolean, question: string) {
  return bedrock.send(new ConverseCommand({
    modelId: MODEL,
    system: [{ text: POLICY }],
    messages: [{ role: "user", content: [{ text: question }] }],
    toolConfig: { tools: [...TOOL_SPECS, ...(isAdmin ? ADMIN_SPECS : [])] },
  }));
}`,
      [{ messageId: "changingTools", text: "isAdmin ? ADMIN_SPECS : []" }],
    ),
  ],
});

ruleTester.run("stable-tool-choice", stableToolChoice, {
  valid: [
    `${bedrock}export async function reply(question: string) {
  return bedrock.send(new ConverseCommand({
    modelId: MODEL,
    messages: [{ role: "user", content: [{ text: question }] }],
    toolConfig: { tools: TOOL_SPECS, toolChoice: { auto: {} } },
  }));
}`,
  ],
  invalid: [
    invalid(
      `${anthropic}export async function reply(history: Anthropic.MessageParam[], mustLookUp: boolean, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    tools: TOOLS,
    tool_choice: mustLookUp ? { type: "tool", name: "lookup_parcel" } : { type: "auto" },
    messages: [...history, { role: "user", content: question }],
  });
}`,
      [{ messageId: "changingToolChoice", text: `mustLookUp ? { type: "tool", name: "lookup_parcel" } : { type: "auto" }` }],
    ),
    invalid(
      `${bedrock}export async function reply(history: any[], choice: { tool: { name: string } } | { auto: {} }, question: string) {
  return bedrock.send(new ConverseCommand({
    modelId: MODEL,
    messages: [...history, { role: "user", content: [{ text: question }] }],
    toolConfig: { tools: TOOL_SPECS, toolChoice: choice },
  }));
}`,
      [{ messageId: "changingToolChoice", text: "choice", after: "toolChoice: " }],
    ),
  ],
});

ruleTester.run("stable-history", stableHistory, {
  valid: [
    `${bedrock}export async function reply(history: any[], question: string) {
  return bedrock.send(new ConverseCommand({ modelId: MODEL, system: [{ text: POLICY }], messages: [...history, { role: "user", content: [{ text: question }] }] }));
}`,
  ],
  invalid: [
    invalid(
      `${anthropic}export async function reply(history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: POLICY,
    messages: [...history.slice(-20), { role: "user", content: question }],
  });
}`,
      [{ messageId: "rewrittenHistory", text: "history.slice(-20)" }],
    ),
  ],
});

ruleTester.run("stable-images", stableImages, {
  valid: [
    // The screenshot in the final message.
    `${anthropic}export async function describe(history: Anthropic.MessageParam[], screenshot: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: POLICY,
    messages: [
      ...history,
      { role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: screenshot } }, { type: "text", text: "What is wrong here?" }] },
    ],
  });
}`,
    // The same on Bedrock.
    `${bedrock}export async function describe(history: any[], screenshot: Uint8Array) {
  return bedrock.send(new ConverseCommand({
    modelId: MODEL,
    messages: [...history, { role: "user", content: [{ image: { format: "png", source: { bytes: screenshot } } }, { text: "What is wrong here?" }] }],
  }));
}`,
  ],
  invalid: [
    // A photo attached to the first turn on some requests only, before the rest of the conversation.
    invalid(
      `${anthropic}export async function review(attachPhoto: boolean, photo: string, history: Anthropic.MessageParam[], question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: POLICY,
    messages: [
      {
        role: "user",
        content: [
          ...(attachPhoto ? [{ type: "image" as const, source: { type: "base64" as const, media_type: "image/jpeg" as const, data: photo } }] : []),
          { type: "text", text: "This is the damaged parcel." },
        ],
      },
      ...history,
      { role: "user", content: question },
    ],
  });
}`,
      [{ messageId: "changingImage", text: `...(attachPhoto ? [{ type: "image" as const, source: { type: "base64" as const, media_type: "image/jpeg" as const, data: photo } }] : [])` }],
    ),
  ],
});
