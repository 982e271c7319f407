import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { flattenPieces, knownText, stabilityOf, toPlain, type ObjectValue, type PropertyEntry, type Value } from "../eval/values.js";
import { valueNode } from "./openai-prompt.js";
import { definition, record, toolsSegment } from "./tools.js";
import type { Breakpoint, Piece, RequestSite, Segment, ToolDefinition } from "./types.js";

/*
 * The prompt of an Anthropic Messages API body (`@anthropic-ai/sdk` `MessageCreateParams`,
 * also the body of Bedrock `InvokeModel` for Claude) in the order Anthropic builds its prefix:
 * `tools`, then `system`, then `messages`, "regardless of JSON key order"
 * (platform.claude.com prompt-caching). Each `cache_control` is a breakpoint.
 */

/** Whether a request sends an Anthropic Messages body: through an `@anthropic-ai/*` client or Bedrock `InvokeModel`. */
export function sendsAnthropicBody(site: RequestSite): boolean {
  return site.sdk.startsWith("@anthropic-ai/") || (site.sdk === "@aws-sdk/client-bedrock-runtime" && site.api === "invoke-model");
}

/** A prompt in prefix order with its cache breakpoints, also in prefix order. */
export interface CachedPrompt {
  segments: Segment[];
  breakpoints: Breakpoint[];
  /** False when a marker may be set where the analyzer cannot read (see `mayHideMarkers`). */
  complete: boolean;
}

/** Keys of a content block that are not sent as prompt content. */
const NOT_CONTENT = new Set(["type", "cache_control", "citations"]);

export function anthropicPrompt(evaluator: Evaluator, body: ObjectValue): CachedPrompt {
  const prompt: CachedPrompt = { segments: [], breakpoints: [], complete: body.openSpread === null };
  const tools = body.properties.get("tools");
  if (tools) addTools(prompt, tools);
  const system = body.properties.get("system");
  if (system) addSystem(evaluator, prompt, system);
  const messages = body.properties.get("messages");
  if (messages) addMessages(evaluator, prompt, messages);
  // Top-level (automatic) caching marks the last cacheable block, so it comes last in the prefix.
  const automatic = body.properties.get("cache_control");
  if (automatic?.value.kind === "object") prompt.breakpoints.push({ node: automatic.node, ttl: ttlOf(automatic.value), segment: null });
  else if (unreadableMarker(automatic)) prompt.complete = false;
  return prompt;
}

function addTools(prompt: CachedPrompt, entry: PropertyEntry): void {
  const index = prompt.segments.push(toolsSegment(entry.value, valueNode(entry), anthropicToolDefinitions(entry.value))) - 1;
  if (entry.value.kind !== "array") {
    prompt.complete = false;
    return;
  }
  for (const element of entry.value.elements) {
    if (!element.spread && element.value.kind === "object") addBreakpoint(prompt, element.value, index, flattenPieces(element.value));
    else prompt.complete = false;
  }
}

function addSystem(evaluator: Evaluator, prompt: CachedPrompt, entry: PropertyEntry): void {
  const value = entry.value;
  const placement = valueNode(entry);
  if (value.kind !== "array") {
    // A system prompt that is not known text may be an array of blocks with markers (a caller's).
    if (value.kind !== "string") prompt.complete = false;
    prompt.segments.push({ kind: "system", role: null, pieces: evaluator.asString(value, placement).pieces, node: placement, isFinal: false });
    return;
  }
  for (const element of value.elements) {
    const block = element.value;
    const pieces = element.spread || block.kind !== "object" ? evaluator.asString(block, element.node).pieces : blockPieces(evaluator, block);
    const index = prompt.segments.push({ kind: "system", role: null, pieces, node: element.node, isFinal: false }) - 1;
    if (!element.spread && block.kind === "object") addBreakpoint(prompt, block, index, pieces);
    else prompt.complete = false;
  }
}

