import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { definitionOf, constructorSource, propertyName, unwrap } from "../discovery/definitions.js";
import type { Evaluator } from "../eval/evaluator.js";
import { propertyKey } from "../eval/evaluator.js";
import { flattenPieces, knownText, mergePieces, opaque, type ObjectValue, type PropertyEntry, type Value } from "../eval/values.js";
import { valueNode } from "./openai-prompt.js";
import { toolsSegment, tryToolDefinitions } from "./tools.js";
import { isChanging, worstStability, type Breakpoint, type Stability, type MessageArray, type MessageEntry, type Piece, type Segment } from "./types.js";

/*
 * LangChain JS prompts (`@langchain/core` 1.x, langchain-ai/langchainjs@62fc484
 * `libs/langchain-core/src/prompts/chat.ts`, `prompts/template.ts`, `messages/utils.ts`):
 * message lists of tuples (`["system", "..."]`), message classes (`new SystemMessage(...)`),
 * `{ role, content }` objects, message prompt templates and `MessagesPlaceholder`s.
 *
 * In a `ChatPromptTemplate`, tuples, objects and message prompt templates are templates: their
 * `{name}` placeholders are filled on each call. Message class instances are sent as written
 * (`_coerceMessagePromptTemplateLike` passes a `BaseMessage` through untouched).
 */

export type TemplateFormat = "f-string" | "mustache";

/** How a message list is read. */
export interface MessageContext {
  /** How the list's tuples and objects write placeholders; null when they are sent as written. */
  format: TemplateFormat | null;
  /** The value a visible invocation binds to a template variable or placeholder, else null. */
  variable(name: string): Value | null;
  /** Which cache markers content blocks carry: Anthropic `cache_control`, Bedrock `cachePoint`. */
  markers: ReadonlySet<"cache_control" | "cachePoint">;
}

/** A LangChain prompt as segments in message order, with the cache markers of its content blocks. */
export interface LangChainPrompt {
  segments: Segment[];
  /** Breakpoints whose `segment` indexes `segments`. */
  breakpoints: Breakpoint[];
}

/** Roles of message tuples and `{ role }` objects (`_constructMessageFromParams`), as API roles. */
const TUPLE_ROLES: Record<string, string> = {
  system: "system",
  developer: "developer",
  human: "user",
  user: "user",
  ai: "assistant",
  assistant: "assistant",
  tool: "tool",
  function: "function",
};

/** Message classes of `@langchain/core/messages` and the role each sends. */
const MESSAGE_CLASSES: Record<string, string | null> = {
  SystemMessage: "system",
  HumanMessage: "user",
  AIMessage: "assistant",
  ToolMessage: "tool",
  FunctionMessage: "function",
  ChatMessage: null,
  SystemMessageChunk: "system",
  HumanMessageChunk: "user",
  AIMessageChunk: "assistant",
};

/** Message prompt templates (`SystemMessagePromptTemplate.fromTemplate(...)`) and their roles. */
const MESSAGE_TEMPLATES: Record<string, string | null> = {
  SystemMessagePromptTemplate: "system",
  HumanMessagePromptTemplate: "user",
  AIMessagePromptTemplate: "assistant",
  ChatMessagePromptTemplate: null,
};

const SYSTEM_ROLES = new Set(["system", "developer"]);

/** `@langchain/core/...`, `@langchain/openai`, `langchain/...`: where LangChain classes come from. */
export function isLangChainModule(module: string): boolean {
  return module.startsWith("@langchain/") || module === "langchain" || module.startsWith("langchain/");
}

/** The LangChain export a callee names (`ChatPromptTemplate`, `SystemMessage`), else null. */
export function langChainName(evaluator: Evaluator, callee: TSESTree.Node): string | null {
  const source = constructorSource(evaluator, callee);
  return source && isLangChainModule(source.module) ? source.className : null;
}

