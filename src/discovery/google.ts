import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { knownText, type ObjectValue, type PropertyEntry } from "../eval/values.js";
import { geminiSegments, type GeminiRequest } from "../model/google-prompt.js";
import type { Parameter, RequestSite } from "../model/types.js";
import { initializerOf, sdkClient } from "./definitions.js";
import type { FileImports } from "./index.js";

/*
 * Requests through `@google/genai` (googleapis/js-genai `src/models.ts`, `src/chats.ts`,
 * `src/caches.ts`):
 * - `ai.models.generateContent|generateContentStream|countTokens({ model, contents, config })`;
 * - `chat.sendMessage|sendMessageStream({ message, config })` on `const chat = ai.chats.create({
 *   model, config, history })` in the same file: the request is the chat's config (or the
 *   message's own `config`, which replaces it), its history, the turns it recorded, the message;
 * - `ai.caches.create({ model, config: { contents, systemInstruction, tools, toolConfig, ttl } })`:
 *   the explicit cache, a prefix of its own.
 * `models.generateContent` is taken from any receiver (no other SDK has it); the others need a
 * `new GoogleGenAI()` client in this file or an import of "@google/genai".
 */

const SDK = "@google/genai";
const MODEL_METHODS = new Set(["generateContent", "generateContentStream", "countTokens"]);
const CHAT_METHODS = new Set(["sendMessage", "sendMessageStream"]);

export function googleRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  const callee = call.callee;
  if (callee.type !== "MemberExpression" || callee.computed || callee.property.type !== "Identifier") return null;
  const method = callee.property.name;
  const known = (client: TSESTree.Node) => imports.modules.has(SDK) || isClient(evaluator, client);
  if (CHAT_METHODS.has(method)) return chatRequest(evaluator, call, method, known);
  const group = callee.object;
  if (group.type !== "MemberExpression" || group.computed || group.property.type !== "Identifier") return null;
  const groupName = group.property.name;
  if (groupName === "models" && MODEL_METHODS.has(method)) {
    if (method === "countTokens" && !known(group.object)) return null;
    const body = objectArgument(evaluator, call);
    const config = objectOf(body?.properties.get("config"));
    const request: GeminiRequest = { site: call, config, contents: body?.properties.get("contents") };
    return site(evaluator, call, `models.${method}`, body, request, [body, config]);
  }
  if (groupName === "caches" && method === "create" && known(group.object)) {
    const body = objectArgument(evaluator, call);
    const config = objectOf(body?.properties.get("config"));
    const request: GeminiRequest = { site: call, config, contents: config?.properties.get("contents") };
    return site(evaluator, call, "caches.create", body, request, [body, config]);
  }
  return null;
}

/** `chat.sendMessage({ message, config })` on a chat created in this file. */
function chatRequest(evaluator: Evaluator, call: TSESTree.CallExpression, method: string, known: (client: TSESTree.Node) => boolean): RequestSite | null {
  const receiver = (call.callee as TSESTree.MemberExpression).object;
  const creation = chatCreation(evaluator, receiver);
  if (!creation || !known(creation.client)) return null;
  const chat = objectArgument(evaluator, creation.call);
  const body = objectArgument(evaluator, call);
  // `params.config ?? this.config`: a message's own config replaces the chat's.
  const ownConfig = body?.properties.get("config");
  const chatConfig = objectOf(chat?.properties.get("config"));
  const config = ownConfig ? objectOf(ownConfig) : chatConfig;
  const request: GeminiRequest = { site: call, config, history: chat?.properties.get("history"), recordedTurns: receiver, contents: body?.properties.get("message") };
  return site(evaluator, call, `chats.${method}`, chat, request, [chat, ownConfig ? null : chatConfig, body, ownConfig ? config : null]);
}

function site(evaluator: Evaluator, call: TSESTree.CallExpression, api: string, body: ObjectValue | null, request: GeminiRequest, sources: Array<ObjectValue | null>): RequestSite {
  const modelEntry = body?.properties.get("model");
  // Parameters by the SDK's names: the call's own, then its config's (`systemInstruction`,
  // `tools`, `toolConfig`, `cachedContent`), later sources over earlier ones.
  const parameters = new Map<string, Parameter>();
  for (const source of sources) for (const [name, entry] of source?.properties ?? []) parameters.set(name, entry);
  return {
    node: call,
    provider: "google",
    sdk: SDK,
    api,
    model: modelEntry ? knownText(modelEntry.value) : null,
    segments: geminiSegments(evaluator, request),
    parameters,
    headers: new Map(),
    breakpoints: [],
  };
}

/** The `X.chats.create(...)` call a chat variable (or `this.chat`) was initialized with. */
function chatCreation(evaluator: Evaluator, receiver: TSESTree.Node): { call: TSESTree.CallExpression; client: TSESTree.Node } | null {
  const init = initializerOf(evaluator, receiver);
  if (init?.type !== "CallExpression") return null;
  const callee = init.callee;
  if (callee.type !== "MemberExpression" || callee.computed || callee.property.type !== "Identifier" || callee.property.name !== "create") return null;
  const group = callee.object;
  if (group.type !== "MemberExpression" || group.computed || group.property.type !== "Identifier" || group.property.name !== "chats") return null;
  return { call: init, client: group.object };
}

/** A `new GoogleGenAI(...)` client held in a `const` or a class member. */
function isClient(evaluator: Evaluator, node: TSESTree.Node): boolean {
  const client = sdkClient(evaluator, node);
  return client?.module === SDK && (client.className === "GoogleGenAI" || client.className === "*");
}

function objectArgument(evaluator: Evaluator, call: TSESTree.CallExpression): ObjectValue | null {
  const argument = call.arguments[0];
  const value = argument && argument.type !== "SpreadElement" ? evaluator.evaluate(argument) : null;
  return value?.kind === "object" ? value : null;
}

function objectOf(entry: PropertyEntry | undefined): ObjectValue | null {
  return entry?.value.kind === "object" ? entry.value : null;
}