function addMessages(evaluator: Evaluator, prompt: CachedPrompt, entry: PropertyEntry): void {
  addMessageList(evaluator, prompt, entry, (content, segment, index) => (segment.pieces = contentPieces(evaluator, prompt, content, index)));
}

/**
 * The `messages` of an Anthropic or Bedrock Converse body, in order: a list from elsewhere or a
 * spread is history, a message of unknown shape has unknown text, and `fillContent` reads the
 * `content` of each message (its blocks and their markers differ between the two APIs). A
 * `role: "system"` message stays in `messages`: where it sits is what matters to the prefix.
 */
export function addMessageList(
  evaluator: Evaluator,
  prompt: CachedPrompt,
  entry: PropertyEntry,
  fillContent: (content: PropertyEntry, segment: Segment, index: number) => void,
): void {
  const value = entry.value;
  const placement = valueNode(entry);
  if (value.kind !== "array") {
    // A whole list from elsewhere: apps that cache mark its last turns before they send it.
    prompt.complete = false;
    prompt.segments.push({ kind: "history", role: null, pieces: flattenPieces(evaluator.asString(value, placement)), node: placement, isFinal: false, value });
    return;
  }
  value.elements.forEach((element, position) => {
    const isFinal = position === value.elements.length - 1 && !element.spread;
    const message = element.value;
    if (element.spread) {
      if (!isStoredHistory(element.node)) prompt.complete = false;
      prompt.segments.push({ kind: "history", role: null, pieces: evaluator.asString(message, element.node).pieces, node: element.node, isFinal: false, value: message });
      return;
    }
    if (message.kind !== "object") {
      prompt.complete = false;
      prompt.segments.push({ kind: "message", role: null, pieces: evaluator.asString(message, element.node).pieces, node: element.node, isFinal });
      return;
    }
    if (message.openSpread) prompt.complete = false;
    const roleEntry = message.properties.get("role");
    const segment: Segment = { kind: "message", role: roleEntry ? knownText(roleEntry.value) : null, pieces: [], node: message.node, isFinal };
    const index = prompt.segments.push(segment) - 1;
    const content = message.properties.get("content");
    if (content) fillContent(content, segment, index);
  });
}

/** A message's `content`: a string, or content blocks whose `cache_control` close this segment. */
function contentPieces(evaluator: Evaluator, prompt: CachedPrompt, entry: PropertyEntry, segment: number): Piece[] {
  const value = entry.value;
  if (value.kind !== "array") {
    if (mayHideMarkers(value)) prompt.complete = false;
    return evaluator.asString(value, valueNode(entry)).pieces;
  }
  return value.elements.flatMap((element) => {
    const block = element.value;
    if (element.spread || block.kind !== "object") {
      if (mayHideMarkers(block) || element.spread) prompt.complete = false;
      return evaluator.asString(block, element.node).pieces;
    }
    // `tool_result` and `mid_conv_system` blocks hold blocks of their own, which can be marked too.
    const nested = block.properties.get("content");
    const pieces = nested?.value.kind === "array" ? [...otherPieces(evaluator, block, "content"), ...contentPieces(evaluator, prompt, nested, segment)] : blockPieces(evaluator, block);
    addBreakpoint(prompt, block, segment, pieces);
    return pieces;
  });
}

/** The prompt content of one block: its text, a media placeholder, or its data (tool use and results). */
function blockPieces(evaluator: Evaluator, block: ObjectValue): Piece[] {
  const typeEntry = block.properties.get("type");
  const type = typeEntry ? knownText(typeEntry.value) : null;
  const text = block.properties.get("text") ?? block.properties.get("thinking");
  if (text) return evaluator.asString(text.value, valueNode(text)).pieces;
  if (type === "image" || type === "document") {
    // A plain-text document is text the prompt carries; a base64, URL or file source is media.
    const source = block.properties.get("source")?.value;
    const sourceType = source?.kind === "object" ? source.properties.get("type") : undefined;
    const data = source?.kind === "object" && sourceType && knownText(sourceType.value) === "text" ? source.properties.get("data") : undefined;
    if (data) return evaluator.asString(data.value, valueNode(data)).pieces;
    const media = type === "image" ? "image" : "file";
    return [{ stability: stabilityOf(block), text: null, node: block.node, reason: `${type} block at line ${block.node.loc.start.line}`, media }];
  }
  return otherPieces(evaluator, block);
}

