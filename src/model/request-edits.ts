import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { at } from "../eval/text.js";
import { lazyEntry, mergePieces, type ArrayElement, type PropertyEntry, type Value } from "../eval/values.js";
import { conversationSegments, valueNode } from "./openai-prompt.js";
import { toolsSegment } from "./tools.js";
import type { Breakpoint, CustomFetch, Parameter, Piece, RequestSite, Segment } from "./types.js";

/*
 * What a client's custom `fetch` changes in every request before it leaves (read by
 * src/discovery/fetch-reader.ts), written against the JSON body the provider receives, and how the
 * changes apply to a request's prompt model. The body's shape depends on the API (`WireFormat`):
 * a change the model cannot place for certain (a field the API does not have, a message behind a
 * history spread) makes the whole rewrite unknown, and then none of it is applied.
 */

/** The JSON body shapes a custom fetch's changes are mapped onto. */
export type WireFormat = "chat" | "responses" | "anthropic";

/** The request as it reaches the provider: the body's shape (null: not mapped) and the endpoint path. */
export interface Wire {
  format: WireFormat | null;
  path: string | null;
}

/** One element of a body list: by position, the last one, or the first with a role (`find((m) => m.role === "system")`). */
export type MessageSelector = { index: number } | { last: true } | { role: string };

/** Lists of the body a change can add to. */
export type ListField = "messages" | "input" | "system" | "tools";

/** Lists whose elements carry text a change can rewrite (`system` is Anthropic's list of blocks). */
export type MessageList = "messages" | "input" | "system";

/** Text a change rewrites: a top-level text field, or the text of one element of a list. */
export type TextTarget = { field: "system" | "instructions" } | { list: MessageList; message: MessageSelector };

/** What must hold for a change to run, read from the conditions around it. */
export interface EditGuard {
  /** `messages[0].role === "system"` (`equal`) or `!==`: the selected message's role. */
  roles: Array<{ list: MessageList; message: MessageSelector; role: string; equal: boolean }>;
  /** Endpoint paths the URL is tested for (`url.includes("/chat/completions")`). */
  paths: string[];
}

interface EditBase {
  /** Where the change is made, as this file shows it: what a finding about it points at. */
  node: TSESTree.Node;
  guard: EditGuard;
}

export type RequestEdit = EditBase &
  (
    | {
        kind: "text";
        target: TextTarget;
        /** The new text, or null when the change keeps the old text between `before` and `after`. */
        replacement: Piece[] | null;
        before: Piece[];
        after: Piece[];
      }
    /** Elements added to a list; each element's `node` is where it is added (what its segment points at). */
    | { kind: "insert"; list: ListField; position: number | "end"; items: ArrayElement[] }
    | { kind: "tools"; value: Value }
    /** A top-level body property other than the prompt; `value` null when deleted. */
    | { kind: "parameter"; name: string; value: Value | null }
    | { kind: "header"; name: string; value: Value }
  );

/** A custom fetch's changes, as applied to each request of its client. */
export interface FetchRewrite {
  /** How reasons name the function ("`tracingFetch`"); null for an unnamed one. */
  name: string | null;
  customFetch: CustomFetch;
  edits: RequestEdit[];
}

/** Body fields in the order each format's provider builds its prefix. */
const FIELD_ORDER: Record<WireFormat, readonly string[]> = {
  chat: ["tools", "response_format", "messages"],
  responses: ["tools", "response_format", "instructions", "input"],
  anthropic: ["tools", "system", "messages"],
};

/** The prompt model being rewritten: copies of the site's parts. */
interface Draft {
  segments: Segment[];
  breakpoints: Breakpoint[];
  parameters: Map<string, Parameter>;
  headers: Map<string, Parameter>;
}

/** What became of one change: applied, not run for this request (its guard is false), or not placeable. */
type Outcome = "applied" | "skipped" | "unknown";

/**
 * The request as its client's custom fetch sends it: each change applied in the order the fetch
 * makes it. When one cannot be placed for certain, the site keeps its own prompt and is marked as
 * sent through a fetch the analyzer does not understand.
 */
