import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { FileAnalysis } from "../analysis.js";
import type { Value } from "../eval/values.js";
import { knownText } from "../eval/values.js";
import { systemMessagesInConversation } from "../model/ai-sdk-prompt.js";
import { sendsAnthropicBody } from "../model/anthropic-prompt.js";
import type { Parameter, ProviderName, RequestSite, Segment } from "../model/types.js";
import { acceptsMidConversationSystem } from "../providers/models.js";
import { inFile, setProperty } from "./edits.js";
import type { Check, CheckContext, Finding, Suggestion } from "./types.js";
import { shapeOfExpression } from "./value-shape.js";

/**
 * Request shapes a provider documents as errors or as cache breakers. Each constraint is one
 * function below, listed in CONSTRAINTS, with its message here; each cites its source.
 */
export const providerConstraints: Check<Record<string, never>> = {
  name: "provider-constraints",
  config: "recommended",
  description: "Disallow request shapes that a provider rejects or that break its prompt cache",
  messages: {
    explicitModeWithoutBreakpoint:
      "`prompt_cache_options.mode: \"explicit\"` caches only at `prompt_cache_breakpoint` markers and this prompt has none, so nothing of it is ever cached and every request pays full price. Mark the end of the stable part with `prompt_cache_breakpoint: { mode: \"explicit\" }` on a content part, or use `mode: \"implicit\"`.",
    anthropicSystemMessage:
      "Anthropic's Messages API takes the system prompt in the top-level `system` parameter, and {{models}} a `role: \"system\"` message inside `messages` with a 400 error. Move this text into `system`, or into a user turn when it changes during the conversation.",
    geminiCachedContent:
      "Gemini rejects a request that names a `cachedContent` and also sets {{fields}} with a 400 error (\"CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config\"). Put these settings into the cache when you create it, and leave them out of this request.",
    aiSdkSystemInMessages:
      "AI SDK v7 throws on a `role: \"system\"` message inside `messages` or `prompt` unless `allowSystemInMessages: true` is set. Move this text into `instructions`, or set `allowSystemInMessages: true`.",
    suggestAllowSystemInMessages: "Set `allowSystemInMessages: true` on this call.",
    aiSdkSystemAfterTurns:
      "{{sdk}} throws \"{{error}}\" on a system message that follows {{before}}. Move this text into the instructions at the start of the prompt, or into a user message.",
  },
  schema: [],
  defaultOptions: {},
  run(context) {
    return context.analysis.sites.flatMap((site) => CONSTRAINTS.flatMap((constraint) => constraint(site, context)));
  },
};

/** One documented constraint: what it finds wrong with one request. */
type Constraint = (site: RequestSite, context: CheckContext) => Finding[];

/**
 * OpenAI GPT-5.6+: `prompt_cache_options: { mode: "explicit" }` writes cache entries only at
 * explicit `prompt_cache_breakpoint` markers on content parts: "explicit mode = up to 4 explicit,
 * no breakpoints ⇒ no caching" (providers.md §1.1, openai-node `completions.ts`). Reported only
 * when every message or input item is one the analyzer reads whole (a history spread, content of
 * unknown shape or stored turns from `previous_response_id` may hold a marker).
 */
function explicitModeWithoutBreakpoint(site: RequestSite): Finding[] {
  if (site.provider !== "openai" || (site.api !== "chat.completions" && site.api !== "responses")) return [];
  const options = site.parameters.get("prompt_cache_options")?.value;
  const mode = options?.kind === "object" ? options.properties.get("mode") : undefined;
  if (!mode || knownText(mode.value) !== "explicit") return [];
  if (site.parameters.has("previous_response_id") || site.parameters.has("conversation")) return [];
  const prompt = site.parameters.get(site.api === "responses" ? "input" : "messages");
  if (!prompt || markers(prompt.value) !== "none") return [];
  return [{ rule: "provider-constraints", messageId: "explicitModeWithoutBreakpoint", node: mode.node, data: {}, site }];
}

/**
 * Whether a prompt value holds a `prompt_cache_breakpoint`: "some" when one is written, "none"
 * when the whole value is known and has none, "unknown" otherwise. Text cannot hold a marker.
 */
