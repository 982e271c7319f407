import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { knownText } from "../eval/values.js";
import { providerFromModelId } from "../providers/models.js";
import { openAISegments } from "../model/openai-prompt.js";
import type { ProviderName, RequestSite } from "../model/types.js";
import { resolveClient, type ClientInfo } from "./clients.js";
import { throughCustomFetch } from "./custom-fetch.js";
import { requestHeaders } from "./headers.js";
import type { FileImports } from "./index.js";

/*
 * Requests through the `openai` SDK and OpenAI-compatible clients (xAI, Groq, DeepSeek...):
 * `client.chat.completions.create|parse|stream|runTools` and `client.responses.create|parse|stream`.
 */

const CHAT_METHODS = new Set(["create", "parse", "stream", "runTools"]);
const RESPONSES_METHODS = new Set(["create", "parse", "stream"]);

/** The request a call expression makes, or null when it is not an OpenAI-style request. */
export function openAIRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  const shape = requestShape(call.callee);
  if (!shape) return null;
  const client = resolveClient(evaluator, shape.receiver);
  // `responses.create` is a common name; take it only from a known client or an SDK-importing file.
  if (shape.api === "responses" && !client && !imports.modules.has("openai")) return null;
  const bodyNode = call.arguments[0];
  const bodyValue = bodyNode && bodyNode.type !== "SpreadElement" ? evaluator.evaluate(bodyNode) : null;
  const body = bodyValue?.kind === "object" ? bodyValue : null;
  const modelEntry = body?.properties.get("model");
  const model = modelEntry ? knownText(modelEntry.value) : null;
  const site: RequestSite = {
    node: call,
    provider: providerOf(client, model, imports),
    sdk: client?.sdk ?? (imports.modules.has("groq-sdk") && !imports.modules.has("openai") ? "groq-sdk" : "openai"),
    api: shape.api,
    model,
    segments: body ? openAISegments(evaluator, body, shape.api) : [],
    parameters: new Map(body?.properties ?? []),
    headers: requestHeaders(evaluator, client?.options ?? null, call.arguments[1]),
    breakpoints: [],
    ...(client && { clientConstruction: client.construction }),
  };
  return throughCustomFetch(evaluator, site, client?.source ?? null);
}

function requestShape(callee: TSESTree.Node): { api: string; receiver: TSESTree.Node } | null {
  // Every call of a file comes here: the method's name first, before any allocation.
  if (callee.type !== "MemberExpression" || callee.property.type !== "Identifier") return null;
  if (!CHAT_METHODS.has(callee.property.name) && !RESPONSES_METHODS.has(callee.property.name)) return null;
  const path = memberChain(callee, 4);
  if (!path) return null;
  const [method, ...rest] = path.names;
  if (rest[0] === "completions" && rest[1] === "chat" && CHAT_METHODS.has(method!)) {
    // `client.beta.chat.completions.parse` (openai v4) has the client one level further out.
    const receiver = rest[2] === "beta" && path.objects[3] ? path.objects[3] : path.objects[2]!;
    return { api: "chat.completions", receiver };
  }
  if (rest[0] === "responses" && RESPONSES_METHODS.has(method!)) {
    const receiver = rest[1] === "beta" && path.objects[2] ? path.objects[2] : path.objects[1]!;
    return { api: "responses", receiver };
  }
  return null;
}

/**
 * Property names from the call outwards (`create`, `completions`, `chat`, ...) and, for each,
 * the object it is read from.
 */
function memberChain(node: TSESTree.Node, depth: number): { names: string[]; objects: TSESTree.Node[] } | null {
  const names: string[] = [];
  const objects: TSESTree.Node[] = [];
  let current = node;
  while (current.type === "MemberExpression" && names.length < depth) {
    if (current.computed || current.property.type !== "Identifier") return names.length > 0 ? { names, objects } : null;
    names.push(current.property.name);
    objects.push(current.object);
    current = current.object;
  }
  return names.length > 0 ? { names, objects } : null;
}

function providerOf(client: ClientInfo | null, model: string | null, imports: FileImports): ProviderName {
  if (client) return client.provider;
  const fromModel = model === null ? null : providerFromModelId(model);
  if (fromModel) return fromModel;
  if (imports.modules.has("groq-sdk") && !imports.modules.has("openai")) return "groq";
  return "openai";
}

