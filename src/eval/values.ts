import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { worstStability, type DateRounding, type Piece, type Stability } from "../model/types.js";
import type { ModuleCode } from "./evaluator.js";

/*
 * The abstract values the evaluator computes: what a reader of the code knows about an expression
 * without running it. Strings keep their pieces in order, so a prompt's prefix can be read off.
 */
export type Value = StringValue | ArrayValue | ObjectValue | OpaqueValue | FunctionValue;

export interface StringValue {
  kind: "string";
  pieces: Piece[];
}

export interface ArrayElement {
  value: Value;
  /** A spread whose elements are not known one by one (e.g. `...history`). */
  spread: boolean;
  node: TSESTree.Node;
}

/**
 * How a list can differ between requests beyond its elements' own values: which elements it
 * holds (`membership`), their order (`order`), a moving window over it (`window`), or earlier
 * elements rewritten (`rewrite`). `stability` says how often: a filter on request data is dynamic.
 */
export interface Change {
  kind: "membership" | "order" | "window" | "rewrite";
  stability: Stability;
  reason: string;
  node: TSESTree.Node;
}

export interface ArrayValue {
  kind: "array";
  elements: ArrayElement[];
  node: TSESTree.Node;
  changes?: Change[];
}

export interface PropertyEntry {
  value: Value;
  /** The property node (key and value), for reports on a property. */
  node: TSESTree.Node;
}

export interface ObjectValue {
  kind: "object";
  properties: Map<string, PropertyEntry>;
  /** A spread of something unknown may add or override properties. */
  openSpread: OpaqueValue | null;
  node: TSESTree.Node;
}

/** What the time value shows: the instant (volatile) or only the day (changes once a day). */
export type TimeGrain = "instant" | "day";
/** A date object, an ISO 8601 string, the parts of `iso.split("T")`, or other formatted text. */
export type TimeFormat = "date-object" | "iso-string" | "iso-parts" | "text";

export interface OpaqueValue {
  kind: "opaque";
  stability: Stability;
  reason: string;
  node: TSESTree.Node;
  /** Set when the value is the current time (a `Date`, a moment) or text formatted from it. */
  time?: { grain: TimeGrain; format: TimeFormat; rounding?: DateRounding };
  /** Set when the value is a list whose membership or order can change (see Change). */
  changes?: Change[];
}

export interface FunctionValue {
  kind: "function";
  node: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;
  /** Set for a function of another module: calls are evaluated there and placed at the call. */
  owner?: FunctionOwner;
}

/** Evaluates calls to functions of another module. */
export interface FunctionOwner {
  invoke(fn: FunctionValue["node"], args: Value[], call: TSESTree.Node): Value;
  /**
   * The function's own module, for reading code inside the function rather than calling it (a
   * client's custom `fetch`); what is computed there is placed at `use` in this file.
   */
  home(use: TSESTree.Node): ModuleCode;
}

/** Empty text is no piece at all (as `mergePieces` leaves it): `""` and `"" + ""` read the same. */
export function staticString(text: string, node: TSESTree.Node, reason = "literal text"): StringValue {
  return { kind: "string", pieces: text === "" ? [] : [{ stability: "static", text, node, reason }] };
}

export function opaque(stability: Stability, reason: string, node: TSESTree.Node): OpaqueValue {
  return { kind: "opaque", stability, reason, node };
}

/** The text of a string value when all of it is known, else null. */
export function knownText(value: Value): string | null {
  if (value.kind !== "string") return null;
  let text = "";
  for (const piece of value.pieces) {
    if (piece.text === null) return null;
    text += piece.text;
  }
  return text;
}

/*
 * Size limits. A few lines of code can build values that grow exponentially (a list of three
 * copies of the previous list, forty times; a text doubled at every step): values stay exact up
 * to these sizes, and past them the excess is one `unknown` piece (or element), which is never
 * reported and ends the known prefix, so the estimate errs low, never high.
 */
/** Pieces one string value keeps. */
export const MAX_PIECES = 2000;
/** Characters of known text one string value keeps. */
export const MAX_TEXT = 4_000_000;
/** Pieces a flattened array or object may have (counting shared parts each time they appear). */
const MAX_LEAVES = 20_000;

/** The pieces of a value in source order, flattening arrays and objects (for tools, schemas). */
export function flattenPieces(value: Value): Piece[] {
  if (value.kind !== "string" && value.kind !== "opaque" && leafCount(value) > MAX_LEAVES) {
    return [{ stability: unknownIfKnown(stabilityOf(value)), text: null, node: value.node, reason: `\`${value.kind === "array" ? "[…]" : "{…}"}\` at line ${value.node.loc.start.line} has more parts than the analyzer follows` }];
  }
  switch (value.kind) {
    case "string":
      return value.pieces;
    case "opaque":
      return [{ stability: value.stability, text: null, node: value.node, reason: value.reason }];
    case "function":
      return [];
    case "array":
      return value.elements.flatMap((element) => flattenPieces(element.value));
    case "object": {
      const pieces = [...value.properties.values()].flatMap((entry) => flattenPieces(entry.value));
      if (value.openSpread) pieces.push(...flattenPieces(value.openSpread));
      return pieces;
    }
  }
}