export function applyFetchRewrite(evaluator: Evaluator, site: RequestSite, wire: Wire, rewrite: FetchRewrite): RequestSite {
  if (!rewrite.customFetch.understood) return unknownRewrite(site, rewrite.customFetch);
  const draft: Draft = {
    segments: [...site.segments],
    breakpoints: site.breakpoints.map((breakpoint) => ({ ...breakpoint })),
    parameters: new Map(site.parameters),
    headers: new Map(site.headers),
  };
  const who = rewrite.name ? `the custom fetch ${rewrite.name}` : "the client's custom fetch";
  for (const edit of rewrite.edits) {
    const note = `written by ${who} into ${describeEdit(edit)} the request at ${at(site.node)}`;
    const guard = guardHolds(draft, edit.guard, wire);
    const outcome = guard === true ? applyEdit(evaluator, draft, edit, wire, note) : guard === false ? "skipped" : "unknown";
    if (outcome === "unknown") return unknownRewrite(site, rewrite.customFetch);
  }
  return { ...site, ...draft, customFetch: rewrite.customFetch };
}

function unknownRewrite(site: RequestSite, customFetch: CustomFetch): RequestSite {
  // Markers may be added or moved where the analyzer cannot see.
  return { ...site, customFetch: { ...customFetch, understood: false }, breakpointsComplete: false };
}

function applyEdit(evaluator: Evaluator, draft: Draft, edit: RequestEdit, wire: Wire, note: string): Outcome {
  switch (edit.kind) {
    case "parameter":
      if (edit.value) draft.parameters.set(edit.name, { value: annotated(edit.value, note), node: edit.node });
      else draft.parameters.delete(edit.name);
      return "applied";
    case "header":
      draft.headers.set(edit.name.toLowerCase(), { value: annotated(edit.value, note), node: edit.node });
      return "applied";
    case "text":
      return wire.format ? rewriteText(draft, edit, wire.format, note) : "unknown";
    case "insert":
      if (!wire.format) return "unknown";
      return edit.list === "tools" ? insertTools(evaluator, draft, edit, wire.format, note) : insertElements(evaluator, draft, edit, wire.format, note);
    case "tools":
      return wire.format ? replaceTools(draft, edit, wire.format, note) : "unknown";
  }
}

/** True when the change runs for this request, false when its conditions rule it out, "unknown" when they cannot be told. */
function guardHolds(draft: Draft, guard: EditGuard, wire: Wire): boolean | "unknown" {
  for (const path of guard.paths) {
    if (!wire.path || !(wire.path.includes(path) || path.includes(wire.path))) return false;
  }
  for (const check of guard.roles) {
    if (!wire.format || !FIELD_ORDER[wire.format].includes(check.list)) return "unknown";
    const index = select(draft, check.list, check.message, wire.format);
    if (index === "unknown") return "unknown";
    if (index === "missing") {
      if (check.equal) return false;
      continue;
    }
    const role = draft.segments[index]!.role;
    if (role === null) return "unknown";
    if ((role === check.role) !== check.equal) return false;
  }
  return true;
}

function rewriteText(draft: Draft, edit: Extract<RequestEdit, { kind: "text" }>, format: WireFormat, note: string): Outcome {
  const target = edit.target;
  const field = "field" in target ? target.field : target.list;
  if (!FIELD_ORDER[format].includes(field)) return "unknown";
  const replacement = edit.replacement ? annotatedPieces(edit.replacement, note) : null;
  let index: number;
  if ("field" in target) {
    const indices = fieldIndices(draft, target.field, format);
    if (replacement) {
      const kind = target.field === "system" ? "system" : "instructions";
      const role = target.field === "system" ? null : "developer";
      removeSegments(draft, indices);
      insertSegments(draft, insertionPoint(draft, target.field, format), [{ kind, role, pieces: replacement, node: edit.node, isFinal: false }]);
      return "applied";
    }
    // `${stamp}${body.system}` needs a system prompt to wrap; one made of several blocks is not text.
    if (indices.length !== 1) return indices.length === 0 ? "skipped" : "unknown";
    index = indices[0]!;
  } else {
    const selected = select(draft, target.list, target.message, format);
    if (selected === "missing") return "skipped";
    if (selected === "unknown") return "unknown";
    index = selected;
  }
  const segment = draft.segments[index]!;
  const pieces = replacement ?? mergePieces([...annotatedPieces(edit.before, note), ...segment.pieces, ...annotatedPieces(edit.after, note)]);
  draft.segments[index] = { ...segment, pieces };
  // A breakpoint on the whole block (an Anthropic system block) marks the rewritten text.
  for (const breakpoint of draft.breakpoints) if (breakpoint.segment === index && breakpoint.pieces === segment.pieces) breakpoint.pieces = pieces;
  return "applied";
}

