import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { snippet } from "../eval/text.js";
import { changesOf, flattenPieces, type Change } from "../eval/values.js";
import { isChanging } from "../model/types.js";
import { describePiece } from "./prefix-walk.js";
import { inFile } from "./edits.js";
import { isCallerData } from "./stable-history.js";
import type { Check, Finding } from "./types.js";

/** Elements that are there on some requests only: `isAdmin ? refundTool : searchTool`. */
const CONDITIONAL = new Set(["ConditionalExpression", "LogicalExpression"]);

/**
 * Tools are the first part of the cached prefix (OpenAI, Anthropic, Groq, Bedrock): a tools list
 * whose membership or order changes between requests re-processes the whole prompt.
 *
 * Reported: the list changes the evaluator found (a filter on request data, a conditional spread
 * or push, a sort by runtime values, MCP `listTools()` without a sort), and inside a tools array the
 * code spells out, a spread or element computed from request data. Not reported: a tools list the
 * caller passes in (a parameter or a property of one, also behind `.map`), which is the caller's
 * to keep stable, and the text of tool definitions (`no-volatile-prefix` covers the time in them).
 */
export const stableTools: Check<Record<string, never>> = {
  name: "stable-tools",
  config: "recommended",
  description: "Require the tools list to keep the same tools in the same order on every request",
  messages: {
    changingTools:
      "The tools list can hold different tools from one request to the next ({{reason}}), and tools come first in the cached prefix, so every change re-processes the whole prompt. Send the same tools on every request and narrow the choice per request with `tool_choice` (on OpenAI, `allowed_tools`) instead.",
    unorderedTools:
      "The tools list can come in a different order from one request to the next ({{reason}}), and tools come first in the cached prefix, so every change re-processes the whole prompt. Sort the tools by a fixed key, such as their name, before sending them.",
  },
  schema: [],
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      const tools = site.segments.find((segment) => segment.kind === "tools")?.value;
      if (!tools) continue;
      const report = (node: TSESTree.Node, order: boolean, reason: string) =>
        inFile(analysis, node) &&
        findings.push({ rule: "stable-tools", messageId: order ? "unorderedTools" : "changingTools", node, data: { reason }, site });
      for (const change of innermost(changesOf(tools).filter((candidate) => candidate.kind !== "rewrite" && isChanging(candidate.stability)))) {
        report(change.node, change.kind === "order", reasonOf(change.node, change.reason, analysis.source));
      }
      // Inside a list the code spells out: a spread or a whole element computed from request data.
      // A tools list passed in whole, or a definition's own text, is not this rule's to judge.
      if (tools.kind !== "array") continue;
      for (const element of tools.elements) {
        if (!element.spread && !CONDITIONAL.has(element.node.type)) continue;
        const piece = flattenPieces(element.value).find((candidate) => isChanging(candidate.stability));
        if (!piece || isCallerData(piece.node) || isLoopAppend(piece.node)) continue;
        report(piece.node, false, reasonOf(piece.node, describePiece(piece, analysis.source), analysis.source));
      }
    }
    return findings;
  },
};

/**
 * One finding per problem: a change found inside the expression of another (`Object.keys(x)` in
 * `Object.keys(x).map(f)`) is the same problem, reported at the inner, more precise place.
 */
function innermost(changes: Change[]): Change[] {
  return changes.filter(
    (change, index) =>
      !changes.some(
        (other, otherIndex) =>
          otherIndex !== index &&
          other.node.range[0] >= change.node.range[0] &&
          other.node.range[1] <= change.node.range[1] &&
          (other.node !== change.node || otherIndex < index),
      ),
  );
}

/** `chosen by \`isAdmin\` at line 7` for a conditional between lists: what changes is the condition. */
function reasonOf(node: TSESTree.Node, reason: string, source: string): string {
  if (node.type !== "ConditionalExpression" || !/^(`[^`]*` \()?conditional /.test(reason)) return reason;
  return `chosen by \`${snippet(source, node.test)}\` at line ${node.loc.start.line}`;
}

/**
 * `tools.push(toTool(def))` inside a loop: the evaluator cannot tell a loop over a constant list
 * (stable) from one over request data, so these are left alone.
 */
function isLoopAppend(node: TSESTree.Node): boolean {
  const call = node.parent?.type === "SpreadElement" ? node.parent.parent : node.parent;
  if (call?.type !== "CallExpression" || call.callee.type !== "MemberExpression" || call.callee.property.type !== "Identifier") return false;
  return ["push", "unshift"].includes(call.callee.property.name) && call.arguments.some((argument) => argument === node || argument === node.parent);
}
