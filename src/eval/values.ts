import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { worstStability, type Piece, type Stability } from "../model/types.js";

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
  time?: { grain: TimeGrain; format: TimeFormat };
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
}

export function staticString(text: string, node: TSESTree.Node): StringValue {
  return { kind: "string", pieces: [{ stability: "static", text, node, reason: "literal text" }] };
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

/** The pieces of a value in source order, flattening arrays and objects (for tools, schemas). */
export function flattenPieces(value: Value): Piece[] {
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

/** The worst stability found anywhere in a value. */
export function stabilityOf(value: Value): Stability {
  if (value.kind === "function") return "static";
  return flattenPieces(value).reduce<Stability>((worst, piece) => worstStability(worst, piece.stability), "static");
}

/** Merges adjacent static pieces so reports and counts see whole runs of text. */
export function mergePieces(pieces: Piece[]): Piece[] {
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const last = merged.at(-1);
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
