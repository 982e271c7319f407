import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { importOf, moduleName } from "../eval/imports.js";
import { at } from "../eval/text.js";
import { flattenPieces, knownText, stabilityOf, type ArrayElement, type Change, type ObjectValue, type PropertyEntry, type Value } from "../eval/values.js";
import { inScopeOf } from "../discovery/definitions.js";
import { valueNode } from "./openai-prompt.js";
import { toolsSegment, tryToolDefinitions } from "./tools.js";
import { worstStability, type Piece, type Segment } from "./types.js";

/*
 * The prompt of a Gemini request through `@google/genai` in prefix order: tools, the system
 * instruction, then the contents. Shapes read from googleapis/js-genai `src/types.ts`
 * (`GenerateContentParameters`, `GenerateContentConfig`, `Content`, `Part`, `Tool`) and
 * `src/_transformers.ts` (`tContents`: a string or a list of parts is one user turn, a list of
 * `Content` is one turn per element; mixing them throws).
 */

/** What one request sends, gathered from the call (and for a chat, from `chats.create`). */
export interface GeminiRequest {
  /** The call that sends the request. */
  site: TSESTree.Node;
  /** `config`: `systemInstruction`, `tools`, ... */
  config: ObjectValue | null;
  /** Turns before the request's own: a chat's `history`. */
  history?: PropertyEntry | undefined;
  /** The turns a chat session has recorded so far (it appends each exchange), placed at this node. */
  recordedTurns?: TSESTree.Node | undefined;
  /** `contents`, or a chat's `message`: its last turn is the part that changes every request. */
  contents?: PropertyEntry | undefined;
}

/** What the readers below need: the evaluator, and the call the request is read for. */
interface Reader {
  evaluator: Evaluator;
  site: TSESTree.Node;
}

/** Helpers of `@google/genai` that build parts and contents. */
const CONTENT_HELPERS: Record<string, "user" | "model"> = { createUserContent: "user", createModelContent: "model" };
const MEDIA_PART_HELPERS = new Set(["createPartFromUri", "createPartFromBase64"]);

export function geminiSegments(evaluator: Evaluator, request: GeminiRequest): Segment[] {
  const ctx: Reader = { evaluator, site: request.site };
  const segments: Segment[] = [];
  const tools = setting(request.config, "tools");
  if (tools) segments.push(geminiToolsSegment(tools));
  const system = setting(request.config, "systemInstruction");
  if (system) segments.push({ kind: "system", role: "system", pieces: contentPieces(ctx, system.value, valueNode(system)), node: valueNode(system), isFinal: false });
  if (request.history) segments.push(...contentsSegments(ctx, request.history, false));
  if (request.recordedTurns) {
    const node = request.recordedTurns;
    const reason = `the turns the chat has recorded before this message (${at(node)})`;
    segments.push({ kind: "history", role: null, pieces: [{ stability: "dynamic", text: null, node, reason }], node, isFinal: false });
  }
  if (request.contents) segments.push(...contentsSegments(ctx, request.contents, true));
  return segments;
}

/** A config key that is set to something other than `undefined`. */
function setting(config: ObjectValue | null, key: string): PropertyEntry | undefined {
  const entry = config?.properties.get(key);
  return entry && knownText(entry.value) !== "undefined" ? entry : undefined;
}

/**
 * `config.tools` as the list of what the model sees: the function declarations of each `Tool`,
 * in order, and the other tools (`googleSearch`, `codeExecution`) as they are.
 */
function geminiToolsSegment(entry: PropertyEntry): Segment {
  const value = declarationList(entry.value);
  return toolsSegment(value, valueNode(entry), tryToolDefinitions(value));
}

function declarationList(value: Value): Value {
  if (value.kind !== "array") return value;
  const elements: ArrayElement[] = [];
  const changes: Change[] = [...(value.changes ?? [])];
  for (const element of value.elements) {
    const declarations = !element.spread && element.value.kind === "object" ? element.value.properties.get("functionDeclarations")?.value : undefined;
    if (declarations?.kind === "array") {
      elements.push(...declarations.elements);
      changes.push(...(declarations.changes ?? []));
    } else {
      elements.push(element);
    }
  }
  return { kind: "array", elements, node: value.node, ...(changes.length > 0 && { changes }) };
}

/**
 * `contents` (or a chat's `history` and `message`): a string or a list of parts is one user turn;
 * a list of `Content` is one turn per element, and a spread in it is history. A whole list the
 * code does not spell out is history when it is known to be a list (`history.slice(-10)`), else
 * the user's text.
 */
function contentsSegments(ctx: Reader, entry: PropertyEntry, finalLast: boolean): Segment[] {
  const value = entry.value;
  const node = valueNode(entry);
  const helper = contentHelper(ctx, value);
  if (helper) return [turnSegment(ctx, helper.role, helper.parts, helper.node, finalLast)];
  if (value.kind === "string" || (value.kind === "opaque" && !value.changes)) {
    return [{ kind: "message", role: "user", pieces: partPieces(ctx, value, node), node, isFinal: finalLast }];
  }
  if (value.kind === "object") {
    if (isContent(ctx, value)) return [contentSegment(ctx, value, finalLast)];
    return [{ kind: "message", role: "user", pieces: partPieces(ctx, value, node), node, isFinal: finalLast }];
  }
  if (value.kind !== "array") {
    return [{ kind: "history", role: null, pieces: flattenPieces(ctx.evaluator.asString(value, node)), node, isFinal: false, value }];
  }
  const first = value.elements.find((element) => !element.spread);
  if (first && !isContent(ctx, first.value)) {
    // A list of parts: one user turn.
    const pieces = value.elements.flatMap((element) => partPieces(ctx, element.value, element.node));
    return [{ kind: "message", role: "user", pieces, node: value.node, isFinal: finalLast }];
  }
  return value.elements.map((element, index): Segment => {
    if (element.spread) {
      return { kind: "history", role: null, pieces: ctx.evaluator.asString(element.value, element.node).pieces, node: element.node, isFinal: false, value: element.value };
    }
    const isFinal = finalLast && index === value.elements.length - 1;
    const content = contentHelper(ctx, element.value);
    if (content) return turnSegment(ctx, content.role, content.parts, content.node, isFinal);
    if (element.value.kind === "object") return contentSegment(ctx, element.value, isFinal);
    return { kind: "message", role: null, pieces: ctx.evaluator.asString(element.value, element.node).pieces, node: element.node, isFinal };
  });
}