function insertElements(evaluator: Evaluator, draft: Draft, edit: Extract<RequestEdit, { kind: "insert" }>, format: WireFormat, note: string): Outcome {
  const list = edit.list as MessageList;
  if (!FIELD_ORDER[format].includes(list)) return "unknown";
  const indices = fieldIndices(draft, list, format);
  const atEnd = edit.position === "end" || edit.position >= indices.length;
  if (!atEnd && indices.slice(0, edit.position as number).some((index) => draft.segments[index]!.kind === "history")) return "unknown";
  const point = atEnd ? (indices.length > 0 ? indices.at(-1)! + 1 : insertionPoint(draft, list, format)) : indices[edit.position as number]!;
  const items = edit.items.map((item) => ({ ...item, value: annotated(item.value, note) }));
  // Appended after the last message, they are new every turn like it: it stays final too.
  const isFinal = atEnd && list !== "system";
  const segments = list === "system" ? systemBlocks(evaluator, items) : messageSegments(evaluator, items, edit.node, list, isFinal);
  insertSegments(draft, point, segments);
  return "applied";
}

/** One segment per element, each pointing where the element is added (see `RequestEdit` items). */
function messageSegments(evaluator: Evaluator, items: ArrayElement[], node: TSESTree.Node, list: MessageList, isFinal: boolean): Segment[] {
  const entry: PropertyEntry = { node, value: { kind: "array", elements: items, node } };
  return conversationSegments(evaluator, entry, list === "input" ? "input" : "message").map((segment, index) => ({
    ...segment,
    node: items[index]?.node ?? segment.node,
    isFinal: isFinal && segment.kind !== "history",
  }));
}

/** Anthropic system blocks (`{ type: "text", text }`) added to `system`. */
function systemBlocks(evaluator: Evaluator, items: ArrayElement[]): Segment[] {
  return items.map((item) => {
    const text = item.value.kind === "object" ? item.value.properties.get("text") : undefined;
    const pieces = text ? evaluator.asString(text.value, valueNode(text)).pieces : evaluator.asString(item.value, item.node).pieces;
    return { kind: "system", role: null, pieces, node: item.node, isFinal: false };
  });
}

function insertTools(evaluator: Evaluator, draft: Draft, edit: Extract<RequestEdit, { kind: "insert" }>, format: WireFormat, note: string): Outcome {
  const [index] = fieldIndices(draft, "tools", format);
  const current = index === undefined ? null : draft.segments[index]!;
  const old: ArrayElement[] = current?.value?.kind === "array" ? current.value.elements : current?.value ? [{ value: current.value, spread: true, node: current.node }] : [];
  const items = edit.items.map((item) => ({ ...item, value: annotated(item.value, note) }));
  const position = edit.position === "end" ? old.length : edit.position;
  if (old.slice(0, position).some((element) => element.spread)) return "unknown";
  const elements = [...old.slice(0, position), ...items, ...old.slice(position)];
  const changes = current?.value?.kind === "array" ? current.value.changes : undefined;
  const segment = toolsSegment(evaluator.list(elements, current?.node ?? edit.node, changes), current?.node ?? edit.node);
  if (index === undefined) insertSegments(draft, 0, [segment]);
  else draft.segments[index] = segment;
  return "applied";
}

function replaceTools(draft: Draft, edit: Extract<RequestEdit, { kind: "tools" }>, format: WireFormat, note: string): Outcome {
  const indices = fieldIndices(draft, "tools", format);
  removeSegments(draft, indices);
  insertSegments(draft, 0, [toolsSegment(annotated(edit.value, note), edit.node)]);
  return "applied";
}


/** The segment a selector picks in a list, "missing" when the list has none, "unknown" when a history spread or an unknown role hides it. */
function select(draft: Draft, list: MessageList, selector: MessageSelector, format: WireFormat): number | "missing" | "unknown" {
  const indices = fieldIndices(draft, list, format);
  if ("last" in selector) {
    const last = indices.at(-1);
    if (last === undefined) return "missing";
    return draft.segments[last]!.kind === "history" ? "unknown" : last;
  }
  if ("index" in selector) {
    if (indices.slice(0, selector.index + 1).some((index) => draft.segments[index]!.kind === "history")) return "unknown";
    return indices[selector.index] ?? "missing";
  }
  for (const index of indices) {
    const segment = draft.segments[index]!;
    if (segment.kind === "history" || segment.role === null) return "unknown";
    if (segment.role === selector.role) return index;
  }
  return "missing";
}