/** `ChatPromptTemplate.fromMessages(...)` / `.fromTemplate(...)`: the method, else null. */
export function chatPromptFactory(evaluator: Evaluator, node: TSESTree.Node | null): "fromMessages" | "fromTemplate" | null {
  if (node?.type !== "CallExpression" || node.callee.type !== "MemberExpression") return null;
  const method = propertyName(node.callee);
  if (method !== "fromMessages" && method !== "fromTemplate") return null;
  return langChainName(evaluator, node.callee.object) === "ChatPromptTemplate" ? method : null;
}

/** The `templateFormat` of a template's options object (`{ templateFormat: "mustache" }`). */
export function templateFormatOf(evaluator: Evaluator, options: TSESTree.Node | undefined): TemplateFormat {
  if (!options || options.type === "SpreadElement") return "f-string";
  const value = evaluator.evaluate(options);
  const format = value.kind === "object" ? value.properties.get("templateFormat") : undefined;
  return format && knownText(format.value) === "mustache" ? "mustache" : "f-string";
}

/**
 * The segments of a message list: a template's `fromMessages` list or a chat model's input (a
 * string, an array of message-likes, or a list the analyzer cannot see into).
 */
export function langChainMessages(evaluator: Evaluator, list: Value, listNode: TSESTree.Node, context: MessageContext): LangChainPrompt {
  const prompt: LangChainPrompt = { segments: [], breakpoints: [] };
  if (list.kind === "string") {
    addMessage(evaluator, prompt, { role: "user", content: list, contentNode: listNode, node: listNode, format: context.format, clamp: false }, context);
  } else if (list.kind === "opaque" && !list.changes) {
    // Text or a whole message list, unknown which: the input of this call, expected to change.
    prompt.segments.push({ kind: "message", role: null, pieces: evaluator.asString(list, listNode).pieces, node: listNode, isFinal: false });
  } else if (list.kind !== "array") {
    prompt.segments.push(historySegment(evaluator, list, listNode, listNode));
  } else {
    addElements(evaluator, prompt, list, context, 0);
  }
  const last = prompt.segments.at(-1);
  if (last && last.kind !== "history") last.isFinal = true;
  return prompt;
}

/** A tools segment for the tools bound to a chat model (`bindTools(tools)`, call option `tools`). */
export function boundToolsSegment(entry: PropertyEntry): Segment {
  return toolsSegment(entry.value, valueNode(entry), tryToolDefinitions(entry.value));
}

interface MessageParts {
  role: string | null;
  content: Value | null;
  contentNode: TSESTree.Node;
  node: TSESTree.Node;
  format: TemplateFormat | null;
  /** Made once (a module-level constant): what looks changing in its arguments is fixed per process. */
  clamp: boolean;
}

type MessageLike =
  | ({ kind: "message" } & MessageParts)
  | { kind: "placeholder"; name: string | null; node: TSESTree.Node }
  | { kind: "nested"; list: Value; node: TSESTree.Node; format: TemplateFormat }
  | { kind: "unknown" };

const MAX_NESTING = 4;

function addElements(evaluator: Evaluator, prompt: LangChainPrompt, list: Extract<Value, { kind: "array" }>, context: MessageContext, depth: number): void {
  for (const element of list.elements) {
    if (element.spread) {
      prompt.segments.push(historySegment(evaluator, element.value, element.node, element.node));
      continue;
    }
    const message = readMessage(evaluator, element.value, element.node, context);
    switch (message.kind) {
      case "message":
        addMessage(evaluator, prompt, message, context);
        break;
      case "placeholder":
        prompt.segments.push(placeholderSegment(evaluator, message.name, message.node, context));
        break;
      case "nested":
        if (depth < MAX_NESTING && message.list.kind === "array") addElements(evaluator, prompt, message.list, { ...context, format: message.format }, depth + 1);
        else prompt.segments.push(historySegment(evaluator, message.list, message.node, message.node));
        break;
      case "unknown":
        prompt.segments.push({ kind: "message", role: null, pieces: evaluator.asString(element.value, element.node).pieces, node: element.node, isFinal: false });
        break;
    }
  }
}