/** The changes of a list value and of the lists inside it, outermost first. */
export function changesOf(value: Value): Change[] {
  // Past the size limit only the value's own changes (each nested change is the same object in every copy).
  if (leafCount(value) > MAX_LEAVES) return value.kind === "array" || value.kind === "opaque" ? (value.changes ?? []) : [];
  switch (value.kind) {
    case "array":
      return [...(value.changes ?? []), ...value.elements.flatMap((element) => changesOf(element.value))];
    case "opaque":
      return value.changes ?? [];
    case "object":
      return [...value.properties.values()].flatMap((entry) => changesOf(entry.value));
    default:
      return [];
  }
}

/** Values are never changed once made: their stability and size are computed once each. */
const stabilities = new WeakMap<Value, Stability>();
const leafCounts = new WeakMap<Value, number>();

/**
 * The worst stability found anywhere in a value (the worst of its flattened pieces). Computed
 * once per value, so a value that shares its parts (a list of copies of a list) costs its size
 * in memory, not the size it would have written out.
 */
export function stabilityOf(value: Value): Stability {
  if (value.kind === "function") return "static";
  if (value.kind === "opaque") return value.stability;
  let result = stabilities.get(value);
  if (result === undefined) {
    result = "static";
    if (value.kind === "string") for (const piece of value.pieces) result = worstStability(result, piece.stability);
    else if (value.kind === "array") for (const element of value.elements) result = worstStability(result, stabilityOf(element.value));
    else {
      for (const entry of value.properties.values()) result = worstStability(result, stabilityOf(entry.value));
      if (value.openSpread) result = worstStability(result, value.openSpread.stability);
    }
    stabilities.set(value, result);
  }
  return result;
}

/** How many pieces `flattenPieces` would return, up to a little over MAX_LEAVES. */
function leafCount(value: Value): number {
  if (value.kind === "opaque") return 1;
  if (value.kind === "function") return 0;
  if (value.kind === "string") return value.pieces.length;
  let count = leafCounts.get(value);
  if (count === undefined) {
    count = 0;
    if (value.kind === "array") for (const element of value.elements) count = Math.min(count + leafCount(element.value), MAX_LEAVES + 1);
    else {
      for (const entry of value.properties.values()) count = Math.min(count + leafCount(entry.value), MAX_LEAVES + 1);
      if (value.openSpread) count++;
    }
    leafCounts.set(value, count);
  }
  return count;
}

/** True when a value has more parts than `flattenPieces` writes out (it then summarizes them). */
export function isOversized(value: Value): boolean {
  return leafCount(value) > MAX_LEAVES;
}

/** Text the analyzer gave up on: unknown, unless some of it is known to change. */
function unknownIfKnown(stability: Stability): Stability {
  return stability === "static" || stability === "deployment" ? "unknown" : stability;
}

/**
 * Merges adjacent static pieces so reports and counts see whole runs of text. Past MAX_PIECES
 * pieces or MAX_TEXT characters, the rest becomes one piece of unknown text (see MAX_PIECES).
 */
export function mergePieces(pieces: Piece[]): Piece[] {
  const merged: Piece[] = [];
  let length = 0;
  for (const [index, piece] of pieces.entries()) {
    const last = merged.at(-1);
    length += piece.text?.length ?? 0;
    if (length > MAX_TEXT || merged.length >= MAX_PIECES) {
      const rest = pieces.slice(index).reduce<Stability>((worst, later) => worstStability(worst, later.stability), "static");
      merged.push({ stability: unknownIfKnown(rest), text: null, node: piece.node, reason: `the text from line ${piece.node.loc.start.line} on is too long, or in too many parts, for the analyzer to follow` });
      break;
    }
    if (last && last.stability === "static" && piece.stability === "static" && last.text !== null && piece.text !== null && !last.media && !piece.media) {
      merged[merged.length - 1] = { ...last, text: last.text + piece.text };
    } else {
      merged.push(piece);
    }
  }
  return merged.filter((piece) => piece.text !== "");
}

/** JSON text of a value whose every part is static, else null. */
export function toJson(value: Value): string | null {
  const plain = toPlain(value);
  return plain === undefined ? null : JSON.stringify(plain);
}

/** A plain JS value of a fully static value (numbers stay text), else undefined. */
export function toPlain(value: Value): unknown {
  if (leafCount(value) > MAX_LEAVES) return undefined; // its JSON would be too large to write
  switch (value.kind) {
    case "string":
      return knownText(value) ?? undefined;
    case "array": {
      const items = value.elements.map((element) => (element.spread ? undefined : toPlain(element.value)));
      return items.includes(undefined) ? undefined : items;
    }
    case "object": {
      if (value.openSpread) return undefined;
      const result: Record<string, unknown> = {};
      for (const [key, entry] of value.properties) {
        const plain = toPlain(entry.value);
        if (plain === undefined) return undefined;
        result[key] = plain;
      }
      return result;
    }
    default:
      return undefined;
  }
}

/** A property whose value is computed on first read (objects can be large; most keys are never read). */
export function lazyEntry(node: TSESTree.Node, compute: () => Value): PropertyEntry {
  let value: Value | undefined;
  return {
    node,
    get value() {
      value ??= compute();
      return value;
    },
  };
}
