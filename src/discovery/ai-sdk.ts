import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { importOf, moduleName, type ImportSource } from "../eval/imports.js";
import { knownText, type ObjectValue, type PropertyEntry } from "../eval/values.js";
import { aiSdkPrompt } from "../model/ai-sdk-prompt.js";
import { valueNode } from "../model/openai-prompt.js";
import type { Parameter, ProviderName, RequestSite } from "../model/types.js";
import { providerFromModelId } from "../providers/models.js";
import { constructionOf, constructorSource, initializerOf, unwrap } from "./definitions.js";
import { providerFromBaseURL } from "./clients.js";
import { localClient, throughCustomFetch } from "./custom-fetch.js";
import type { FileImports } from "./index.js";

/*
 * Requests through the Vercel AI SDK: `generateText`, `streamText`, `generateObject` and
 * `streamObject` imported from "ai" (named, renamed, `import * as ai`, or `require`), and
 * `generate`/`stream` of a `ToolLoopAgent` constructed in the same file. The provider
 * comes from the model: `openai("gpt-4o")`, `anthropic.messages(...)`, `createOpenAI({ baseURL })(...)`,
 * a model held in a `const`, `wrapLanguageModel({ model })`, a registry id (`"anthropic:claude-…"`).
 *
 * A model the file does not build (a parameter, an import from the project) has an unknown
 * provider: the model id, when known, names it through the model table (`providerFromModelId`),
 * else the request is "openai-compatible", which applies no provider's own rules. A gateway id
 * (`model: "anthropic/claude-sonnet-4.5"`) is sent to the Vercel AI Gateway, a pass-through: also
 * "openai-compatible", so the vendor's cache facts apply through the model table without claiming
 * the vendor's own errors or routing keys.
 */

const FUNCTIONS = new Set(["generateText", "streamText", "generateObject", "streamObject"]);
/** Agent classes of "ai" (v5 `Experimental_Agent`, v6+ `ToolLoopAgent`) and the methods that send. */
const AGENT_CLASSES = new Set(["ToolLoopAgent", "Experimental_Agent", "Agent"]);
const AGENT_METHODS = new Set(["generate", "stream"]);

/** Provider packages by the provider their models call. */
const PROVIDER_MODULES = new Map<string, ProviderName>(Object.entries({
  "@ai-sdk/openai": "openai",
  "@ai-sdk/azure": "openai",
  "@ai-sdk/anthropic": "anthropic",
  "@ai-sdk/google-vertex/anthropic": "anthropic",
  "@ai-sdk/google-vertex/anthropic/edge": "anthropic",
  "@ai-sdk/xai": "xai",
  "@ai-sdk/groq": "groq",
  "@ai-sdk/google": "google",
  "@ai-sdk/google-vertex": "google",
  "@ai-sdk/google-vertex/edge": "google",
  "@ai-sdk/mistral": "mistral",
  "@ai-sdk/amazon-bedrock": "bedrock",
  "@ai-sdk/deepseek": "deepseek",
  "@ai-sdk/togetherai": "together",
  "@ai-sdk/fireworks": "fireworks",
  "@openrouter/ai-sdk-provider": "openrouter",
  "@ai-sdk/openai-compatible": "openai-compatible",
  "ollama-ai-provider": "ollama",
  "ollama-ai-provider-v2": "ollama",
}));

/** Registry prefixes (`"anthropic:claude-…"`) that name a provider package by its usual key. */
const REGISTRY_PREFIXES = new Map<string, ProviderName>(Object.entries({
  openai: "openai",
  azure: "openai",
  anthropic: "anthropic",
  xai: "xai",
  groq: "groq",
  google: "google",
  vertex: "google",
  mistral: "mistral",
  bedrock: "bedrock",
  deepseek: "deepseek",
  togetherai: "together",
  fireworks: "fireworks",
  openrouter: "openrouter",
}));

/** Methods of a provider that return a language model (`openai.chat`, `xai.responses`, `anthropic.messages`). */
const MODEL_METHODS = new Set(["languageModel", "chat", "chatModel", "responses", "messages"]);

/** The provider side of a model: its package and the settings it was created with. */
interface ProviderInfo {
  provider: ProviderName;
  /** `createOpenAI({ baseURL, headers })`'s options, when they are an object. */
  options: ObjectValue | null;
}

interface ModelInfo {
  provider: ProviderName;
  model: string | null;
  options: ObjectValue | null;
}

const MAX_DEPTH = 8;

/** The request an AI SDK call makes, or null when the call is not one. */
export function aiSdkRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  if (!imports.modules.has("ai")) return null;
  const request = functionCall(evaluator, call) ?? agentCall(evaluator, call);
  if (!request) return null;
  const { api, body } = request;
  const modelEntry = body?.properties.get("model");
  const model = modelEntry ? resolveModel(evaluator, valueNode(modelEntry), 0) : null;
  const provider = model?.provider ?? "openai-compatible";
  const prompt = body ? aiSdkPrompt(evaluator, call, body, provider) : { segments: [], breakpoints: [] };
  const site: RequestSite = {
    node: call,
    provider,
    sdk: "ai",
    api,
    model: model?.model ?? null,
    segments: prompt.segments,
    parameters: body ? parameters(body, provider) : new Map(),
    headers: requestHeaders(model?.options ?? null, body),
    breakpoints: prompt.breakpoints,
  };
  // `createAnthropic({ fetch })`: the provider's options are the client's.
  return throughCustomFetch(evaluator, site, localClient(evaluator, model?.options ?? null));
}

