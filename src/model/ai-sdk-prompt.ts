import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { initializerOf, inScopeOf, isGlobalCall } from "../discovery/definitions.js";
import { importOf } from "../eval/imports.js";
import { at } from "../eval/text.js";
import { changesOf, flattenPieces, knownText, stabilityOf, type ArrayElement, type Change, type ObjectValue, type PropertyEntry, type Value } from "../eval/values.js";
import { plainSegment, valueNode } from "./openai-prompt.js";
import { toolsSegment } from "./tools.js";
import { isChanging, worstStability, type Breakpoint, type Piece, type ProviderName, type RequestSite, type Segment, type Stability } from "./types.js";

/*
 * The prompt of a Vercel AI SDK call (`generateText`, `streamText`, `generateObject`,
 * `streamObject`) in the order the providers it supports build their prefix: tools, the output
 * schema, the instructions, then the conversation. Sources read: vercel/ai `packages/ai/src/prompt/
 * standardize-prompt.ts` (v7: `instructions ?? system`, `prompt` as a string becomes one user
 * message), `prepare-tools.ts` (tools are sent in `Object.entries` order, or `toolOrder` with the
 * rest sorted by name), `generate-text/filter-active-tools.ts` (`activeTools` drops the tools it
 * does not name), `packages/anthropic/src/convert-to-anthropic-messages-prompt.ts` and
 * `get-cache-control.ts` (`providerOptions.anthropic.cacheControl` on system messages, messages
 * and parts), `packages/amazon-bedrock/src/convert-to-amazon-bedrock-chat-messages.ts`
 * (`providerOptions.bedrock.cachePoint`, or `amazonBedrock`).
 */

/** The segments of one call and the cache markers it sets. */
export interface AiSdkPrompt {
  segments: Segment[];
  breakpoints: Breakpoint[];
}

interface Context {
  evaluator: Evaluator;
  /** The call that sends the request. */
  site: TSESTree.Node;
  provider: ProviderName;
  segments: Segment[];
  breakpoints: Breakpoint[];
}

/** Functions from "ai" and "@ai-sdk/mcp" that connect to an MCP server. */
const MCP_CLIENT_FACTORIES = new Set(["createMCPClient", "experimental_createMCPClient"]);

export function aiSdkPrompt(evaluator: Evaluator, site: TSESTree.Node, body: ObjectValue, provider: ProviderName): AiSdkPrompt {
  const context: Context = { evaluator, site, provider, segments: [], breakpoints: [] };
  const option = (key: string) => {
    const entry = body.properties.get(key);
    return entry && knownText(entry.value) !== "undefined" ? entry : undefined;
  };
  const tools = option("tools");
  if (tools) addTools(context, tools, body);
  const schema = outputSchema(body);
  if (schema) context.segments.push(plainSegment("response_format", schema));
  // v7 reads `instructions ?? system`; before v7 only `system` exists.
  const instructions = option("instructions") ?? option("system");
  if (instructions) addInstructions(context, instructions);
  const conversation = option("prompt") ?? option("messages");
  if (conversation) addConversation(context, conversation, option("prompt") !== undefined);
  const callLevel = cacheMarker(body.properties.get("providerOptions")?.value, provider, "call");
  if (callLevel) context.breakpoints.push({ ...callLevel, segment: null });
  return { segments: context.segments, breakpoints: context.breakpoints };
}

/**
 * The system segments an AI SDK call sends from inside `messages` or `prompt` (not from
 * `instructions` or `system`): v7 rejects them unless `allowSystemInMessages: true`.
 */
export function systemMessagesInConversation(site: RequestSite): Segment[] {
  const entry = site.parameters.get("prompt") ?? site.parameters.get("messages");
  if (!entry || entry.value.kind !== "array") return [];
  const nodes = new Set(entry.value.elements.flatMap((element) => (!element.spread && element.value.kind === "object" ? [element.value.node] : [])));
  return site.segments.filter((segment) => segment.kind === "system" && nodes.has(segment.node));
}

// ---------------------------------------------------------------------------------------------
// Tools