function markers(value: Value): "some" | "none" | "unknown" {
  switch (value.kind) {
    case "string":
      return "none";
    case "function":
      return "unknown";
    case "opaque":
      return shapeOfExpression(value.node) === "other" ? "none" : "unknown";
    case "array": {
      let result: "some" | "none" | "unknown" = "none";
      for (const element of value.elements) {
        const found = element.spread && element.value.kind !== "array" ? "unknown" : markers(element.value);
        if (found === "some") return "some";
        if (found === "unknown") result = "unknown";
      }
      return result;
    }
    case "object": {
      if (value.properties.has("prompt_cache_breakpoint")) return "some";
      if (value.openSpread) return "unknown";
      let result: "some" | "none" | "unknown" = "none";
      for (const [key, entry] of value.properties) {
        if (key !== "content" && key !== "text" && key !== "input") continue;
        const found = markers(entry.value);
        if (found === "some") return "some";
        if (found === "unknown") result = "unknown";
      }
      return result;
    }
  }
}

/**
 * `role: "system"` inside an Anthropic Messages body (`@anthropic-ai/sdk`, its Bedrock and Vertex
 * clients, Bedrock `InvokeModel`): "there is no `system` role for input messages" (SDK
 * `MessageCreateParamsBase.messages`), except on the models that accept mid-conversation system
 * messages (providers/model-table.ts).
 */
function anthropicSystemMessages(site: RequestSite): Finding[] {
  if (!sendsAnthropicBody(site) || (site.model !== null && acceptsMidConversationSystem(site.model))) return [];
  const models = site.model === null ? "Claude models before Opus 4.8 reject" : `\`${site.model}\` rejects`;
  return site.segments
    .filter((segment) => segment.kind === "message" && segment.role === "system")
    .map((segment) => ({ rule: "provider-constraints", messageId: "anthropicSystemMessage", node: segment.node, data: { models }, site }));
}

/** Settings Gemini refuses next to `cachedContent`, by the names the SDKs give them. */
const CACHED_CONTENT_CONFLICTS = ["systemInstruction", "tools", "toolConfig", "instructions", "system"];

/**
 * Gemini explicit caching: a request that names a cache must not set `systemInstruction`, `tools`
 * or `toolConfig` (providers.md §5.2; vercel/ai#3333, langchain-google#1618, python-genai#348).
 * Through `@google/genai` they are `config` keys; through the AI SDK, `system`/`instructions` and
 * `tools` with `providerOptions.google.cachedContent`. A setting chosen at run time
 * (`cache ? undefined : SYSTEM`) is not reported: the code may be avoiding exactly this.
 */
function geminiCachedContent(site: RequestSite): Finding[] {
  if (site.provider !== "google") return [];
  const cachedContent = site.parameters.get("cachedContent");
  if (!cachedContent || !isSetUnconditionally(cachedContent)) return [];
  const fields = CACHED_CONTENT_CONFLICTS.filter((name) => {
    const parameter = site.parameters.get(name);
    return parameter !== undefined && isSetUnconditionally(parameter);
  });
  if (fields.length === 0) return [];
  const list = fields.map((name) => `\`${name}\``);
  const text = list.length === 1 ? list[0]! : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
  return [{ rule: "provider-constraints", messageId: "geminiCachedContent", node: cachedContent.node, data: { fields: text }, site }];
}

/** A parameter whose value is not a choice made at run time (`a ? b : undefined`, `a && b`) nor `undefined`. */
function isSetUnconditionally(parameter: Parameter): boolean {
  const value = parameter.value;
  if (knownText(value) === "undefined") return false;
  const node: TSESTree.Node = value.kind === "opaque" ? value.node : parameter.node.type === "Property" ? parameter.node.value : parameter.node;
  return node.type !== "ConditionalExpression" && node.type !== "LogicalExpression";
}

/**
 * Where an AI SDK provider package throws on a system message that follows conversation turns:
 * `@ai-sdk/anthropic` on a second system block after user/assistant messages, `@ai-sdk/amazon-bedrock`
 * on any system block after them (vercel/ai `convert-to-anthropic-messages-prompt.ts`,
 * `convert-to-amazon-bedrock-chat-messages.ts`; midday-ai/ai-sdk-tools#121), `@ai-sdk/google` on a
 * system message after a user message (`convert-to-google-generative-ai-messages.ts`). The
 * instructions (`instructions`, `system`) come first in the prompt the providers convert.
 */