/** `generateText({...})` and the other functions: the options are the request. */
function functionCall(evaluator: Evaluator, call: TSESTree.CallExpression): { api: string; body: ObjectValue | null } | null {
  const api = functionName(evaluator, call.callee);
  return api ? { api, body: objectArgument(evaluator, call) } : null;
}

/**
 * `agent.generate({...})` / `agent.stream({...})` on `new ToolLoopAgent({...})` made in this file:
 * the agent's settings with the call's prompt over them. The agent's `instructions` are sent as
 * the call's `system` (vercel/ai `agent/tool-loop-agent.ts`, `prepareCall`).
 */
function agentCall(evaluator: Evaluator, call: TSESTree.CallExpression): { api: string; body: ObjectValue | null } | null {
  const callee = call.callee;
  if (callee.type !== "MemberExpression" || callee.computed || callee.property.type !== "Identifier" || !AGENT_METHODS.has(callee.property.name)) return null;
  const construction = constructionOf(evaluator, callee.object);
  const source = construction ? constructorSource(evaluator, construction.callee) : null;
  if (!construction || source?.module !== "ai" || !AGENT_CLASSES.has(source.className)) return null;
  const settingsNode = construction.arguments[0];
  const settingsValue = settingsNode && settingsNode.type !== "SpreadElement" ? evaluator.evaluate(settingsNode) : null;
  const settings = settingsValue?.kind === "object" ? settingsValue : null;
  const options = objectArgument(evaluator, call);
  const properties = new Map<string, PropertyEntry>();
  for (const [key, entry] of settings?.properties ?? []) properties.set(key === "instructions" ? "system" : key, entry);
  for (const [key, entry] of options?.properties ?? []) properties.set(key, entry);
  const body: ObjectValue = { kind: "object", properties, openSpread: options?.openSpread ?? settings?.openSpread ?? null, node: options?.node ?? call };
  return { api: `agent.${callee.property.name}`, body };
}

/** `generateText` (imported from "ai", possibly renamed) or `ai.generateText` on a namespace import. */
function functionName(evaluator: Evaluator, callee: TSESTree.Node): string | null {
  if (callee.type === "Identifier") {
    const source = sourceOf(evaluator, callee);
    return source && moduleName(source) === "ai" && FUNCTIONS.has(source.imported) ? source.imported : null;
  }
  if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier" && callee.object.type === "Identifier") {
    const source = sourceOf(evaluator, callee.object);
    return source && moduleName(source) === "ai" && source.imported === "*" && FUNCTIONS.has(callee.property.name) ? callee.property.name : null;
  }
  return null;
}

/** What a call's `model` is: a provider's model, a gateway id, a wrapped or registry model. */
function resolveModel(evaluator: Evaluator, expression: TSESTree.Node, depth: number): ModelInfo | null {
  const node = unwrap(expression as TSESTree.Expression);
  if (!node || depth > MAX_DEPTH) return null;
  if (node.type === "Literal" || node.type === "TemplateLiteral") {
    const id = knownText(evaluator.evaluate(node));
    return id === null ? null : { provider: "openai-compatible", model: id, options: null };
  }
  if (node.type === "Identifier") {
    const init = initializerOf(evaluator, node);
    return init ? resolveModel(evaluator, init, depth + 1) : null;
  }
  if (node.type !== "CallExpression") return null;
  const id = firstArgumentText(evaluator, node);
  const callee = node.callee;
  if (callee.type === "Identifier" && isImport(evaluator, callee, ["ai"], ["wrapLanguageModel", "experimental_wrapLanguageModel"])) {
    const options = node.arguments[0];
    const inner = options?.type === "ObjectExpression" ? objectProperty(options, "model") : null;
    return inner ? resolveModel(evaluator, inner, depth + 1) : null;
  }
  if (callee.type === "Identifier" && isImport(evaluator, callee, ["ai", "@ai-sdk/gateway"], ["gateway"])) {
    return { provider: "openai-compatible", model: id, options: null };
  }
  if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier" && MODEL_METHODS.has(callee.property.name)) {
    const provider = resolveProvider(evaluator, callee.object, depth + 1);
    if (provider) return { ...provider, model: id };
    // `registry.languageModel("anthropic:claude-sonnet-4-5")`
    const separator = id?.indexOf(":") ?? -1;
    if (id !== null && separator > 0) {
      const fromPrefix = REGISTRY_PREFIXES.get(id.slice(0, separator));
      const model = id.slice(separator + 1);
      return { provider: fromPrefix ?? providerFromModelId(model) ?? "openai-compatible", model, options: null };
    }
    return id === null ? null : { provider: providerFromModelId(id) ?? "openai-compatible", model: id, options: null };
  }
  const provider = resolveProvider(evaluator, callee, depth + 1);
  if (provider) return { ...provider, model: id };
  return id === null ? null : { provider: providerFromModelId(id) ?? "openai-compatible", model: id, options: null };
}

