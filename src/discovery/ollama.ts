import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { knownText, stabilityOf, type ObjectValue, type PropertyEntry } from "../eval/values.js";
import { openAISegments, valueNode } from "../model/openai-prompt.js";
import type { Parameter, Piece, RequestSite, Segment } from "../model/types.js";
import { localClient, throughCustomFetch } from "./custom-fetch.js";
import { definitionOf, constructorSource, propertyName } from "./definitions.js";
import type { FileImports } from "./index.js";

/*
 * The `ollama` package (ollama/ollama-js@f23d7ee `src/interfaces.ts`, `src/browser.ts`): the
 * default export (a ready client) or `new Ollama({ host })`, then `ollama.chat({ model,
 * messages, tools, format, options, keep_alive, think })` and `ollama.generate({ model, system,
 * prompt, template, images, ... })`. Ollama reuses the loaded model's KV cache for a shared prefix
 * while the model stays loaded (`keep_alive`).
 */

const MODULES = new Set(["ollama", "ollama/browser"]);

export function ollamaRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  const method = propertyName(call.callee);
  if ((method !== "chat" && method !== "generate") || call.callee.type !== "MemberExpression") return null;
  if (![...MODULES].some((module) => imports.modules.has(module))) return null;
  const client = ollamaClient(evaluator, call.callee.object);
  if (!client) return null;
  const bodyNode = call.arguments[0];
  const bodyValue = bodyNode && bodyNode.type !== "SpreadElement" ? evaluator.evaluate(bodyNode) : null;
  const body = bodyValue?.kind === "object" ? bodyValue : null;
  const model = body?.properties.get("model");
  const site: RequestSite = {
    node: call,
    provider: "ollama",
    sdk: "ollama",
    api: method,
    model: model ? knownText(model.value) : null,
    segments: body ? (method === "chat" ? chatSegments(evaluator, body) : generateSegments(evaluator, body)) : [],
    parameters: new Map(body?.properties ?? []),
    headers: clientHeaders(client.options),
    breakpoints: [],
  };
  return throughCustomFetch(evaluator, site, localClient(evaluator, client.options));
}

/** The default export (`import ollama from "ollama"`), or `new Ollama({ host, headers })` from the package. */
function ollamaClient(evaluator: Evaluator, receiver: TSESTree.Node): { options: ObjectValue | null } | null {
  const imported = constructorSource(evaluator, receiver);
  if (imported) return MODULES.has(imported.module) && imported.className === "default" ? { options: null } : null;
  const made = definitionOf(evaluator, receiver);
  if (made?.type !== "NewExpression") return null;
  const source = constructorSource(evaluator, made.callee);
  if (!source || !MODULES.has(source.module) || source.className !== "Ollama") return null;
  const argument = made.arguments[0];
  const options = argument && argument.type !== "SpreadElement" ? evaluator.evaluate(argument) : null;
  return { options: options?.kind === "object" ? options : null };
}

/** The client's `headers` (`Config.headers`), by lower-case name. */
function clientHeaders(options: ObjectValue | null): Map<string, Parameter> {
  const headers = new Map<string, Parameter>();
  const entry = options?.properties.get("headers");
  if (entry?.value.kind === "object") for (const [name, header] of entry.value.properties) headers.set(name.toLowerCase(), header);
  return headers;
}

/**
 * Chat: tools, then the messages, as the model's template renders them (most templates put the
 * tools in the system block). `format` constrains sampling and is not part of the prompt.
 */
function chatSegments(evaluator: Evaluator, body: ObjectValue): Segment[] {
  const segments = openAISegments(evaluator, { ...body, properties: new Map([...body.properties].filter(([name]) => name === "tools" || name === "messages")) }, "chat.completions");
  const messages = body.properties.get("messages")?.value;
  if (messages?.kind !== "array") return segments;
  const images = new Map<TSESTree.Node, PropertyEntry>();
  for (const element of messages.elements) {
    const entry = element.value.kind === "object" ? element.value.properties.get("images") : undefined;
    if (entry && element.value.kind === "object") images.set(element.value.node, entry);
  }
  return segments.map((segment) => {
    const entry = images.get(segment.node);
    return entry ? { ...segment, pieces: [...segment.pieces, ...imagePieces(entry)] } : segment;
  });
}

/** Generate: the system prompt, then the prompt (with its images), both inside the model's template. */
function generateSegments(evaluator: Evaluator, body: ObjectValue): Segment[] {
  const segments: Segment[] = [];
  const system = body.properties.get("system");
  if (system) {
    const node = valueNode(system);
    segments.push({ kind: "system", role: "system", pieces: evaluator.asString(system.value, node).pieces, node, isFinal: false });
  }
  const prompt = body.properties.get("prompt");
  if (prompt) {
    const node = valueNode(prompt);
    const images = body.properties.get("images");
    const pieces = [...evaluator.asString(prompt.value, node).pieces, ...(images ? imagePieces(images) : [])];
    segments.push({ kind: "input", role: "user", pieces, node, isFinal: true });
  }
  return segments;
}

/** `images: [base64, ...]`: one image piece per element, as stable as the value it is made from. */
function imagePieces(entry: PropertyEntry): Piece[] {
  const node = valueNode(entry);
  if (entry.value.kind !== "array") return [{ stability: stabilityOf(entry.value), text: null, node, reason: `images at line ${node.loc.start.line}`, media: "image" }];
  return entry.value.elements.map((element) => ({
    stability: stabilityOf(element.value),
    text: null,
    node: element.node,
    reason: element.value.kind === "opaque" ? element.value.reason : `image at line ${element.node.loc.start.line}`,
    media: "image",
  }));
}
