import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { knownText, type ObjectValue, type PropertyEntry } from "../eval/values.js";
import { openAISegments, valueNode } from "../model/openai-prompt.js";
import type { Parameter, RequestSite, Segment } from "../model/types.js";
import { definitionOf, constructorSource, propertyName } from "./definitions.js";
import type { FileImports } from "./index.js";

/*
 * `@mistralai/mistralai` (client-ts 2.x, mistralai/client-ts@b14b3b9): `new Mistral({ apiKey })`,
 * then `mistral.chat.complete|stream|parse|parseStream`, `mistral.fim.complete|stream`,
 * `mistral.agents.complete|stream`. Bodies use the SDK's camelCase names (`toolChoice`,
 * `responseFormat`, `promptCacheKey`), which the SDK maps to `tool_choice`... on the wire.
 */

const MODULE = "@mistralai/mistralai";

/** Resource, its methods, and the endpoint they send to. */
const RESOURCES: Record<string, { api: string; methods: ReadonlySet<string> }> = {
  chat: { api: "chat.completions", methods: new Set(["complete", "stream", "parse", "parseStream"]) },
  fim: { api: "fim.completions", methods: new Set(["complete", "stream"]) },
  agents: { api: "agents.completions", methods: new Set(["complete", "stream"]) },
};

export function mistralRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  const callee = call.callee;
  if (callee.type !== "MemberExpression" || callee.object.type !== "MemberExpression") return null;
  const name = propertyName(callee.object) ?? "";
  // Own keys only: `x.constructor.complete()` must not find Object.prototype.constructor.
  const resource = Object.hasOwn(RESOURCES, name) ? RESOURCES[name] : undefined;
  if (!resource?.methods.has(propertyName(callee) ?? "")) return null;
  const client = mistralClient(evaluator, callee.object.object);
  if (client === false) return null;
  const bodyNode = call.arguments[0];
  const bodyValue = bodyNode && bodyNode.type !== "SpreadElement" ? evaluator.evaluate(bodyNode) : null;
  const body = bodyValue?.kind === "object" ? bodyValue : null;
  // A client made in another module (`import { mistral } from "./client.js"`): in a file that
  // imports the SDK, or with a body that has the request's own shape.
  if (client === null && !imports.modules.has(MODULE) && !hasRequestShape(body, resource.api)) return null;
  const model = body?.properties.get("model");
  return {
    node: call,
    provider: "mistral",
    sdk: MODULE,
    api: resource.api,
    model: model ? knownText(model.value) : null,
    segments: body ? mistralSegments(evaluator, body, resource.api) : [],
    parameters: new Map(body?.properties ?? []),
    headers: requestHeaders(evaluator, call.arguments[1]),
    breakpoints: [],
    ...(client && { clientConstruction: client }),
  };
}

/** `{ model, messages }` (chat), `{ agentId, messages }` (agents), `{ model, prompt }` (FIM). */
function hasRequestShape(body: ObjectValue | null, api: string): boolean {
  if (!body) return false;
  if (api === "fim.completions") return body.properties.has("model") && body.properties.has("prompt");
  return body.properties.has("messages") && body.properties.has(api === "agents.completions" ? "agentId" : "model");
}

/**
 * `new Mistral(...)` behind a receiver: the construction, null when it is not in the file, false
 * when the receiver is built from another class.
 */
function mistralClient(evaluator: Evaluator, receiver: TSESTree.Node): TSESTree.NewExpression | null | false {
  const made = definitionOf(evaluator, receiver);
  if (made?.type !== "NewExpression") return null;
  const source = constructorSource(evaluator, made.callee);
  return source?.module === MODULE && (source.className === "Mistral" || source.className === "default") ? made : false;
}

/**
 * The prompt in order. Chat and agents take OpenAI-style messages; an agent's own instructions
 * live on Mistral's servers and come first. FIM is encoded suffix first (`[SUFFIX]…[PREFIX]…`,
 * mistral-common `encode_fim`), then the prompt the completion continues.
 */
function mistralSegments(evaluator: Evaluator, body: ObjectValue, api: string): Segment[] {
  if (api === "fim.completions") {
    const segments: Segment[] = [];
    const suffix = body.properties.get("suffix");
    if (suffix) segments.push(textSegment(evaluator, suffix, "message", null, false));
    const prompt = body.properties.get("prompt");
    if (prompt) segments.push(textSegment(evaluator, prompt, "input", "user", true));
    return segments;
  }
  const renamed = new Map(body.properties);
  const responseFormat = body.properties.get("responseFormat");
  if (responseFormat) renamed.set("response_format", responseFormat);
  const segments = openAISegments(evaluator, { ...body, properties: renamed }, "chat.completions");
  const agent = api === "agents.completions" ? body.properties.get("agentId") : undefined;
  if (!agent) return segments;
  const node = valueNode(agent);
  const id = knownText(agent.value);
  const instructions: Segment = {
    kind: "instructions",
    role: null,
    pieces: [{ stability: "deployment", text: null, node, reason: `the instructions of agent ${id === null ? `\`${evaluator.snippet(node)}\`` : `"${id}"`}, kept on Mistral's servers` }],
    node,
    isFinal: false,
  };
  return [instructions, ...segments];
}

function textSegment(evaluator: Evaluator, entry: PropertyEntry, kind: Segment["kind"], role: string | null, isFinal: boolean): Segment {
  const node = valueNode(entry);
  return { kind, role, pieces: evaluator.asString(entry.value, node).pieces, node, isFinal };
}

/** Request options `headers` or `fetchOptions.headers` (Speakeasy `RequestOptions`), by lower-case name. */
function requestHeaders(evaluator: Evaluator, optionsNode: TSESTree.Node | undefined): Map<string, Parameter> {
  const headers = new Map<string, Parameter>();
  if (!optionsNode || optionsNode.type === "SpreadElement") return headers;
  const options = evaluator.evaluate(optionsNode);
  if (options.kind !== "object") return headers;
  const fetchOptions = options.properties.get("fetchOptions")?.value;
  for (const entry of [fetchOptions?.kind === "object" ? fetchOptions.properties.get("headers") : undefined, options.properties.get("headers")]) {
    if (entry?.value.kind !== "object") continue;
    for (const [name, header] of entry.value.properties) headers.set(name.toLowerCase(), header);
  }
  return headers;
}
