import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { importOf, moduleName } from "../eval/imports.js";
import { knownText, type ObjectValue, type Value } from "../eval/values.js";
import { anthropicPrompt } from "../model/anthropic-prompt.js";
import { geminiSegments } from "../model/google-prompt.js";
import { openAISegments } from "../model/openai-prompt.js";
import type { Breakpoint, Parameter, ProviderName, RequestSite, Segment } from "../model/types.js";
import { providerFromBaseURL } from "./clients.js";
import type { FileImports } from "./index.js";

/*
 * Requests sent without an SDK: `fetch`, axios, got or ky calls to a provider's endpoint, with a
 * JSON body built from objects. The body and headers are read exactly like an SDK's parameters.
 */

/** An endpoint's API, its provider when the path names one, and how its body becomes a prompt. */
interface Endpoint {
  api: string;
  provider: ProviderName | null;
  prompt: (evaluator: Evaluator, body: ObjectValue, call: TSESTree.Node) => { segments: Segment[]; breakpoints: Breakpoint[] };
}

const ENDPOINTS: ReadonlyArray<[RegExp, Endpoint]> = [
  [/\/chat\/completions\b/, { api: "chat.completions", provider: null, prompt: (evaluator, body) => ({ segments: openAISegments(evaluator, body, "chat.completions"), breakpoints: [] }) }],
  [/\/v1\/responses\b/, { api: "responses", provider: null, prompt: (evaluator, body) => ({ segments: openAISegments(evaluator, body, "responses"), breakpoints: [] }) }],
  [/\/v1\/messages\b/, { api: "messages", provider: "anthropic", prompt: (evaluator, body) => anthropicPrompt(evaluator, body) }],
  [
    /:(stream)?generateContent\b/i,
    {
      api: "models.generateContent",
      provider: "google",
      // The REST body has `systemInstruction` and `tools` at the top level, where the SDK has `config`.
      prompt: (evaluator, body, call) => ({ segments: geminiSegments(evaluator, { site: call, config: body, contents: body.properties.get("contents") }), breakpoints: [] }),
    },
  ],
];

const HTTP_MODULE_NAMES = ["axios", "got", "ky", "node-fetch", "undici", "ofetch"];
const HTTP_MODULES = new Set(HTTP_MODULE_NAMES);
const POST_METHODS = new Set(["post", "put", "patch"]);

/** `fetch(url, { body: JSON.stringify(body), headers })`, `axios.post(url, body, { headers })`... */
export function httpRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  const shape = requestShape(evaluator, call, imports);
  if (!shape) return null;
  const url = knownText(evaluator.evaluate(shape.url));
  const urlPieces = evaluator.asString(evaluator.evaluate(shape.url), shape.url).pieces;
  // A URL built from a base in the environment still names its path: match the known parts.
  const knownUrl = url ?? urlPieces.map((piece) => piece.text ?? "").join("");
  const match = ENDPOINTS.find(([pattern]) => pattern.test(knownUrl));
  if (!match) return null;
  const [, endpoint] = match;
  const body = shape.body ? unwrapJson(evaluator, shape.body) : null;
  const headers = new Map<string, Parameter>();
  if (shape.headers?.kind === "object") for (const [name, header] of shape.headers.properties) headers.set(name.toLowerCase(), header);
  const model = body?.properties.get("model");
  const prompt = body ? endpoint.prompt(evaluator, body, call) : null;
  const provider = endpoint.provider ?? (/^[a-z]+:\/\//i.test(knownUrl) ? providerFromBaseURL(knownUrl) : "openai-compatible");
  return {
    node: call,
    provider,
    sdk: "http",
    api: endpoint.api,
    // Gemini's REST API names the model in the path: `/v1beta/models/gemini-2.5-flash:generateContent`.
    model: (model ? knownText(model.value) : null) ?? /\/models\/([^/:]+):/.exec(knownUrl)?.[1] ?? null,
    segments: prompt?.segments ?? [],
    parameters: new Map(body?.properties ?? []),
    headers,
    breakpoints: prompt?.breakpoints ?? [],
  };
}

interface Shape {
  url: TSESTree.Node;
  body: TSESTree.Node | null;
  headers: Value | null;
}

function requestShape(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): Shape | null {
  const callee = call.callee;
  // Every call of a file comes here: the callee's shape first, before any allocation.
  const direct = callee.type === "Identifier";
  const post = callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier" && POST_METHODS.has(callee.property.name);
  if (!direct && !post) return null;
  const [first, second, third] = call.arguments.map((argument) => (argument.type === "SpreadElement" ? null : argument));
  if (!first) return null;
  // fetch(url, init) / ky(url, options) / got(url, options) / ofetch(url, options)
  if (callee.type === "Identifier") {
    if (callee.name !== "fetch" && !isHttpImport(evaluator, callee, imports)) return null;
    const init = second ? evaluator.evaluate(second) : null;
    return init?.kind === "object" ? fromOptions(first, init) : null;
  }
  // axios.post(url, body, config) / got.post(url, options) / ky.post(url, options)
  if (callee.type !== "MemberExpression" || callee.object.type !== "Identifier" || !isHttpImport(evaluator, callee.object, imports)) return null;
  const module = moduleOf(evaluator, callee.object);
  if (module === "axios") {
    const config = third ? evaluator.evaluate(third) : null;
    return { url: first, body: second ?? null, headers: config?.kind === "object" ? (config.properties.get("headers")?.value ?? null) : null };
  }
  const options = second ? evaluator.evaluate(second) : null;
  return options?.kind === "object" ? fromOptions(first, options) : null;
}

/** fetch's `body`, got's and ky's `json`, and `headers` from an options object. */
function fromOptions(url: TSESTree.Node, options: ObjectValue): Shape {
  const body = options.properties.get("body") ?? options.properties.get("json");
  const bodyNode = body ? (body.node.type === "Property" ? body.node.value : body.node) : null;
  return { url, body: bodyNode, headers: options.properties.get("headers")?.value ?? null };
}

/** The object a body was serialized from: `JSON.stringify({ ... })` reads as the object itself. */
function unwrapJson(evaluator: Evaluator, node: TSESTree.Node): ObjectValue | null {
  if (
    node.type === "CallExpression" &&
    node.callee.type === "MemberExpression" &&
    node.callee.object.type === "Identifier" &&
    node.callee.object.name === "JSON" &&
    node.arguments[0] &&
    node.arguments[0].type !== "SpreadElement"
  ) {
    return unwrapJson(evaluator, node.arguments[0]);
  }
  const value = evaluator.evaluate(node);
  return value.kind === "object" ? value : null;
}

function moduleOf(evaluator: Evaluator, identifier: TSESTree.Identifier): string | null {
  const variable = evaluator.variableOf(identifier);
  const source = variable ? importOf(variable) : null;
  return source ? moduleName(source) : null;
}

function isHttpImport(evaluator: Evaluator, identifier: TSESTree.Identifier, imports: FileImports): boolean {
  // Most files import no HTTP client: then no name needs resolving (which costs the file's scope analysis in the CLI).
  if (!HTTP_MODULE_NAMES.some((module) => imports.modules.has(module))) return false;
  const module = moduleOf(evaluator, identifier);
  return module !== null && HTTP_MODULES.has(module) && imports.modules.has(module);
}
