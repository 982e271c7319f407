import type { Evaluator } from "../eval/evaluator.js";
import { flattenPieces, stabilityOf, toPlain, type ArrayElement, type ObjectValue, type PropertyEntry, type Value } from "../eval/values.js";
import { addMessageList, mayHideMarkers, ttlOf, unreadableMarker, type CachedPrompt } from "./anthropic-prompt.js";
import { valueNode } from "./openai-prompt.js";
import { definition, record, toolsSegment } from "./tools.js";
import type { Piece, ToolDefinition } from "./types.js";

/*
 * The prompt of a Bedrock Converse / ConverseStream request (`@aws-sdk/client-bedrock-runtime`
 * `ConverseRequest`) in prefix order: `toolConfig.tools`, then `system`, then `messages`. A
 * `{ cachePoint: { type: "default", ttl? } }` block (in any of the three lists) is a breakpoint
 * that caches everything before it (docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html).
 */

export function bedrockPrompt(evaluator: Evaluator, body: ObjectValue): CachedPrompt {
  const prompt: CachedPrompt = { segments: [], breakpoints: [], complete: body.openSpread === null };
  const toolConfig = body.properties.get("toolConfig")?.value;
  if (toolConfig && (toolConfig.kind !== "object" || toolConfig.openSpread)) prompt.complete = false;
  const tools = toolConfig?.kind === "object" ? toolConfig.properties.get("tools") : undefined;
  if (tools) addTools(prompt, tools);
  const system = body.properties.get("system");
  if (system) addSystem(evaluator, prompt, system);
  const messages = body.properties.get("messages");
  if (messages) addMessages(evaluator, prompt, messages);
  return prompt;
}

function addTools(prompt: CachedPrompt, entry: PropertyEntry): void {
  const index = prompt.segments.push(toolsSegment(entry.value, valueNode(entry), bedrockToolDefinitions(entry.value))) - 1;
  if (entry.value.kind !== "array") {
    prompt.complete = false;
    return;
  }
  checkBlocks(prompt, entry.value.elements);
  addCachePoints(prompt, entry.value.elements, () => index, (element) => flattenPieces(element.value));
}

/** Blocks the analyzer cannot read (unknown spreads, values of unknown shape) may be cache points. */
function checkBlocks(prompt: CachedPrompt, elements: ArrayElement[]): void {
  for (const element of elements) {
    const value = element.value;
    if (element.spread || value.kind !== "object" || value.openSpread || unreadableMarker(value.properties.get("cachePoint"))) prompt.complete = false;
  }
}

function addSystem(evaluator: Evaluator, prompt: CachedPrompt, entry: PropertyEntry): void {
  const value = entry.value;
  const placement = valueNode(entry);
  if (value.kind !== "array") {
    prompt.complete = false;
    prompt.segments.push({ kind: "system", role: null, pieces: evaluator.asString(value, placement).pieces, node: placement, isFinal: false });
    return;
  }
  checkBlocks(prompt, value.elements);
  const before = prompt.segments.length;
  const blocks = new Map<ArrayElement, { pieces: Piece[]; segment: number }>();
  for (const element of value.elements) {
    if (cachePointOf(element)) continue;
    const pieces = element.spread || element.value.kind !== "object" ? evaluator.asString(element.value, element.node).pieces : blockPieces(evaluator, element.value);
    const segment = prompt.segments.push({ kind: "system", role: null, pieces, node: element.node, isFinal: false }) - 1;
    blocks.set(element, { pieces, segment });
  }
  // A cache point closes the system block before it (or the tools, when it comes first).
  addCachePoints(prompt, value.elements, (previous) => (previous ? (blocks.get(previous)?.segment ?? null) : before - 1), (element) => blocks.get(element)?.pieces ?? []);
}

function addMessages(evaluator: Evaluator, prompt: CachedPrompt, entry: PropertyEntry): void {
  addMessageList(evaluator, prompt, entry, (content, segment, index) => {
    if (content.value.kind !== "array") {
      if (mayHideMarkers(content.value)) prompt.complete = false;
      segment.pieces = evaluator.asString(content.value, valueNode(content)).pieces;
      return;
    }
    checkBlocks(prompt, content.value.elements);
    const blocks = new Map<ArrayElement, Piece[]>();
    for (const block of content.value.elements) {
      if (cachePointOf(block)) continue;
      blocks.set(block, block.spread || block.value.kind !== "object" ? evaluator.asString(block.value, block.node).pieces : blockPieces(evaluator, block.value));
    }
    segment.pieces = [...blocks.values()].flat();
    addCachePoints(prompt, content.value.elements, () => index, (block) => blocks.get(block) ?? []);
  });
}

/**
 * Breakpoints for the cache points of a list, in order: each closes the segment `segmentOf`
 * gives for the element before it, whose content `piecesOf` gives.
 */
function addCachePoints(
  prompt: CachedPrompt,
  elements: ArrayElement[],
  segmentOf: (previous: ArrayElement | undefined) => number | null,
  piecesOf: (previous: ArrayElement) => Piece[],
): void {
  elements.forEach((element, position) => {
    const marker = cachePointOf(element);
    if (!marker) return;
    const previous = elements.slice(0, position).findLast((candidate) => !cachePointOf(candidate));
    const segment = segmentOf(previous);
    // A cache point with nothing before it caches nothing (and Bedrock rejects it).
    if (segment === null || segment < 0) return;
    prompt.breakpoints.push({ node: element.node, ttl: ttlOf(marker), segment, pieces: previous ? piecesOf(previous) : [] });
  });
}

/** The `cachePoint` object of a `{ cachePoint: {...} }` block, else null. */
function cachePointOf(element: ArrayElement): Value | null {
  if (element.spread || element.value.kind !== "object") return null;
  const marker = element.value.properties.get("cachePoint")?.value;
  return marker?.kind === "object" ? marker : null;
}

/** The prompt content of one Converse content block (`text`, `image`, `document`, `toolUse`, `toolResult`...). */
function blockPieces(evaluator: Evaluator, block: ObjectValue): Piece[] {
  const text = block.properties.get("text");
  if (text) return evaluator.asString(text.value, valueNode(text)).pieces;
  for (const [key, media] of [["image", "image"], ["document", "file"], ["video", "file"], ["audio", "audio"]] as const) {
    const entry = block.properties.get(key);
    if (!entry) continue;
    // A document given as text (`source: { text }`) is text the prompt carries.
    const source = entry.value.kind === "object" ? entry.value.properties.get("source")?.value : undefined;
    const sourceText = source?.kind === "object" ? source.properties.get("text") : undefined;
    if (sourceText) return evaluator.asString(sourceText.value, valueNode(sourceText)).pieces;
    return [{ stability: stabilityOf(entry.value), text: null, node: block.node, reason: `${key} block at line ${block.node.loc.start.line}`, media }];
  }
  return flattenPieces(block);
}

/**
 * Tool definitions of a fully static `toolConfig.tools` (`{ toolSpec: { name, description,
 * inputSchema: { json } } }`), for the token estimate; cache points are skipped.
 */
export function bedrockToolDefinitions(value: Value): ToolDefinition[] | null {
  const plain = toPlain(value);
  if (!Array.isArray(plain)) return null;
  const tools: ToolDefinition[] = [];
  for (const item of plain) {
    if (record(item)?.cachePoint) continue;
    const spec = record(record(item)?.toolSpec);
    if (!spec || typeof spec.name !== "string") return null;
    tools.push(definition(spec.name, spec.description, record(record(spec.inputSchema)?.json)));
  }
  return tools;
}
