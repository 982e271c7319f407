import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { FileAnalysis } from "../analysis.js";
import { contains, ownFunction } from "../ast/tree.js";
import { walk } from "../ast/walk.js";
import { at, snippet } from "../eval/text.js";
import { isChanging, type Piece, type RequestSite } from "../model/types.js";
import { inFile, insertAfter } from "./edits.js";
import { describePiece, placedPieces } from "./prefix-walk.js";
import { isFunction, unwrap } from "./request-shape.js";
import { bindsInPattern, isList, isMember, shapeOfExpression } from "./value-shape.js";
import type { Check, Finding, Suggestion } from "./types.js";

/**
 * `JSON.stringify` of an object built at run time writes its keys in insertion order, which can
 * differ between requests for the same data (OpenRouterTeam/ai-sdk-provider#472,
 * maximhq/bifrost#2082). Inside the cached prefix or a tool definition, each drift is a miss. The
 * same holds for text built from `Object.entries/keys/values` or `for...in` of such an object.
 *
 * Reported only when the value is known to be an object: its TypeScript type in this file (an
 * interface, a type literal, `Record`, `object`...), or where it comes from (`JSON.parse`, a
 * response's `.json()`, a spread of runtime data). Strings, numbers, objects written as literals
 * with fixed keys, and values of unknown or imported types stay quiet.
 */
export const stableSerialization: Check<Record<string, never>> = {
  name: "stable-serialization",
  config: "strict",
  description: "Require deterministic key order when serializing runtime objects into the cached prompt",
  messages: {
    unstableJson:
      "{{expression}} writes the keys of a runtime object in insertion order, which can differ between requests for the same data, and every difference here is a cache miss for the rest of the prompt. Serialize it with sorted keys (a deterministic stringify such as `safe-stable-stringify` or `fast-json-stable-stringify`).",
    unstableEntries:
      "{{expression}} lists the keys of a runtime object in insertion order, which can differ between requests for the same data, and the text built from them sits in the cached part of the prompt, so every difference is a cache miss for the rest of it. Sort the entries by key before building the text.",
    suggestSortKeys: "Sort the keys before building the text.",
    suggestSortEntries: "Sort the entries by key before building the text.",
  },
  schema: [],
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      for (const { piece, segment } of placedPieces(site)) {
        if (segment.isFinal || !isChanging(piece.stability)) continue;
        const made = piece.origin ?? piece.node;
        if (isJsonStringify(made)) {
          if (!serializesRuntimeObject(made)) continue;
          findings.push({ rule: "stable-serialization", messageId: "unstableJson", node: made, data: { expression: describePiece(piece, analysis.source) }, site });
        } else {
          const source = keySource(piece, made, site);
          if (!source) continue;
          const suggestions = sortByKey(source, analysis);
          findings.push({
            rule: "stable-serialization",
            messageId: "unstableEntries",
            node: piece.node,
            data: { expression: describeKeySource(source, analysis.source) },
            site,
            ...(suggestions.length > 0 && { suggestions }),
          });
        }
      }
    }
    return findings;
  },
};

function isJsonStringify(node: TSESTree.Node): node is TSESTree.CallExpression {
  return node.type === "CallExpression" && isMember(node.callee, "JSON", "stringify") && node.arguments.length >= 1;
}

/**
 * `JSON.stringify(value)` or `JSON.stringify(value, null | replacerFunction, space)` of a value
 * known to be a runtime object. A replacer array fixes the key order itself.
 */
function serializesRuntimeObject(call: TSESTree.CallExpression): boolean {
  const replacer = call.arguments[1];
  if (replacer && !(replacer.type === "Literal" && replacer.value === null) && !isFunction(replacer) && !(replacer.type === "Identifier" && replacer.name === "undefined")) return false;
  const argument = call.arguments[0]!;
  return argument.type !== "SpreadElement" && shapeOfExpression(argument) === "object";
}

/**
 * Where text built from an object's keys in insertion order gets them: `Object.entries(x)` in
 * `Object.entries(x)….join()` (the engine leaves a value there only when `x` is not a literal it
 * can read), or a `for (const k in x)` / `for (… of Object.entries(x))` loop over runtime data that
 * appends the text. A `.sort()` in between fixes the order. Null when the text is not built so.
 */
function keySource(piece: Piece, made: TSESTree.Node, site: RequestSite): TSESTree.CallExpression | KeyLoop | null {
  if (made.type === "CallExpression" && isMethodCall(made, "join")) {
    const keyList = keyListOf(made.callee.type === "MemberExpression" ? made.callee.object : made);
    return keyList !== null && isRuntimeData(keyList.arguments[0], keyList) ? keyList : null;
  }
  const loop = enclosingKeyLoop(made) ?? (piece.node.type === "Identifier" ? loopAppending(piece.node) : null);
  // A request sent from inside the loop builds its text once per key, not from all of them. A loop
  // in a helper may be given a constant object by its caller, which the analyzer does not follow.
  if (loop === null || contains(loop, site.node) || !contains(ownFunction(loop), site.node)) return null;
  return iteratesRuntimeObject(loop) ? loop : null;
}