/** What one element of a message list is. */
function readMessage(evaluator: Evaluator, value: Value, node: TSESTree.Node, context: MessageContext): MessageLike {
  switch (value.kind) {
    case "string":
      return { kind: "message", role: "user", content: value, contentNode: node, node, format: context.format, clamp: false };
    case "array": {
      const [first, second] = value.elements;
      const type = first && !first.spread ? knownText(first.value) : null;
      if (value.elements.length !== 2 || !second || second.spread || type === null) return { kind: "unknown" };
      if (type === "placeholder") return { kind: "placeholder", name: placeholderName(knownText(second.value), context.format), node: value.node };
      const role = TUPLE_ROLES[type];
      if (!role) return { kind: "unknown" };
      return { kind: "message", role, content: second.value, contentNode: second.node, node: value.node, format: context.format, clamp: false };
    }
    case "object": {
      const roleEntry = value.properties.get("role") ?? value.properties.get("type");
      const roleText = roleEntry ? knownText(roleEntry.value) : null;
      const content = value.properties.get("content");
      if (!content) return { kind: "unknown" };
      const role = roleText === null ? null : (TUPLE_ROLES[roleText] ?? roleText);
      return { kind: "message", role, content: content.value, contentNode: valueNode(content), node: value.node, format: context.format, clamp: false };
    }
    case "opaque":
      return madeMessage(evaluator, value.node, !isChanging(value.stability)) ?? { kind: "unknown" };
    default:
      return { kind: "unknown" };
  }
}

/**
 * A message made by a LangChain call the evaluator does not follow: `new SystemMessage(...)`,
 * `HumanMessagePromptTemplate.fromTemplate(...)`, `new MessagesPlaceholder("history")`, a nested
 * `ChatPromptTemplate`.
 */
function madeMessage(evaluator: Evaluator, made: TSESTree.Node, clamp: boolean): MessageLike | null {
  const node = definitionOf(evaluator, made) ?? made;
  if (node.type === "NewExpression") {
    const name = langChainName(evaluator, node.callee);
    if (name === "MessagesPlaceholder") return { kind: "placeholder", name: placeholderArgument(evaluator, node.arguments[0]), node };
    if (name === null || !(name in MESSAGE_CLASSES)) return null;
    const argument = node.arguments[0];
    if (!argument || argument.type === "SpreadElement") return null;
    const fields = evaluator.evaluate(argument);
    if (fields.kind === "object") {
      const content = fields.properties.get("content");
      const role = MESSAGE_CLASSES[name] ?? roleOf(fields.properties.get("role")?.value);
      return { kind: "message", role, content: content?.value ?? null, contentNode: content ? valueNode(content) : argument, node, format: null, clamp };
    }
    // `new ChatMessage(content, role)`
    const role = MESSAGE_CLASSES[name] ?? roleOf(node.arguments[1] && node.arguments[1].type !== "SpreadElement" ? evaluator.evaluate(node.arguments[1]) : undefined);
    return { kind: "message", role, content: fields, contentNode: argument, node, format: null, clamp };
  }
  if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression") return null;
  if (chatPromptFactory(evaluator, node) === "fromMessages" && node.arguments[0] && node.arguments[0].type !== "SpreadElement") {
    return { kind: "nested", list: evaluator.evaluate(node.arguments[0]), node, format: templateFormatOf(evaluator, node.arguments[1]) };
  }
  const template = langChainName(evaluator, node.callee.object);
  const argument = node.arguments[0];
  if (propertyName(node.callee) !== "fromTemplate" || template === null || !(template in MESSAGE_TEMPLATES) || !argument || argument.type === "SpreadElement") return null;
  // `ChatMessagePromptTemplate.fromTemplate(template, role, options)`
  const roleArgument = template === "ChatMessagePromptTemplate" ? node.arguments[1] : undefined;
  const role = MESSAGE_TEMPLATES[template] ?? roleOf(roleArgument && roleArgument.type !== "SpreadElement" ? evaluator.evaluate(roleArgument) : undefined);
  const options = template === "ChatMessagePromptTemplate" ? node.arguments[2] : node.arguments[1];
  return { kind: "message", role, content: evaluator.evaluate(argument), contentNode: argument, node, format: templateFormatOf(evaluator, options), clamp };
}