function otherPieces(evaluator: Evaluator, block: ObjectValue, ...skip: string[]): Piece[] {
  const pieces: Piece[] = [];
  for (const [key, entry] of block.properties) {
    if (NOT_CONTENT.has(key) || skip.includes(key)) continue;
    pieces.push(...(entry.value.kind === "string" || entry.value.kind === "opaque" ? evaluator.asString(entry.value, valueNode(entry)).pieces : flattenPieces(entry.value)));
  }
  if (block.openSpread) pieces.push(...flattenPieces(block.openSpread));
  return pieces;
}

/** `cache_control: { type: "ephemeral", ttl? }` on a block; `null` or a run-time choice is not counted. */
function addBreakpoint(prompt: CachedPrompt, block: ObjectValue, segment: number, pieces: Piece[]): void {
  const marker = block.properties.get("cache_control");
  if (block.openSpread || unreadableMarker(marker)) prompt.complete = false;
  if (marker?.value.kind !== "object") return;
  prompt.breakpoints.push({ node: marker.node, ttl: ttlOf(marker.value), segment, pieces });
}

/** A marker property whose value the analyzer cannot read: it may or may not set a breakpoint. */
export function unreadableMarker(entry: PropertyEntry | undefined): boolean {
  if (!entry || entry.value.kind === "object") return false;
  const text = knownText(entry.value);
  return text !== "null" && text !== "undefined";
}

/**
 * Content the analyzer cannot read that may carry markers: the result of a call (a helper that
 * adds them) or an imported value. A parameter (`content: question`) is taken as plain content.
 */
export function mayHideMarkers(value: Value): boolean {
  if (value.kind === "string") return false;
  if (value.kind !== "opaque") return value.kind !== "function";
  const node = value.node.type === "AwaitExpression" ? value.node.argument : value.node;
  return value.stability === "unknown" || node.type === "CallExpression" || node.type === "NewExpression";
}

/**
 * A spread of earlier turns kept by the app (`...history`, `...this.messages`): taken as stored
 * without markers. A spread of a call (`...withCacheMarkers(history)`) may add them.
 */
function isStoredHistory(node: TSESTree.Node): boolean {
  let argument = node.type === "SpreadElement" ? node.argument : node;
  while (argument.type === "TSAsExpression" || argument.type === "TSNonNullExpression") argument = argument.expression;
  return argument.type === "Identifier" || argument.type === "MemberExpression";
}

/** The `ttl` of a cache marker: `5m`, `1h`, or null for the default (5 minutes) or an unknown value. */
export function ttlOf(marker: Value): string | null {
  if (marker.kind !== "object") return null;
  const ttl = marker.properties.get("ttl");
  return ttl ? knownText(ttl.value) : null;
}

/**
 * Anthropic tool definitions (`{ name, description, input_schema }`) of a fully static `tools`
 * array, for the token estimate; server tools (`{ type: "web_search_20250305", name }`) count
 * by name. Null when any part is not static.
 */
export function anthropicToolDefinitions(value: Value): ToolDefinition[] | null {
  const plain = toPlain(value);
  if (!Array.isArray(plain)) return null;
  const tools: ToolDefinition[] = [];
  for (const item of plain) {
    const tool = record(item);
    if (!tool || typeof tool.name !== "string") return null;
    tools.push(definition(tool.name, tool.description, record(tool.input_schema)));
  }
  return tools;
}