const AI_SDK_LATE_SYSTEM: Partial<Record<ProviderName, { sdk: string; error: string; afterEarlierSystem: boolean }>> = {
  anthropic: { sdk: "`@ai-sdk/anthropic`", error: "Multiple system messages that are separated by user/assistant messages", afterEarlierSystem: true },
  bedrock: { sdk: "`@ai-sdk/amazon-bedrock`", error: "Multiple system messages that are separated by user/assistant messages", afterEarlierSystem: false },
  google: { sdk: "`@ai-sdk/google`", error: "system messages are only supported at the beginning of the conversation", afterEarlierSystem: false },
};

/**
 * System messages an AI SDK call cannot send. v7 rejects any `role: "system"` in `messages` or
 * `prompt` unless `allowSystemInMessages: true` (vercel/ai `standardize-prompt.ts`); v5 and v6
 * accept them, so this is reported only on calls that show v7 (`instructions` or
 * `allowSystemInMessages` set). Where the messages may hold system messages, the provider package
 * may still throw on one that follows conversation turns. Claude models that accept
 * mid-conversation system messages are left alone: newer `@ai-sdk/anthropic` versions may pass
 * them through.
 */
function aiSdkSystemMessages(site: RequestSite, { analysis }: CheckContext): Finding[] {
  if (site.sdk !== "ai") return [];
  const findings: Finding[] = [];
  const allow = site.parameters.get("allowSystemInMessages");
  const isV7 = site.parameters.has("instructions") || allow !== undefined;
  const rejected = new Set<Segment>();
  if (isV7 && (allow === undefined || knownText(allow.value) !== "true")) {
    const suggestions = allowSystemInMessages(site, analysis);
    for (const segment of systemMessagesInConversation(site)) {
      rejected.add(segment);
      findings.push({ rule: "provider-constraints", messageId: "aiSdkSystemInMessages", node: segment.node, data: {}, site, ...(suggestions.length > 0 && { suggestions }) });
    }
  }
  const rule = AI_SDK_LATE_SYSTEM[site.provider];
  if (!rule || (site.provider === "anthropic" && site.model !== null && acceptsMidConversationSystem(site.model))) return findings;
  let systemSeen = false;
  let turns = 0;
  let history = false;
  for (const segment of site.segments) {
    if (segment.kind === "tools" || segment.kind === "response_format") continue;
    if (segment.kind !== "system") {
      turns++;
      history ||= segment.kind === "history";
      continue;
    }
    if (turns > 0 && (systemSeen || !rule.afterEarlierSystem) && !rejected.has(segment)) {
      const before = history ? "the conversation history" : turns === 1 ? "another message" : `${turns} other messages`;
      findings.push({ rule: "provider-constraints", messageId: "aiSdkSystemAfterTurns", node: segment.node, data: { sdk: rule.sdk, error: rule.error, before }, site });
    }
    systemSeen = true;
  }
  return findings;
}

/**
 * `allowSystemInMessages: true` written into the options of `generateText({...})` and the other
 * functions, when they are an object literal in this file. Not on an agent's `generate`/`stream`:
 * its settings are split between the constructor and the call.
 */
function allowSystemInMessages(site: RequestSite, analysis: FileAnalysis): Suggestion[] {
  const options = site.node.type === "CallExpression" && !site.api.startsWith("agent.") ? site.node.arguments[0] : undefined;
  if (options?.type !== "ObjectExpression" || !inFile(analysis, options)) return [];
  const edit = setProperty(options, "allowSystemInMessages", "true", analysis.source);
  return edit ? [{ messageId: "suggestAllowSystemInMessages", edits: [edit] }] : [];
}

/** Every constraint, run on every request. */
const CONSTRAINTS: readonly Constraint[] = [explicitModeWithoutBreakpoint, anthropicSystemMessages, geminiCachedContent, aiSdkSystemMessages];