function addTools(context: Context, entry: PropertyEntry, body: ObjectValue): void {
  const { evaluator } = context;
  let value = toolList(evaluator, entry.value, context.site);
  const changes: Change[] = [];
  const active = body.properties.get("activeTools") ?? body.properties.get("experimental_activeTools");
  if (active) {
    const stability = listStability(active.value);
    if (isChanging(stability)) {
      const node = valueNode(active);
      changes.push({ kind: "membership", stability, reason: `\`activeTools: ${evaluator.snippet(node)}\` at ${at(node)} sends only the tools it names`, node });
    }
  }
  const order = body.properties.get("toolOrder");
  if (order) {
    // `toolOrder` puts the named tools first and sorts the rest by name: the order no longer
    // depends on how the tools object was built, only on `toolOrder` itself.
    value = withoutOrderChanges(value);
    const stability = listStability(order.value);
    if (isChanging(stability)) {
      const node = valueNode(order);
      changes.push({ kind: "order", stability, reason: `\`toolOrder: ${evaluator.snippet(node)}\` at ${at(node)}`, node });
    }
  }
  if (changes.length > 0 && (value.kind === "array" || value.kind === "opaque")) value = { ...value, changes: [...(value.changes ?? []), ...changes] };
  const index = context.segments.length;
  context.segments.push(toolsSegment(value, valueNode(entry), null));
  if (value.kind !== "array") return;
  for (const element of value.elements) {
    const marker = cacheMarker(toolProviderOptions(evaluator, element), context.provider, "part");
    if (marker) context.breakpoints.push({ ...marker, segment: index, pieces: flattenPieces(element.value) });
  }
}

/**
 * A tools object as the list the SDK sends: one element per property in `Object.entries` order,
 * then whatever an unknown spread adds. `Object.fromEntries(list)` keeps the list's changes, and
 * an MCP client's `tools()` lists the server's tools in an order the server does not guarantee.
 */
function toolList(evaluator: Evaluator, value: Value, site: TSESTree.Node): Value {
  if (value.kind === "object") {
    const elements: ArrayElement[] = [...value.properties.values()].map((entry) => ({ value: entry.value, spread: false, node: entry.node }));
    if (value.openSpread) elements.push({ value: value.openSpread, spread: true, node: value.openSpread.node });
    return { kind: "array", elements, node: value.node };
  }
  if (value.kind !== "opaque" || value.node.type !== "CallExpression") return value;
  const call = value.node;
  // The list is read again where it is written, when that loses no helper's arguments.
  if (isGlobalCall(evaluator, call, "Object", "fromEntries") && inScopeOf(call, site) && call.arguments[0] && call.arguments[0].type !== "SpreadElement") {
    const entries = evaluator.evaluate(call.arguments[0]);
    if (entries.kind === "array") {
      const elements = entries.elements.map((element): ArrayElement => {
        const pair = element.value;
        const tool = pair.kind === "array" && !element.spread ? pair.elements[1] : undefined;
        return tool ? { value: tool.value, spread: false, node: element.node } : { ...element, spread: true };
      });
      return { kind: "array", elements, node: call, ...(entries.changes && { changes: entries.changes }) };
    }
    const changes = changesOf(entries);
    return changes.length > 0 ? { ...value, changes } : value;
  }
  if (isMcpToolsCall(evaluator, call)) {
    const reason = `\`${evaluator.snippet(call)}\` at ${at(call)} lists the MCP server's tools in the order the server returns them, which it does not guarantee`;
    return { ...value, stability: "deployment", reason, changes: [...(value.changes ?? []), { kind: "order", stability: "dynamic", reason, node: call }] };
  }
  return value;
}

/** `mcp.tools()` on a client from `createMCPClient()` in this file. */
function isMcpToolsCall(evaluator: Evaluator, call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type !== "MemberExpression" || callee.computed || callee.property.type !== "Identifier" || callee.property.name !== "tools") return false;
  const init = initializerOf(evaluator, callee.object);
  if (init?.type !== "CallExpression" || init.callee.type !== "Identifier") return false;
  const variable = evaluator.variableOf(init.callee);
  const source = variable ? importOf(variable) : null;
  return source !== null && MCP_CLIENT_FACTORIES.has(source.imported);
}

