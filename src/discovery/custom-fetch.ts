import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator, ModuleCode } from "../eval/evaluator.js";
import type { FunctionValue, ObjectValue, PropertyEntry } from "../eval/values.js";
import { valueNode } from "../model/openai-prompt.js";
import { applyFetchRewrite, type Wire } from "../model/request-edits.js";
import type { RequestSite } from "../model/types.js";
import { importedSdkClient, type ImportedSdkClient } from "./definitions.js";
import { readCustomFetch, type FetchReading } from "./fetch-reader.js";

/*
 * SDK clients take a `fetch` of the application's own (`new OpenAI({ fetch })`, `new Anthropic({
 * fetch })`, `createAnthropic({ fetch })`, `new Ollama({ fetch })`), which sees every request
 * before it leaves: tracing and auth wrappers that sometimes also rewrite the body (a timestamp
 * in the system message) or set a routing header. The requests made through such a client get
 * the rewrite applied to their prompt model (fetch-reader.ts says what is understood).
 */

/**
 * The options a request's client was made with, as written in the module that made it
 * (`imported`: another module, whose values `code` places in this file).
 */
export interface ClientSource {
  options: ObjectValue;
  code: ModuleCode;
  imported: boolean;
}

/** A client made in the file being analyzed, when its options are an object. */
export function localClient(evaluator: Evaluator, options: ObjectValue | null): ClientSource | null {
  return options && { options, code: fileCode(evaluator), imported: false };
}

/**
 * `import { openai } from "./clients"`: the options of the client the module exports, when it is
 * a client of `sdk` and the analysis follows imports.
 */
export function importedClient(evaluator: Evaluator, receiver: TSESTree.Node, sdk: string): ClientSource | null {
  const client = importedSdkClient(evaluator, receiver);
  return client?.module === sdk ? importedSource(client) : null;
}

/** A client another module makes, found through an import. */
export function importedSource(client: ImportedSdkClient): ClientSource | null {
  return client.options && { options: client.options, code: client.code, imported: true };
}

/**
 * The request as the custom fetch of its client (`found`, when the analyzer found it) sends it;
 * `wire` is the body the client sends, when the site's SDK does not tell it.
 */
export function throughCustomFetch(evaluator: Evaluator, site: RequestSite, found: ClientSource | null, wire: Wire = wireOf(site)): RequestSite {
  const entry = found?.options.properties.get("fetch");
  if (!found || !entry) return site;
  const option = valueNode(entry);
  const value = entry.value;
  if (value.kind !== "function") {
    // A fetch the analyzer cannot read (an import it does not follow, a value built at run time).
    return applyFetchRewrite(evaluator, site, wire, { name: null, customFetch: { node: found.code.placeNode(option), understood: false }, edits: [] });
  }
  // A function of another module is read there; what it writes is placed at the `fetch` option.
  const local = !found.imported && !value.owner;
  const reading = local ? localReading(evaluator, value.node) : readCustomFetch(value.owner ? within(found.code, value.owner.home(option)) : found.code, value.node);
  const node = local ? value.node : found.code.placeNode(option);
  return applyFetchRewrite(evaluator, site, wire, { name: fetchName(entry, value), customFetch: { node, understood: reading.understood }, edits: reading.edits });
}

/** The file being analyzed, as `ModuleCode`: its values are already where they are. */
function fileCode(evaluator: Evaluator): ModuleCode {
  return { evaluator, place: (value) => value, placeNode: (node) => node };
}

/** Readings of the file's own fetch functions: every request through the client shares one. */
const readings = new WeakMap<Evaluator, Map<FunctionValue["node"], FetchReading>>();

function localReading(evaluator: Evaluator, fn: FunctionValue["node"]): FetchReading {
  let byFunction = readings.get(evaluator);
  if (!byFunction) readings.set(evaluator, (byFunction = new Map()));
  let reading = byFunction.get(fn);
  if (!reading) byFunction.set(fn, (reading = readCustomFetch(fileCode(evaluator), fn)));
  return reading;
}

/** Code of a module reached from another one: its values go through both placements to this file. */
function within(outer: ModuleCode, inner: ModuleCode): ModuleCode {
  return { evaluator: inner.evaluator, place: (value) => outer.place(inner.place(value)), placeNode: (node) => outer.placeNode(inner.placeNode(node)) };
}

/** "`tracingFetch`" for a named function or a `fetch: tracingFetch` option, else null. */
function fetchName(entry: PropertyEntry, value: FunctionValue): string | null {
  const option = valueNode(entry);
  if (option.type === "Identifier") return `\`${option.name}\``;
  const fn = value.node;
  if (fn.type === "FunctionDeclaration" && fn.id) return `\`${fn.id.name}\``;
  const parent = fn.parent;
  return parent?.type === "VariableDeclarator" && parent.id.type === "Identifier" ? `\`${parent.id.name}\`` : null;
}

/** The JSON body the provider receives from a site's SDK and API, and its endpoint path (custom fetch changes are written against these). */
function wireOf(site: RequestSite): Wire {
  if (site.sdk === "openai" || site.sdk === "groq-sdk") return site.api === "responses" ? { format: "responses", path: "/responses" } : { format: "chat", path: "/chat/completions" };
  // Bedrock and Vertex get the same body at their own endpoints (`/invoke`, `:rawPredict`).
  if (site.sdk === "@anthropic-ai/sdk") return { format: "anthropic", path: "/messages" };
  if (site.sdk.startsWith("@anthropic-ai/")) return { format: "anthropic", path: null };
  if (site.sdk === "ollama") return site.api === "chat" ? { format: "chat", path: "/api/chat" } : { format: null, path: "/api/generate" };
  // The AI SDK's providers build their own bodies; Anthropic's is the Messages body.
  if (site.sdk === "ai" && site.provider === "anthropic") return { format: "anthropic", path: "/messages" };
  return { format: null, path: null };
}