function roleOf(value: Value | undefined): string | null {
  const text = value ? knownText(value) : null;
  return text === null ? null : (TUPLE_ROLES[text] ?? text);
}

function placeholderArgument(evaluator: Evaluator, argument: TSESTree.Node | undefined): string | null {
  if (!argument || argument.type === "SpreadElement") return null;
  const value = evaluator.evaluate(argument);
  if (value.kind === "object") {
    const name = value.properties.get("variableName");
    return name ? knownText(name.value) : null;
  }
  return knownText(value);
}

/** `{history}` (or `{{history}}` in a mustache template) names the placeholder's variable. */
function placeholderName(text: string | null, format: TemplateFormat | null): string | null {
  if (text === null) return null;
  const match = format === "mustache" ? /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(text) : /^\{([^{}]+)\}$/.exec(text);
  return match ? match[1]! : null;
}

function addMessage(evaluator: Evaluator, prompt: LangChainPrompt, message: MessageParts, context: MessageContext): void {
  const index = prompt.segments.length;
  const markers: Array<Omit<Breakpoint, "segment">> = [];
  const pieces = message.content ? contentPieces(evaluator, message, message.content, context, markers) : [];
  prompt.breakpoints.push(...markers.map((marker) => ({ ...marker, segment: index })));
  const kind = message.role !== null && SYSTEM_ROLES.has(message.role) ? "system" : "message";
  prompt.segments.push({ kind, role: message.role, pieces, node: message.node, isFinal: false });
}

/** Text and media of a message's content: a string, or an array of content blocks. */
function contentPieces(evaluator: Evaluator, message: MessageParts, content: Value, context: MessageContext, markers: Array<Omit<Breakpoint, "segment">>): Piece[] {
  const { format } = message;
  // What the code computes before the message is made is fixed from then on; placeholders are not.
  const text = (value: Value, node: TSESTree.Node): Piece[] => {
    const pieces = evaluator.asString(value, node).pieces;
    return templated(evaluator, message.clamp ? pieces.map(madeOnce) : pieces, format, context);
  };
  if (content.kind !== "array") return text(content, message.contentNode);
  const pieces: Piece[] = [];
  for (const element of content.elements) {
    const part = element.value;
    if (element.spread || part.kind !== "object") {
      pieces.push(...text(part, element.node));
      continue;
    }
    const own = partPieces(part, text, message.clamp);
    const marker = markerOf(part.properties, context);
    // `cache_control` marks its own block; a Bedrock `cachePoint` block marks the blocks before it.
    if (marker) markers.push({ ...marker, pieces: part.properties.has("cachePoint") ? [...pieces] : own });
    pieces.push(...own);
  }
  return pieces;
}

/** One content block: its text, a media piece, or the pieces of whatever else it holds. */
function partPieces(part: ObjectValue, text: (value: Value, node: TSESTree.Node) => Piece[], clamp: boolean): Piece[] {
  const type = knownText(part.properties.get("type")?.value ?? opaque("unknown", "", part.node)) ?? "";
  const textEntry = part.properties.get("text");
  if (textEntry) return text(textEntry.value, valueNode(textEntry));
  const media = mediaKind(type);
  if (media) {
    // An image URL in a template can be a placeholder itself (`{ image_url: "{photo}" }`).
    const url = part.properties.get("image_url") ?? part.properties.get("url");
    const source = url ? text(url.value, valueNode(url)) : flattenPieces(part).map((piece) => (clamp ? madeOnce(piece) : piece));
    const stability = source.reduce<Stability>((worst, piece) => worstStability(worst, piece.stability), "static");
    return [{ stability, text: null, node: part.node, reason: `${media} block at line ${part.node.loc.start.line}`, media }];
  }
  return [...part.properties].filter(([name]) => name !== "cache_control" && name !== "cachePoint").flatMap(([, entry]) => flattenPieces(entry.value));
}