/** `providerOptions` of a tool: an object literal, or the argument of `tool({...})`. */
function toolProviderOptions(evaluator: Evaluator, element: ArrayElement): Value | undefined {
  const tool = element.value;
  if (tool.kind === "object") return tool.properties.get("providerOptions")?.value;
  if (tool.kind !== "opaque" || tool.node.type !== "CallExpression") return undefined;
  const argument = tool.node.arguments[0];
  if (argument?.type !== "ObjectExpression") return undefined;
  const options = argument.properties.find((property) => property.type === "Property" && !property.computed && property.key.type === "Identifier" && property.key.name === "providerOptions");
  return options?.type === "Property" ? evaluator.evaluate(options.value) : undefined;
}

function withoutOrderChanges(value: Value): Value {
  if ((value.kind !== "array" && value.kind !== "opaque") || !value.changes) return value;
  const changes = value.changes.filter((change) => change.kind !== "order");
  return { ...value, changes: changes.length > 0 ? changes : undefined };
}

/** How often a list of names changes: its elements, and which of them it holds. */
function listStability(value: Value): Stability {
  return changesOf(value).reduce<Stability>((worst, change) => worstStability(worst, change.stability), stabilityOf(value));
}

// ---------------------------------------------------------------------------------------------
// Output schema, instructions, conversation

/** `schema` of `generateObject`/`streamObject`, or `output: Output.object({ schema })`. */
function outputSchema(body: ObjectValue): PropertyEntry | undefined {
  const schema = body.properties.get("schema");
  if (schema) return schema;
  const output = body.properties.get("output") ?? body.properties.get("experimental_output");
  // `generateObject`'s `output: "array" | "enum" | "no-schema"` names a mode, not a schema.
  if (!output || output.value.kind === "string") return undefined;
  const node = valueNode(output);
  // `Output.text()` is plain text: no schema in the prompt.
  if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && !node.callee.computed && node.callee.property.type === "Identifier" && node.callee.property.name === "text") {
    return undefined;
  }
  return output;
}

/** `instructions`/`system`: a string, a `SystemModelMessage`, or an array of them. */
function addInstructions(context: Context, entry: PropertyEntry): void {
  const value = entry.value;
  if (value.kind === "array") {
    for (const element of value.elements) {
      if (element.spread) {
        context.segments.push({ kind: "system", role: "system", pieces: context.evaluator.asString(element.value, element.node).pieces, node: element.node, isFinal: false });
      } else {
        addMessage(context, element.value, element.node, false);
      }
    }
    return;
  }
  if (value.kind === "object") {
    addMessage(context, value, valueNode(entry), false);
    return;
  }
  const node = valueNode(entry);
  context.segments.push({ kind: "system", role: "system", pieces: context.evaluator.asString(value, node).pieces, node, isFinal: false });
}

/**
 * `prompt` (a string is the user's message) or `messages` (`ModelMessage[]`). A list the code
 * does not spell out is history: it holds the final message too, so nothing in it is final.
 */
function addConversation(context: Context, entry: PropertyEntry, isPrompt: boolean): void {
  const { evaluator } = context;
  const value = entry.value;
  const node = valueNode(entry);
  if (value.kind === "string" || (isPrompt && value.kind === "opaque" && !value.changes)) {
    context.segments.push({ kind: "input", role: "user", pieces: evaluator.asString(value, node).pieces, node, isFinal: true });
    return;
  }
  if (value.kind !== "array") {
    context.segments.push({ kind: "history", role: null, pieces: flattenPieces(evaluator.asString(value, node)), node, isFinal: false, value });
    return;
  }
  value.elements.forEach((element, index) => {
    if (element.spread) {
      context.segments.push({ kind: "history", role: null, pieces: evaluator.asString(element.value, element.node).pieces, node: element.node, isFinal: false, value: element.value });
      return;
    }
    addMessage(context, element.value, element.node, index === value.elements.length - 1);
  });
}

