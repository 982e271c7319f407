import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { knownText, opaque, type Value } from "../eval/values.js";
import { anthropicPrompt } from "../model/anthropic-prompt.js";
import type { ProviderName, RequestSite } from "../model/types.js";
import { importedClient, localClient, throughCustomFetch } from "./custom-fetch.js";
import { requestHeaders } from "./headers.js";
import type { FileImports } from "./index.js";
import { sdkClient } from "./definitions.js";

/*
 * Requests through `@anthropic-ai/sdk` (and its Bedrock and Vertex clients, which send the same
 * Messages API body): `client.messages.create|stream|parse|countTokens`,
 * `client.beta.messages.create|stream|parse|countTokens|toolRunner` and the requests of
 * `client.messages.batches.create` (SDK `src/resources/messages/messages.ts`, `batches.ts`).
 */

interface AnthropicModule {
  /** Exported names of the client class (`default` for the default export). */
  classes: ReadonlySet<string>;
  provider: ProviderName;
}

const MODULES: Record<string, AnthropicModule> = {
  "@anthropic-ai/sdk": { classes: new Set(["default", "Anthropic"]), provider: "anthropic" },
  // Claude on Bedrock: Bedrock's cache facts (per-model minimums such as Fable 5 at 1024).
  "@anthropic-ai/bedrock-sdk": { classes: new Set(["default", "AnthropicBedrock"]), provider: "bedrock" },
  "@anthropic-ai/vertex-sdk": { classes: new Set(["default", "AnthropicVertex"]), provider: "anthropic" },
};

const MESSAGE_METHODS = new Set(["create", "stream", "parse", "countTokens"]);
const BETA_METHODS = new Set([...MESSAGE_METHODS, "toolRunner"]);

/** The request a call expression makes, or null when it is not an Anthropic Messages request. */
export function anthropicRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  const shape = requestShape(call.callee);
  if (!shape) return null;
  const client = sdkClient(evaluator, shape.receiver);
  const module = client ? MODULES[client.module] : undefined;
  // A client of another SDK (`new Twilio()`), or another class of the same package.
  if (client && (!module || !(module.classes.has(client.className) || client.className === "*"))) return null;
  const importing = Object.keys(MODULES).find((name) => imports.modules.has(name));
  const argument = call.arguments[0];
  const bodyValue = argument && argument.type !== "SpreadElement" ? requestBody(evaluator, argument, shape.batch) : null;
  const body = bodyValue?.kind === "object" ? bodyValue : null;
  // `messages.create` is a common name (Twilio, OpenAI's Assistants threads): without a known
  // client, the body must be a Messages API body (`max_tokens` is required there), or the file
  // must import the SDK (often only for its types, with the client imported from another module).
  if (!module) {
    const looksLikeMessages =
      body !== null && (body.properties.has("messages") || (body.openSpread !== null && importing !== undefined)) && (body.properties.has("max_tokens") || importing !== undefined);
    if (!looksLikeMessages && !(body === null && importing !== undefined && !isThreads(shape.receiver))) return null;
  }
  const modelEntry = body?.properties.get("model");
  const sdk = module ? client!.module : (importing ?? "@anthropic-ai/sdk");
  const prompt = body ? anthropicPrompt(evaluator, body) : { segments: [], breakpoints: [], complete: false };
  const site: RequestSite = {
    node: call,
    provider: (module ?? MODULES[sdk]!).provider,
    sdk,
    api: "messages",
    model: modelEntry ? knownText(modelEntry.value) : null,
    segments: prompt.segments,
    parameters: new Map(body?.properties ?? []),
    headers: requestHeaders(evaluator, client?.options ?? null, call.arguments[1]),
    breakpoints: prompt.breakpoints,
    breakpointsComplete: prompt.complete,
  };
  // Without a client made in this file, the receiver may be a client imported from another module.
  return throughCustomFetch(evaluator, site, module ? localClient(evaluator, client!.options) : importedClient(evaluator, shape.receiver, sdk));
}

interface RequestShape {
  receiver: TSESTree.Node;
  /** `messages.batches.create`: the body is one of `requests[].params`. */
  batch: boolean;
}

/** `openai.beta.threads.messages.create(threadId, ...)`: OpenAI's Assistants API. */
function isThreads(receiver: TSESTree.Node): boolean {
  return receiver.type === "MemberExpression" && !receiver.computed && receiver.property.type === "Identifier" && receiver.property.name === "threads";
}

/** `X.messages.<method>`, `X.beta.messages.<method>`, `X.messages.batches.create`, `X.beta.messages.batches.create`. */
function requestShape(callee: TSESTree.Node): RequestShape | null {
  const names: string[] = [];
  const objects: TSESTree.Node[] = [];
  let current = callee;
  while (current.type === "MemberExpression" && names.length < 4) {
    if (current.computed || current.property.type !== "Identifier") return null;
    names.push(current.property.name);
    objects.push(current.object);
    current = current.object;
  }
  const [method, second, third, fourth] = names;
  if (method === undefined) return null;
  if (second === "messages") {
    if (third === "beta") return BETA_METHODS.has(method) && objects[2] ? { receiver: objects[2], batch: false } : null;
    return MESSAGE_METHODS.has(method) ? { receiver: objects[1]!, batch: false } : null;
  }
  if (method === "create" && second === "batches" && third === "messages") {
    if (fourth === "beta" && objects[3]) return { receiver: objects[3], batch: true };
    return { receiver: objects[2]!, batch: true };
  }
  return null;
}

/**
 * The Messages body of a call. For a batch, the `params` of its requests: those of the first
 * literal request, or what a `.map` callback returns for each item (`requests: items.map(...)`).
 */
function requestBody(evaluator: Evaluator, argument: TSESTree.Node, batch: boolean): Value | null {
  const value = evaluator.evaluate(argument);
  if (!batch) return value;
  if (value.kind !== "object") return null;
  const requests = value.properties.get("requests");
  if (!requests) return null;
  if (requests.value.kind === "array") {
    const first = requests.value.elements.find((element) => !element.spread && element.value.kind === "object");
    return first?.value.kind === "object" ? (first.value.properties.get("params")?.value ?? null) : null;
  }
  const mapped = requests.node.type === "Property" ? requests.node.value : null;
  if (mapped?.type !== "CallExpression" || mapped.callee.type !== "MemberExpression" || mapped.callee.property.type !== "Identifier" || mapped.callee.property.name !== "map") return null;
  const callback = mapped.arguments[0] ? evaluator.evaluate(mapped.arguments[0]) : null;
  if (callback?.kind !== "function") return null;
  const item = opaque("dynamic", `each item of \`${evaluator.snippet(mapped.callee.object)}\``, mapped);
  const index = opaque("dynamic", "the position of each item", mapped);
  const request = evaluator.invoke(callback.node, [item, index], mapped, new Map());
  return request.kind === "object" ? (request.properties.get("params")?.value ?? null) : null;
}