function markerOf(properties: Map<string, PropertyEntry>, context: MessageContext): Omit<Breakpoint, "segment"> | null {
  for (const name of context.markers) {
    const entry = properties.get(name);
    if (!entry) continue;
    const ttl = entry.value.kind === "object" ? entry.value.properties.get("ttl") : undefined;
    return { node: entry.node, ttl: ttl ? knownText(ttl.value) : null };
  }
  return null;
}

function mediaKind(type: string): Piece["media"] | null {
  if (type.includes("image")) return "image";
  if (type.includes("audio")) return "audio";
  if (type.includes("file") || type.includes("document") || type.includes("pdf")) return "file";
  return null;
}

/** A content piece of a message made once: changing only between processes, not between requests. */
function madeOnce(piece: Piece): Piece {
  return isChanging(piece.stability) ? { ...piece, stability: "deployment", reason: `computed once when the message is made (${piece.reason})` } : piece;
}

/**
 * A template's text split at its placeholders: the known text stays, each `{name}` becomes the
 * value a visible call binds to it, or a dynamic piece filled on each call. `{{` and `}}` are
 * escaped braces in f-strings (`parseFString`); mustache tags are `{{name}}`.
 */
export function templated(evaluator: Evaluator, pieces: Piece[], format: TemplateFormat | null, context: MessageContext): Piece[] {
  if (format === null) return pieces;
  const result: Piece[] = [];
  for (const piece of pieces) {
    if (piece.text === null || piece.media) {
      result.push(piece);
      continue;
    }
    for (const part of format === "mustache" ? parseMustache(piece.text) : parseFString(piece.text)) {
      if (part.type === "text") result.push({ ...piece, text: part.text });
      else result.push(...variablePieces(evaluator, part, piece.node, context));
    }
  }
  return mergePieces(result);
}

type TemplatePart = { type: "text"; text: string } | { type: "variable"; name: string; raw: string };

/** LangChain's f-string parser, kept lenient: unbalanced braces stay text instead of throwing. */
export function parseFString(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = "";
  let index = 0;
  while (index < template.length) {
    const char = template[index]!;
    const next = template[index + 1];
    if ((char === "{" && next === "{") || (char === "}" && next === "}")) {
      text += char;
      index += 2;
    } else if (char === "{") {
      const end = template.indexOf("}", index);
      if (end < 0) {
        text += template.slice(index);
        break;
      }
      if (text) parts.push({ type: "text", text });
      text = "";
      parts.push({ type: "variable", name: template.slice(index + 1, end).trim(), raw: template.slice(index, end + 1) });
      index = end + 1;
    } else {
      text += char;
      index += 1;
    }
  }
  if (text) parts.push({ type: "text", text });
  return parts;
}

