import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walk } from "../ast/walk.js";
import { snippet } from "../eval/text.js";
import { changesOf } from "../eval/values.js";
import { isChanging, type RequestSite } from "../model/types.js";
import type { Check, Finding } from "./types.js";

/** Array methods that remove, insert or reorder elements other than at the end. */
const REWRITING_METHODS = new Set(["shift", "splice", "unshift", "sort", "reverse", "copyWithin", "fill"]);

/**
 * The conversation prefix is reused only if each request repeats the previous one and appends to
 * it. A sliding window, a trimmed head, or an edited earlier turn changes the start of the
 * history, so every turn misses the cache for all of it.
 */
export const stableHistory: Check<Record<string, never>> = {
  name: "stable-history",
  config: "recommended",
  messages: {
    rewrittenHistory:
      "{{what}} rewrites the conversation instead of appending to it, so every turn misses the cache for the whole history. Keep the history append-only, and when it grows too long, summarize it once and keep that summary fixed.",
  },
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    const histories = new Map<string, RequestSite>();
    for (const site of analysis.sites) {
      for (const segment of site.segments) {
        if (segment.kind !== "history" || !segment.value) continue;
        for (const change of changesOf(segment.value)) {
          if ((change.kind === "window" || change.kind === "rewrite") && isChanging(change.stability)) {
            findings.push({ rule: "stable-history", messageId: "rewrittenHistory", node: change.node, data: { what: `\`${snippet(analysis.source, change.node)}\`` }, site });
          }
        }
        const source = historySource(segment.node);
        if (source) histories.set(snippet(analysis.source, source, 200), site);
      }
    }
    if (histories.size === 0) return findings;
    walk(analysis.program, (node) => {
      const target = rewriteTarget(node);
      if (!target || isFreshLocalArray(target)) return;
      const site = histories.get(snippet(analysis.source, target, 200));
      if (site) findings.push({ rule: "stable-history", messageId: "rewrittenHistory", node, data: { what: `\`${snippet(analysis.source, node)}\`` }, site });
    });
    return findings;
  },
};

/**
 * The history a segment was spread or passed from: `history`, `this.messages`, and the list under
 * method calls (`history.slice(-10)` comes from `history`).
 */
function historySource(node: TSESTree.Node): TSESTree.Node | null {
  let expression = node.type === "SpreadElement" ? node.argument : node;
  while (expression.type === "CallExpression" && expression.callee.type === "MemberExpression") expression = expression.callee.object;
  return expression.type === "Identifier" || expression.type === "MemberExpression" ? expression : null;
}

/**
 * The array a statement rewrites in place: `history.shift()`, `history.splice(...)`,
 * `history[i] = ...`, `history[i].content = ...`, `history.length = n`.
 */
function rewriteTarget(node: TSESTree.Node): TSESTree.Node | null {
  if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && !node.callee.computed && node.callee.property.type === "Identifier") {
    return REWRITING_METHODS.has(node.callee.property.name) ? node.callee.object : null;
  }
  if (node.type !== "AssignmentExpression" || node.left.type !== "MemberExpression") return null;
  const left = node.left;
  if (!left.computed && left.property.type === "Identifier" && left.property.name === "length") return left.object;
  if (left.computed) return left.object;
  // `history[i].content = ...`
  return left.object.type === "MemberExpression" && left.object.computed ? left.object.object : null;
}

/** A local array built from a literal in this function: putting it together is not a rewrite. */
function isFreshLocalArray(target: TSESTree.Node): boolean {
  if (target.type !== "Identifier") return false;
  for (let scope: TSESTree.Node | undefined = target.parent; scope; scope = scope.parent) {
    if (scope.type !== "BlockStatement" && scope.type !== "Program") continue;
    for (const statement of scope.body) {
      if (statement.type !== "VariableDeclaration") continue;
      for (const declarator of statement.declarations) {
        if (declarator.id.type === "Identifier" && declarator.id.name === target.name) return declarator.init?.type === "ArrayExpression" && scope.type !== "Program";
      }
    }
  }
  return false;
}
