import { createRequire } from "node:module";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Piece } from "../model/types.js";
import type { Evaluator } from "./evaluator.js";
import { knownText, mergePieces, staticString, type StringValue, type Value } from "./values.js";

type Env = ReadonlyMap<TSESTree.Node, Value>;

/**
 * `template.replace("{{time}}", now)`, `.replaceAll(...)`, and `.replace(/\{\{(\w+)\}\}/g,
 * (_, name) => VARS[name]())`: each placeholder found in the static text takes the value that
 * replaces it, so its stability lands exactly where the placeholder was.
 */
export function replaceText(evaluator: Evaluator, receiver: StringValue, args: Value[], all: boolean, node: TSESTree.CallExpression, env: Env): Value | null {
  const patternNode = node.arguments[0];
  const replacement = args[1];
  if (!patternNode || !replacement) return null;
  const found = patternOf(patternNode, args[0]!, all);
  if (!found) return null;
  const { pattern, once } = found;
  const replacementNode = node.arguments[1]!;
  const replace = (match: RegExpMatchArray): Piece[] => {
    if (replacement.kind !== "function") return evaluator.asString(replacement, replacementNode).pieces;
    const callbackArgs = match.map((group) => staticString(group ?? "", replacementNode));
    const result = replacement.owner ? replacement.owner.invoke(replacement.node, callbackArgs, node) : evaluator.invoke(replacement.node, callbackArgs, node, env);
    return evaluator.asString(result, replacementNode).pieces;
  };
  let done = false;
  const pieces: Piece[] = [];
  for (const piece of receiver.pieces) {
    if (piece.text === null || done) {
      pieces.push(piece);
      continue;
    }
    let last = 0;
    for (const match of piece.text.matchAll(pattern)) {
      if (match[0] === "") break;
      pieces.push({ ...piece, text: piece.text.slice(last, match.index) }, ...replace(match));
      last = match.index + match[0].length;
      if (once) {
        done = true;
        break;
      }
    }
    pieces.push({ ...piece, text: piece.text.slice(last) });
  }
  return { kind: "string", pieces: mergePieces(pieces) };
}

/**
 * The pattern as a global RegExp (what `matchAll` needs), and whether only the first match is
 * replaced (`replace` with a string, or with a regex without the `g` flag).
 */
function patternOf(node: TSESTree.Node, value: Value, all: boolean): { pattern: RegExp; once: boolean } | null {
  if (node.type === "Literal" && "regex" in node && node.regex) {
    // The analyzed code's own pattern runs on its own text: one that can backtrack exponentially
    // (a quantifier inside a quantifier, `(a+)+`) could hang the linter, so it is left unknown.
    if (!isSafePattern(node.regex.pattern)) return null;
    const flags = node.regex.flags.includes("g") ? node.regex.flags : `${node.regex.flags}g`;
    // The parser accepts patterns this Node.js rejects (duplicate group names, newer flags):
    // such a replacement is left unknown rather than crashing the analysis.
    try {
      return { pattern: new RegExp(node.regex.pattern, flags), once: !node.regex.flags.includes("g") };
    } catch {
      return null;
    }
  }
  const text = knownText(value);
  if (text === null || text === "") return null;
  return { pattern: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g"), once: !all };
}

let safeRegex: typeof import("safe-regex2") | undefined;

/** safe-regex2's star-height test, loaded on the first regex replacement (most files have none). */
function isSafePattern(pattern: string): boolean {
  safeRegex ??= createRequire(import.meta.url)("safe-regex2") as typeof import("safe-regex2");
  return safeRegex(pattern);
}