/** Mustache tags: `{{name}}`, `{{{name}}}`, `{{&name}}`, sections, partials; comments drop out. */
export function parseMustache(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const tag = /\{\{\{\s*([^}]*?)\s*\}\}\}|\{\{\s*([#^/&>!]?)\s*([^}]*?)\s*\}\}/g;
  let last = 0;
  for (let match = tag.exec(template); match; match = tag.exec(template)) {
    if (match.index > last) parts.push({ type: "text", text: template.slice(last, match.index) });
    last = match.index + match[0].length;
    const sigil = match[2] ?? "";
    if (sigil === "!" || sigil === "/") continue;
    const name = (match[1] ?? match[3] ?? "").split(".")[0]!;
    parts.push({ type: "variable", name, raw: match[0] });
  }
  if (last < template.length) parts.push({ type: "text", text: template.slice(last) });
  return parts;
}

function variablePieces(evaluator: Evaluator, variable: Extract<TemplatePart, { type: "variable" }>, placement: TSESTree.Node, context: MessageContext): Piece[] {
  const bound = context.variable(variable.name);
  if (!bound) return [{ stability: "dynamic", text: null, node: placement, reason: `template variable \`${variable.raw}\`, filled on each call` }];
  return evaluator.asString(bound, placement).pieces.map((piece) => ({
    ...piece,
    node: placement,
    ...((piece.origin ?? piece.node) !== placement && { origin: piece.origin ?? piece.node }),
    reason: `template variable \`${variable.raw}\`, filled with ${piece.reason}`,
  }));
}

/** `MessagesPlaceholder`: the history list a call passes, or an unknown list filled on each call. */
function placeholderSegment(evaluator: Evaluator, name: string | null, node: TSESTree.Node, context: MessageContext): Segment {
  const bound = name === null ? null : context.variable(name);
  if (!bound) {
    const value = opaque("dynamic", `the messages passed as \`${name ?? "?"}\` on each call`, node);
    return historySegment(evaluator, value, node, node);
  }
  // The segment names where the list comes from, so `stable-history` can follow it (`history.slice(-10)`).
  const source = bound.kind === "string" ? node : bound.node;
  return historySegment(evaluator, bound, node, source);
}

function historySegment(evaluator: Evaluator, value: Value, placement: TSESTree.Node, node: TSESTree.Node): Segment {
  return { kind: "history", role: null, pieces: evaluator.asString(value, placement).pieces, node, isFinal: false, value };
}


/**
 * An array literal of LangChain messages (tuples, message classes, message templates), as the
 * `{ role, content }` message arrays the analysis collects, so `single-leading-system` can read
 * it. Null when no element is a LangChain message.
 */
export function langChainMessageArray(evaluator: Evaluator, node: TSESTree.ArrayExpression): MessageArray | null {
  let found = false;
  const entries: MessageEntry[] = [];
  for (const element of node.elements) {
    if (!element) continue;
    const message = element.type === "SpreadElement" ? null : langChainElement(evaluator, element);
    if (message) found = true;
    entries.push({ role: message?.role ?? roleOfObject(evaluator, element), node: element, index: entries.length });
  }
  return found ? { node, entries } : null;
}

/** A LangChain tuple, message class or message template, with its role (null when not known). */
function langChainElement(evaluator: Evaluator, element: TSESTree.Node): { role: string | null } | null {
  const node = unwrap(element);
  if (node?.type === "ArrayExpression" && node.elements.length === 2) {
    const [first, content] = node.elements;
    const type = first?.type === "Literal" && typeof first.value === "string" ? first.value : null;
    // Content is text or a list of blocks: `["system", 1]` is data, not a message.
    if (!content || content.type === "ObjectExpression" || content.type === "SpreadElement" || (content.type === "Literal" && typeof content.value !== "string")) return null;
    if (type === "placeholder") return { role: null };
    return type !== null && type in TUPLE_ROLES ? { role: TUPLE_ROLES[type]! } : null;
  }
  if (node?.type === "NewExpression") {
    const name = langChainName(evaluator, node.callee);
    if (name === "MessagesPlaceholder") return { role: null };
    return name !== null && name in MESSAGE_CLASSES ? { role: MESSAGE_CLASSES[name] ?? null } : null;
  }
  if (node?.type === "CallExpression" && node.callee.type === "MemberExpression" && propertyName(node.callee) === "fromTemplate") {
    const name = langChainName(evaluator, node.callee.object);
    return name !== null && name in MESSAGE_TEMPLATES ? { role: MESSAGE_TEMPLATES[name] ?? null } : null;
  }
  return null;
}

/** The role of a `{ role, content }` literal among LangChain messages. */
function roleOfObject(evaluator: Evaluator, element: TSESTree.Node): string | null {
  if (element.type !== "ObjectExpression") return null;
  const role = element.properties.find((property) => property.type === "Property" && propertyKey(property) === "role");
  return role?.type === "Property" ? roleOf(evaluator.evaluate(role.value)) : null;
}