/** A `Content`: `{ role, parts }`; a missing role is the user's. */
function contentSegment(ctx: Reader, content: ObjectValue, isFinal: boolean): Segment {
  const roleEntry = content.properties.get("role");
  const role = roleEntry ? knownText(roleEntry.value) : "user";
  return turnSegment(ctx, role, content.properties.get("parts")?.value ?? null, content.node, isFinal);
}

function turnSegment(ctx: Reader, role: string | null, parts: Value | null, node: TSESTree.Node, isFinal: boolean): Segment {
  return { kind: "message", role, pieces: parts ? contentPieces(ctx, parts, node) : [], node, isFinal };
}

/** The pieces of a `ContentUnion`: a string, a part, a list of parts, or a `Content`. */
function contentPieces(ctx: Reader, value: Value, node: TSESTree.Node): Piece[] {
  const helper = contentHelper(ctx, value);
  if (helper) return helper.parts ? contentPieces(ctx, helper.parts, node) : [];
  if (value.kind === "array") return value.elements.flatMap((element) => partPieces(ctx, element.value, element.node));
  if (value.kind === "object" && value.properties.has("parts")) {
    const parts = value.properties.get("parts")!;
    return contentPieces(ctx, parts.value, valueNode(parts));
  }
  return partPieces(ctx, value, node);
}

/** A `Part`: text, inline data, a file reference, a function call or response. */
function partPieces(ctx: Reader, part: Value, node: TSESTree.Node): Piece[] {
  const media = mediaHelper(ctx, part);
  if (media) return [media];
  if (part.kind !== "object") return ctx.evaluator.asString(part, node).pieces;
  const text = part.properties.get("text");
  if (text) return ctx.evaluator.asString(text.value, valueNode(text)).pieces;
  const blob = part.properties.get("inlineData") ?? part.properties.get("fileData");
  if (blob?.value.kind === "object") {
    const mimeType = blob.value.properties.get("mimeType");
    const data = blob.value.properties.get("data") ?? blob.value.properties.get("fileUri");
    return [mediaPiece(mediaKind(mimeType ? knownText(mimeType.value) : null), stabilityOf(part), data?.value, part.node)];
  }
  return flattenPieces(part);
}

/** `createPartFromUri(uri, mimeType)` / `createPartFromBase64(data, mimeType)`: one media piece. */
function mediaHelper(ctx: Reader, value: Value): Piece | null {
  const call = helperCall(ctx, value);
  if (!call || !MEDIA_PART_HELPERS.has(call.name)) return null;
  const [data, mimeType] = call.node.arguments.map((argument) => (argument.type === "SpreadElement" ? null : ctx.evaluator.evaluate(argument)));
  const stability = [data, mimeType].reduce<Piece["stability"]>((worst, argument) => (argument ? worstStability(worst, stabilityOf(argument)) : worst), "static");
  return mediaPiece(mediaKind(mimeType ? knownText(mimeType) : null), stability, data ?? undefined, call.node);
}

/** `createUserContent(parts)` / `createModelContent(parts)`: a turn with that role. */
function contentHelper(ctx: Reader, value: Value): { role: string; parts: Value | null; node: TSESTree.CallExpression } | null {
  const call = helperCall(ctx, value);
  const role = call ? CONTENT_HELPERS[call.name] : undefined;
  if (!call || !role) return null;
  const argument = call.node.arguments[0];
  return { role, parts: argument && argument.type !== "SpreadElement" ? ctx.evaluator.evaluate(argument) : null, node: call.node };
}

/** A call of a function imported from "@google/genai", when `value` is the result of one. */
function helperCall(ctx: Reader, value: Value): { name: string; node: TSESTree.CallExpression } | null {
  if (value.kind !== "opaque" || value.node.type !== "CallExpression" || value.node.callee.type !== "Identifier") return null;
  // Its arguments are read again where the call is written: only when that is the request's own
  // scope (or the module's), where no argument of a helper function the call sits in is lost.
  if (!inScopeOf(value.node, ctx.site)) return null;
  const variable = ctx.evaluator.variableOf(value.node.callee);
  const source = variable ? importOf(variable) : null;
  return source && moduleName(source) === "@google/genai" ? { name: source.imported, node: value.node } : null;
}

function isContent(ctx: Reader, value: Value): boolean {
  if (contentHelper(ctx, value)) return true;
  return value.kind === "object" && (value.properties.has("parts") || value.properties.has("role"));
}

function mediaPiece(media: NonNullable<Piece["media"]>, stability: Piece["stability"], data: Value | undefined, node: TSESTree.Node): Piece {
  const reason = data?.kind === "opaque" && stability !== "static" ? data.reason : `${media} part at ${at(node)}`;
  return { stability, text: null, node, reason, media };
}

function mediaKind(mimeType: string | null): NonNullable<Piece["media"]> {
  if (mimeType?.startsWith("image/")) return "image";
  if (mimeType?.startsWith("audio/")) return "audio";
  return "file";
}