/**
 * A provider: an import from a provider package (`openai`, `anthropic`), a call of its factory
 * (`createOpenAI({ baseURL })`), or a `const` holding either. An OpenAI or OpenAI-compatible
 * provider with a `baseURL` belongs to the host it points at.
 */
function resolveProvider(evaluator: Evaluator, expression: TSESTree.Node, depth: number): ProviderInfo | null {
  const node = unwrap(expression as TSESTree.Expression);
  if (!node || depth > MAX_DEPTH) return null;
  if (node.type === "Identifier") {
    const source = sourceOf(evaluator, node);
    if (source) {
      const provider = PROVIDER_MODULES.get(moduleName(source));
      return provider ? { provider, options: null } : null;
    }
    const init = initializerOf(evaluator, node);
    return init ? resolveProvider(evaluator, init, depth + 1) : null;
  }
  if (node.type !== "CallExpression" || node.callee.type !== "Identifier") return null;
  const source = sourceOf(evaluator, node.callee);
  const provider = source ? PROVIDER_MODULES.get(moduleName(source)) : undefined;
  if (!provider) return null;
  const argument = node.arguments[0];
  const value = argument && argument.type !== "SpreadElement" ? evaluator.evaluate(argument) : null;
  const options = value?.kind === "object" ? value : null;
  return { provider: providerOfOptions(provider, options), options };
}

function providerOfOptions(provider: ProviderName, options: ObjectValue | null): ProviderName {
  if (provider !== "openai" && provider !== "openai-compatible") return provider;
  const baseURL = options?.properties.get("baseURL");
  if (!baseURL) return provider;
  const url = knownText(baseURL.value);
  return url === null ? "openai-compatible" : providerFromBaseURL(url);
}

/**
 * Body properties by name, plus the provider options the checks read under the OpenAI SDK's
 * names: `promptCacheKey` from `providerOptions.openai` (or `.xai`, `.azure`), and Gemini's
 * `cachedContent` from `providerOptions.google` (or `.vertex`).
 */
function parameters(body: ObjectValue, provider: ProviderName): Map<string, Parameter> {
  const result = new Map<string, Parameter>(body.properties);
  const options = body.properties.get("providerOptions")?.value;
  if (options?.kind !== "object") return result;
  const find = (namespaces: string[], key: string): PropertyEntry | undefined => {
    for (const namespace of namespaces) {
      const scope = options.properties.get(namespace)?.value;
      const entry = scope?.kind === "object" ? scope.properties.get(key) : undefined;
      if (entry) return entry;
    }
    return undefined;
  };
  const keyNamespaces: Partial<Record<ProviderName, string[]>> = { openai: ["openai", "azure"], xai: ["xai", "openai"], "openai-compatible": ["openai", "xai"] };
  const key = find(keyNamespaces[provider] ?? [], "promptCacheKey");
  if (key) result.set("promptCacheKey", key);
  const cachedContent = provider === "google" ? find(["google", "vertex", "googleVertex"], "cachedContent") : undefined;
  if (cachedContent) result.set("cachedContent", cachedContent);
  return result;
}

/** The provider's `headers` setting overridden by the call's `headers`, by lower-case name. */
function requestHeaders(options: ObjectValue | null, body: ObjectValue | null): Map<string, Parameter> {
  const headers = new Map<string, Parameter>();
  for (const source of [options, body]) {
    const entry = source?.properties.get("headers");
    if (entry?.value.kind !== "object") continue;
    for (const [name, header] of entry.value.properties) headers.set(name.toLowerCase(), header);
  }
  return headers;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function sourceOf(evaluator: Evaluator, identifier: TSESTree.Identifier): ImportSource | null {
  const variable = evaluator.variableOf(identifier);
  return variable ? importOf(variable) : null;
}

function isImport(evaluator: Evaluator, identifier: TSESTree.Identifier, modules: string[], names: string[]): boolean {
  const source = sourceOf(evaluator, identifier);
  return source !== null && modules.includes(moduleName(source)) && names.includes(source.imported);
}

function firstArgumentText(evaluator: Evaluator, call: TSESTree.CallExpression): string | null {
  const argument = call.arguments[0];
  return argument && argument.type !== "SpreadElement" ? knownText(evaluator.evaluate(argument)) : null;
}

function objectProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | null {
  for (const property of object.properties) {
    if (property.type === "Property" && !property.computed && property.key.type === "Identifier" && property.key.name === name) return property.value;
  }
  return null;
}

function objectArgument(evaluator: Evaluator, call: TSESTree.CallExpression): ObjectValue | null {
  const argument = call.arguments[0];
  const value = argument && argument.type !== "SpreadElement" ? evaluator.evaluate(argument) : null;
  return value?.kind === "object" ? value : null;
}
