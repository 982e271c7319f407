import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { flattenPieces, knownText, stabilityOf, type ObjectValue, type PropertyEntry, type Value } from "../eval/values.js";
import { structurePieces, toolsSegment, tryToolDefinitions } from "./tools.js";
import type { Piece, Segment } from "./types.js";

/** Roles whose messages carry instructions: the system prompt. */
export const SYSTEM_ROLES = new Set(["system", "developer"]);

/**
 * The prompt of an OpenAI-style request body in the order the provider builds its prefix:
 * tools and the response schema, then instructions or system messages, then the conversation.
 */
export function openAISegments(evaluator: Evaluator, body: ObjectValue, api: string): Segment[] {
  const segments: Segment[] = [];
  const tools = body.properties.get("tools") ?? body.properties.get("functions");
  if (tools) segments.push(toolsSegment(tools.value, valueNode(tools), tryToolDefinitions(tools.value)));
  const schema = api === "responses" ? nested(body, "text", "format") : body.properties.get("response_format");
  if (schema) segments.push(plainSegment("response_format", schema));
  if (api === "responses") {
    const instructions = body.properties.get("instructions");
    if (instructions) segments.push({ ...plainSegment("instructions", instructions, evaluator), role: "developer" });
    const input = body.properties.get("input");
    if (input) segments.push(...conversationSegments(evaluator, input, "input"));
  } else {
    const messages = body.properties.get("messages");
    if (messages) segments.push(...conversationSegments(evaluator, messages, "message"));
  }
  return segments;
}

/** A message list (or a bare string input) as segments, one per message or spread. */
export function conversationSegments(evaluator: Evaluator, entry: PropertyEntry, stringKind: "input" | "message"): Segment[] {
  const value = entry.value;
  const placement = valueNode(entry);
  // A Responses `input` that is not an array literal is most often the user's text: the final part.
  if (value.kind === "string" || (stringKind === "input" && value.kind === "opaque")) {
    const pieces = evaluator.asString(value, placement).pieces;
    return [{ kind: stringKind === "input" ? "input" : "message", role: "user", pieces, node: placement, isFinal: true }];
  }
  if (value.kind !== "array") {
    return [{ kind: "history", role: null, pieces: flattenPieces(evaluator.asString(value, placement)), node: placement, isFinal: false, value }];
  }
  return value.elements.map((element, index): Segment => {
    const isFinal = index === value.elements.length - 1 && !element.spread;
    if (element.spread) {
      return { kind: "history", role: null, pieces: evaluator.asString(element.value, element.node).pieces, node: element.node, isFinal: false, value: element.value };
    }
    return messageSegment(evaluator, element.value, element.node, isFinal);
  });
}

function messageSegment(evaluator: Evaluator, message: Value, node: TSESTree.Node, isFinal: boolean): Segment {
  if (message.kind !== "object") {
    return { kind: "message", role: null, pieces: evaluator.asString(message, node).pieces, node, isFinal };
  }
  const roleEntry = message.properties.get("role");
  const role = roleEntry ? knownText(roleEntry.value) : null;
  const content = message.properties.get("content");
  const pieces = content ? contentPieces(evaluator, content) : [];
  return { kind: role !== null && SYSTEM_ROLES.has(role) ? "system" : "message", role, pieces, node: message.node, isFinal };
}

/** Text and media of a message's `content`: a string, or an array of parts. */
function contentPieces(evaluator: Evaluator, entry: PropertyEntry): Piece[] {
  const value = entry.value;
  if (value.kind !== "array") return evaluator.asString(value, valueNode(entry)).pieces;
  return value.elements.flatMap((element) => {
    const part = element.value;
    if (element.spread || part.kind !== "object") return evaluator.asString(part, element.node).pieces;
    const type = knownText(part.properties.get("type")?.value ?? { kind: "opaque", stability: "unknown", reason: "", node: element.node });
    const text = part.properties.get("text");
    if (text) return evaluator.asString(text.value, valueNode(text)).pieces;
    const media = mediaKind(type);
    if (media) {
      const stability = stabilityOf(part);
      return [{ stability, text: null, node: part.node, reason: `${media} part at line ${part.node.loc.start.line}`, media }];
    }
    return flattenPieces(part);
  });
}

function mediaKind(type: string | null): Piece["media"] | null {
  if (type === null) return null;
  if (type.includes("image")) return "image";
  if (type.includes("audio")) return "audio";
  if (type.includes("file") || type.includes("document")) return "file";
  return null;
}

/** A segment of text, or of a structure sent as JSON (a schema, tools) when it is all static. */
export function plainSegment(kind: Segment["kind"], entry: PropertyEntry, evaluator?: Evaluator): Segment {
  const node = valueNode(entry);
  const value = entry.value;
  const pieces = value.kind === "string" ? (evaluator ? evaluator.asString(value, node).pieces : flattenPieces(value)) : structurePieces(value, node);
  return { kind, role: null, pieces, node, isFinal: false };
}

function nested(object: ObjectValue, ...path: string[]): PropertyEntry | undefined {
  let entry: PropertyEntry | undefined;
  let current: Value = object;
  for (const key of path) {
    if (current.kind !== "object") return undefined;
    entry = current.properties.get(key);
    if (!entry) return undefined;
    current = entry.value;
  }
  return entry;
}

/** The value node of a property (what a report should point at), or the node itself. */
export function valueNode(entry: { node: TSESTree.Node }): TSESTree.Node {
  return entry.node.type === "Property" ? entry.node.value : entry.node;
}
