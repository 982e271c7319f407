import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { enclosingFunction } from "../ast/tree.js";
import type { FileAnalysis } from "../analysis.js";
import type { DateRounding, Piece, Segment } from "../model/types.js";
import { inFile, insertAfter, replace } from "./edits.js";
import { describePiece, encodingOf, isCacheableText, placedPieces, staticTokens } from "./prefix-walk.js";
import type { Check, Edit, Finding, Suggestion } from "./types.js";

/** Text worth caching: something more than punctuation and white space. */
const MEANINGFUL = /[\p{L}\p{N}]/u;

/**
 * A value that changes on every request (the time, a random id) anywhere but the final message:
 * every request then starts a new prefix, and the conversation history after it is never cached.
 */
export const noVolatilePrefix: Check<Record<string, never>> = {
  name: "no-volatile-prefix",
  config: "recommended",
  description: "Disallow values that change on every request, such as the current time, before the end of the prompt",
  messages: {
    volatileInPrefix:
      "{{expression}} changes on every request and is followed by {{following}}, so every request starts a new prefix and none of that is ever cached. Move it into the final user message, or round a time down to the date.",
    suggestDateOnly: "Round the time down to the date with `{{method}}`.",
  },
  schema: [],
  defaultOptions: {},
  run({ analysis, settings }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      const placed = placedPieces(site).filter(({ segment }) => !segment.isFinal);
      placed.forEach(({ piece, segment }, index) => {
        if (piece.stability !== "volatile") return;
        const rest = placed.slice(index + 1);
        const text = rest.map((entry) => entry.piece).filter((later) => isCacheableText(later) && MEANINGFUL.test(later.text!));
        const history = rest.some((entry) => entry.segment.kind === "history");
        const messages = new Set<Segment>(rest.map((entry) => entry.segment).filter((later) => later !== segment && later.kind !== "history")).size;
        if (text.length === 0 && !history && messages === 0) return;
        const parts: string[] = [];
        if (text.length > 0) parts.push(`${staticTokens(text, encodingOf(site, settings))} tokens of static text`);
        if (messages > 0) parts.push(messages === 1 ? "1 more message" : `${messages} more messages`);
        if (history) parts.push("the conversation history");
        const suggestions = roundToDate(piece, analysis);
        findings.push({
          rule: "no-volatile-prefix",
          messageId: "volatileInPrefix",
          node: piece.node,
          data: { expression: describePiece(piece, analysis.source), following: joinList(parts) },
          site,
          ...(piece.chain && { chain: piece.chain }),
          ...(suggestions.length > 0 && { suggestions }),
        });
      });
    }
    return findings;
  },
};

function joinList(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** The method each rounding ends with, for the suggestion's message. */
const ROUNDED_WITH: Record<DateRounding, string> = {
  date: "toDateString",
  "iso-date": "slice(0, 10)",
  "locale-date": "toLocaleDateString",
  "date-string": "toDateString",
};

/**
 * Rounds a time of day made from the current `Date` down to the date, where the evaluator saw how
 * (`Piece.rounding`, set in eval/time.ts): the text then changes once a day instead of on every
 * request. The edit goes where the value is made, which may be a declaration the piece only
 * refers to.
 */
function roundToDate(piece: Piece, analysis: FileAnalysis): Suggestion[] {
  const made = piece.origin ?? piece.node;
  const rounding = piece.chain ? null : (piece.rounding ?? null);
  if (rounding === null || !inFile(analysis, made, piece.node)) return [];
  const edits = roundingEdits(rounding, made, piece.node, analysis.source);
  return edits ? [{ messageId: "suggestDateOnly", data: { method: ROUNDED_WITH[rounding] }, edits }] : [];
}

function roundingEdits(rounding: DateRounding, made: TSESTree.Node, placed: TSESTree.Node, source: string): Edit[] | null {
  if (rounding === "date") return dateAsText(made, placed, source);
  if (made.type !== "CallExpression" || made.callee.type !== "MemberExpression") return null;
  if (rounding === "iso-date") return [insertAfter(made, ".slice(0, 10)")];
  return [replace(made.callee.property, rounding === "locale-date" ? "toLocaleDateString" : "toDateString")];
}

/**
 * A `Date` object turned into text where it is placed (`${now}`, `"…" + new Date()`,
 * `String(new Date())`) shows the time: call `toDateString()` on it there. Only when the placed
 * expression is the `new Date()` itself or a variable of the same function holding it (a helper's
 * parameter may be given something else by another caller); `String(…)` around it goes.
 */
function dateAsText(made: TSESTree.Node, placed: TSESTree.Node, source: string): Edit[] | null {
  if (placed !== made && (placed.type !== "Identifier" || enclosingFunction(placed) !== enclosingFunction(made))) return null;
  const parent = placed.parent;
  const wrapper = parent?.type === "CallExpression" && parent.callee.type === "Identifier" && parent.callee.name === "String" && parent.arguments.length === 1 ? parent : placed;
  // `new Date` without an argument list needs parentheses before a member access.
  const bare = placed.type === "Identifier" || source[placed.range[1] - 1] === ")";
  return [
    { range: [wrapper.range[0], placed.range[0]], text: bare ? "" : "(" },
    { range: [placed.range[1], wrapper.range[1]], text: `${bare ? "" : ")"}.toDateString()` },
  ].filter((edit): edit is Edit => edit.text !== "" || edit.range[0] !== edit.range[1]);
}