/** The body field each segment comes from, in a format's body. */
function fieldsOf(segments: readonly Segment[], format: WireFormat): string[] {
  // Anthropic's system blocks come before the first message; a system message later is a message.
  let inMessages = false;
  return segments.map((segment) => {
    if (segment.kind === "tools" || segment.kind === "response_format" || segment.kind === "instructions") return segment.kind;
    if (format === "chat") return "messages";
    if (format === "responses") return "input";
    inMessages ||= segment.kind !== "system";
    return inMessages ? "messages" : "system";
  });
}

function fieldIndices(draft: Draft, field: string, format: WireFormat): number[] {
  const indices: number[] = [];
  fieldsOf(draft.segments, format).forEach((other, index) => {
    if (other === field) indices.push(index);
  });
  return indices;
}

/** Where a field's segments start, or would start when it has none: after every field before it. */
function insertionPoint(draft: Draft, field: string, format: WireFormat): number {
  const [first] = fieldIndices(draft, field, format);
  if (first !== undefined) return first;
  const order = FIELD_ORDER[format];
  let point = 0;
  fieldsOf(draft.segments, format).forEach((other, index) => {
    if (order.indexOf(other) < order.indexOf(field)) point = index + 1;
  });
  return point;
}

function insertSegments(draft: Draft, point: number, segments: Segment[]): void {
  draft.segments.splice(point, 0, ...segments);
  for (const breakpoint of draft.breakpoints) {
    if (breakpoint.segment !== null && breakpoint.segment >= point) breakpoint.segment += segments.length;
  }
}

/** Removes segments, and the breakpoints that closed them (their markers are gone with them). */
function removeSegments(draft: Draft, indices: number[]): void {
  for (const index of [...indices].sort((a, b) => b - a)) {
    draft.segments.splice(index, 1);
    draft.breakpoints = draft.breakpoints.filter((breakpoint) => breakpoint.segment !== index);
    for (const breakpoint of draft.breakpoints) if (breakpoint.segment !== null && breakpoint.segment > index) breakpoint.segment--;
  }
}

/** What a change writes into, ending with the word that leads to "the request". */
function describeEdit(edit: RequestEdit): string {
  switch (edit.kind) {
    case "text": {
      const target = edit.target;
      if ("field" in target) return target.field === "system" ? "the system prompt of" : "the instructions of";
      const noun = target.list === "system" ? "system block" : "message";
      const selector = target.message;
      if ("role" in selector) return `the first ${selector.role} message of`;
      if ("last" in selector) return `the last ${noun} of`;
      return selector.index === 0 ? `the first ${noun} of` : `${noun} ${selector.index + 1} of`;
    }
    case "insert":
      return edit.list === "tools" ? "a tool added to" : edit.list === "system" ? "a system block added to" : "a message added to";
    case "tools":
      return "the tools of";
    case "parameter":
      return `\`${edit.name}\` of`;
    case "header":
      return `the \`${edit.name}\` header of`;
  }
}

function annotatedPieces(pieces: Piece[], note: string): Piece[] {
  return pieces.map((piece) => ({ ...piece, reason: `${piece.reason} (${note})` }));
}

/** A value whose reasons also say which custom fetch writes it into which request. */
function annotated(value: Value, note: string): Value {
  switch (value.kind) {
    case "string":
      return { kind: "string", pieces: annotatedPieces(value.pieces, note) };
    case "opaque":
      return { ...value, reason: `${value.reason} (${note})` };
    case "array":
      return { ...value, elements: value.elements.map((element) => ({ ...element, value: annotated(element.value, note) })) };
    case "object": {
      const properties = new Map<string, PropertyEntry>();
      for (const [key, entry] of value.properties) properties.set(key, lazyEntry(entry.node, () => annotated(entry.value, note)));
      const openSpread = value.openSpread ? { ...value.openSpread, reason: `${value.openSpread.reason} (${note})` } : null;
      return { ...value, properties, openSpread };
    }
    case "function":
      return value;
  }
}