/** "`Object.entries(prefs)`", or "The loop `for (const key in prefs)` at line 8". */
function describeKeySource(source: TSESTree.CallExpression | KeyLoop, text: string): string {
  if (source.type === "CallExpression") return `\`${snippet(text, source)}\``;
  const head = text.slice(source.range[0], source.right.range[1]).replace(/\s+/g, " ");
  return `The loop \`${head})\` at ${at(source)}`;
}

/**
 * `.sort()` right after `Object.keys(x)`, or a sort by key right after `Object.entries(x)`. By code
 * unit, not `localeCompare`: that order depends on the runtime's locale, so two servers could still
 * disagree. Entries have distinct keys, so the comparator never needs to return 0. Values and
 * `for...in` loops have no such one-call fix.
 */
function sortByKey(source: TSESTree.CallExpression | KeyLoop, analysis: FileAnalysis): Suggestion[] {
  const keyList = source.type === "CallExpression" ? source : source.type === "ForOfStatement" ? keyListOf(source.right) : null;
  if (!keyList || !inFile(analysis, keyList)) return [];
  if (isMember(keyList.callee, "Object", "keys")) return [{ messageId: "suggestSortKeys", edits: [insertAfter(keyList, ".sort()")] }];
  if (isMember(keyList.callee, "Object", "entries")) return [{ messageId: "suggestSortEntries", edits: [insertAfter(keyList, ".sort(([a], [b]) => (a < b ? -1 : 1))")] }];
  return [];
}

/** The `Object.entries|keys|values(x)` a chain of `map`/`filter`/`flatMap` calls starts from, unless it is sorted. */
function keyListOf(node: TSESTree.Node): TSESTree.CallExpression | null {
  let current = unwrap(node);
  while (current?.type === "CallExpression") {
    if (isObjectKeyList(current)) return current;
    const callee = current.callee;
    if (callee.type !== "MemberExpression" || callee.computed || callee.property.type !== "Identifier") return null;
    if (!["map", "filter", "flatMap"].includes(callee.property.name)) return null;
    current = unwrap(callee.object);
  }
  return null;
}

function isObjectKeyList(node: TSESTree.Node): boolean {
  return node.type === "CallExpression" && (isMember(node.callee, "Object", "entries") || isMember(node.callee, "Object", "keys") || isMember(node.callee, "Object", "values"));
}

type KeyLoop = TSESTree.ForInStatement | TSESTree.ForOfStatement;

/** The `for...in` or `for...of Object.entries(...)` loop whose body holds the node. */
function enclosingKeyLoop(node: TSESTree.Node): KeyLoop | null {
  for (let current = node.parent; current && !isFunction(current); current = current.parent) {
    if ((current.type === "ForInStatement" || current.type === "ForOfStatement") && isKeyLoop(current) && contains(current.body, node)) return current;
  }
  return null;
}

function isKeyLoop(loop: KeyLoop): boolean {
  return loop.type === "ForInStatement" || keyListOf(loop.right) !== null;
}

/** `text += …` inside a key loop, for the variable `text` used in the prompt. */
function loopAppending(use: TSESTree.Identifier): KeyLoop | null {
  let scope: TSESTree.Node | undefined = use.parent;
  while (scope && !isFunction(scope) && scope.type !== "Program") scope = scope.parent;
  if (!scope) return null;
  let loop: KeyLoop | null = null;
  walk(scope, (node) => {
    if (loop || node.type !== "AssignmentExpression" || node.left.type !== "Identifier" || node.left.name !== use.name) return;
    loop = enclosingKeyLoop(node);
  });
  return loop;
}

/** The loop goes over runtime data (see isRuntimeData). */
function iteratesRuntimeObject(loop: KeyLoop): boolean {
  const keyList = loop.type === "ForOfStatement" ? keyListOf(loop.right) : null;
  return isRuntimeData(keyList ? keyList.arguments[0] : loop.right, loop);
}

/**
 * An object the request receives or builds at run time: a parameter of an enclosing function or a
 * member of one, or a value known to be a runtime object (`JSON.parse`, a typed local...).
 */
function isRuntimeData(node: TSESTree.Node | undefined, at: TSESTree.Node): boolean {
  if (!node || node.type === "SpreadElement" || isList(node)) return false;
  let root = unwrap(node);
  while (root?.type === "MemberExpression") root = unwrap(root.object);
  if (root?.type === "Identifier") {
    const name = root.name;
    for (let current = at.parent; current; current = current.parent) {
      if (isFunction(current) && current.params.some((param) => bindsInPattern(param, name))) return true;
    }
  }
  return shapeOfExpression(node) === "object";
}


function isMethodCall(node: TSESTree.CallExpression, method: string): boolean {
  return node.callee.type === "MemberExpression" && !node.callee.computed && node.callee.property.type === "Identifier" && node.callee.property.name === method;
}