/** A `ModelMessage`: `{ role, content, providerOptions }`, content a string or parts. */
function addMessage(context: Context, message: Value, node: TSESTree.Node, isFinal: boolean): void {
  const { evaluator, provider } = context;
  if (message.kind !== "object") {
    context.segments.push({ kind: "message", role: null, pieces: evaluator.asString(message, node).pieces, node, isFinal });
    return;
  }
  const roleEntry = message.properties.get("role");
  const role = roleEntry ? knownText(roleEntry.value) : null;
  const index = context.segments.length;
  const content = message.properties.get("content");
  const pieces: Piece[] = [];
  // A message-level marker applies to the message's last part (Anthropic, Bedrock).
  let lastPart: Piece[] = [];
  let lastPartMarked = false;
  if (content?.value.kind === "array") {
    for (const element of content.value.elements) {
      lastPart = partPieces(evaluator, element);
      pieces.push(...lastPart);
      const marker = element.spread ? null : cacheMarker(providerOptionsOf(element.value), provider, "part");
      lastPartMarked = marker !== null;
      if (marker) context.breakpoints.push({ ...marker, segment: index, pieces: lastPart });
    }
  } else if (content) {
    lastPart = evaluator.asString(content.value, valueNode(content)).pieces;
    pieces.push(...lastPart);
  }
  context.segments.push({ kind: role === "system" ? "system" : "message", role, pieces, node: message.node, isFinal });
  const marker = lastPartMarked ? null : cacheMarker(providerOptionsOf(message), provider, "message");
  if (marker) context.breakpoints.push({ ...marker, segment: index, pieces: lastPart });
}

/** Text of a content part; an image or file as one media piece. */
function partPieces(evaluator: Evaluator, element: ArrayElement): Piece[] {
  const part = element.value;
  if (element.spread || part.kind !== "object") return evaluator.asString(part, element.node).pieces;
  const type = textOf(part, "type");
  const text = part.properties.get("text");
  if (text && (type === null || type === "text" || type === "reasoning")) return evaluator.asString(text.value, valueNode(text)).pieces;
  const media = mediaKind(type, textOf(part, "mediaType") ?? textOf(part, "mimeType"));
  if (!media) return flattenPieces(part);
  const data = part.properties.get("image") ?? part.properties.get("data") ?? part.properties.get("url");
  const reason = data?.value.kind === "opaque" && isChanging(data.value.stability) ? data.value.reason : `${media} part at ${at(part.node)}`;
  return [{ stability: stabilityOf(part), text: null, node: part.node, reason, media }];
}

/** `image` parts, and `file` parts by their media type (an `image/*` file is an image). */
function mediaKind(type: string | null, mediaType: string | null): Piece["media"] | null {
  if (type === "image") return "image";
  if (type !== "file") return null;
  if (mediaType?.startsWith("image/")) return "image";
  if (mediaType?.startsWith("audio/")) return "audio";
  return "file";
}

// ---------------------------------------------------------------------------------------------
// Cache markers

/**
 * The cache marker a `providerOptions` sets for the provider the call goes to: Anthropic's
 * `cacheControl` (also `cache_control`), Bedrock's `cachePoint` (under `bedrock` or
 * `amazonBedrock`). At call level only Anthropic's exists: it becomes the top-level
 * `cache_control` (vercel/ai PR #12743).
 */
function cacheMarker(options: Value | undefined, provider: ProviderName, level: "call" | "message" | "part"): Omit<Breakpoint, "segment"> | null {
  if (options?.kind !== "object") return null;
  const namespaces = provider === "anthropic" ? ["anthropic"] : provider === "bedrock" && level !== "call" ? ["bedrock", "amazonBedrock"] : [];
  const keys = provider === "anthropic" ? ["cacheControl", "cache_control"] : ["cachePoint"];
  for (const namespace of namespaces) {
    const scope = options.properties.get(namespace)?.value;
    if (scope?.kind !== "object") continue;
    for (const key of keys) {
      const entry = scope.properties.get(key);
      if (!entry || knownText(entry.value) === "undefined") continue;
      const ttl = entry.value.kind === "object" ? textOf(entry.value, "ttl") : null;
      return { node: entry.node, ttl };
    }
  }
  return null;
}

/** `providerOptions`, or its AI SDK 4 name `experimental_providerMetadata`. */
function providerOptionsOf(value: Value): Value | undefined {
  if (value.kind !== "object") return undefined;
  return (value.properties.get("providerOptions") ?? value.properties.get("experimental_providerMetadata"))?.value;
}

// ---------------------------------------------------------------------------------------------
// Helpers


function textOf(object: ObjectValue, key: string): string | null {
  const entry = object.properties.get(key);
  return entry ? knownText(entry.value) : null;
}

