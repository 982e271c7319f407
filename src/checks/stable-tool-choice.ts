import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { snippet } from "../eval/text.js";
import { flattenPieces, knownText, stabilityOf, type Value } from "../eval/values.js";
import { isChanging, type Piece } from "../model/types.js";
import { inFile } from "./edits.js";
import type { Check, Finding } from "./types.js";

/** Names of the tool-choice parameter across SDKs. */
const TOOL_CHOICE = ["tool_choice", "toolChoice"];

/**
 * A `tool_choice` that can differ between requests of one conversation: a conditional on the
 * turn or on state, a parameter, a `let` that is reassigned. Anthropic documents that a changed
 * `tool_choice` invalidates the cached messages, Groq that it invalidates the cache. OpenAI keeps
 * the `allowed_tools` form out of the prefix, so on OpenAI that form is the way to narrow tools per
 * request, and it is not reported.
 */
export const stableToolChoice: Check<Record<string, never>> = {
  name: "stable-tool-choice",
  config: "recommended",
  description: "Require `tool_choice` to stay the same between requests of a conversation",
  messages: {
    changingToolChoice:
      "`{{name}}` can change between requests of one conversation ({{reason}}), and providers such as Anthropic and Groq drop the cached conversation whenever it changes, so the next request re-processes the whole history. Send one constant value for the whole conversation.",
    changingToolChoiceAllowedTools:
      '`{{name}}` can change between requests of one conversation ({{reason}}), and providers such as Anthropic and Groq drop the cached conversation whenever it changes, so the next request re-processes the whole history. Send one constant value, and narrow the tools per request with `tool_choice: { type: "allowed_tools", mode, tools }`, which OpenAI keeps out of the cached prefix.',
  },
  schema: [],
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      for (const name of TOOL_CHOICE) {
        const parameter = site.parameters.get(name);
        if (!parameter) continue;
        const node = parameter.node.type === "Property" ? parameter.node.value : parameter.node;
        const stability = stabilityOf(parameter.value);
        if (!isChanging(stability) || isAllowedTools(parameter.value) || isAutoOrDefault(node) || !inFile(analysis, node)) continue;
        const piece = flattenPieces(parameter.value).find((candidate) => candidate.stability === stability)!;
        findings.push({
          rule: "stable-tool-choice",
          // The AI SDK's `toolChoice` has no `allowed_tools` form: there, one constant value is the fix.
          messageId: site.provider === "openai" && site.sdk !== "ai" ? "changingToolChoiceAllowedTools" : "changingToolChoice",
          node,
          data: { name, reason: describe(piece, analysis.source) },
          site,
        });
      }
    }
    return findings;
  },
};

/** `{ type: "allowed_tools", mode, tools }`: OpenAI keeps it out of the prefix, so its tools may vary. */
function isAllowedTools(value: Value): boolean {
  if (value.kind !== "object") return false;
  const type = value.properties.get("type");
  return type !== undefined && knownText(type.value) === "allowed_tools";
}

/**
 * `tools.length > 0 ? "auto" : undefined`: every branch is "auto" or leaves the parameter out,
 * which with tools present is the same as "auto", so the provider sees one choice.
 */
function isAutoOrDefault(node: TSESTree.Node): boolean {
  switch (node.type) {
    case "ConditionalExpression":
      return isAutoOrDefault(node.consequent) && isAutoOrDefault(node.alternate);
    case "LogicalExpression":
      return node.operator === "&&" ? isAutoOrDefault(node.right) : isAutoOrDefault(node.left) && isAutoOrDefault(node.right);
    case "Literal":
      return node.value === "auto" || node.value === null;
    case "Identifier":
      return node.name === "undefined";
    case "TSAsExpression":
    case "TSSatisfiesExpression":
    case "TSNonNullExpression":
      return isAutoOrDefault(node.expression);
    case "ObjectExpression":
      return (
        node.properties.length === 1 &&
        node.properties[0]!.type === "Property" &&
        !node.properties[0]!.computed &&
        node.properties[0]!.key.type === "Identifier" &&
        node.properties[0]!.key.name === "type" &&
        isAutoOrDefault(node.properties[0]!.value)
      );
    default:
      return false;
  }
}

/** Why the value changes, without repeating the expression the finding already points at. */
function describe(piece: Piece, source: string): string {
  // `turn === 0 ? "required" : "auto"`: what changes is the condition.
  if (piece.node.type === "ConditionalExpression" && piece.reason.startsWith("conditional ")) {
    return `chosen by \`${snippet(source, piece.node.test)}\` at line ${piece.node.loc.start.line}`;
  }
  const code = `\`${snippet(source, piece.node)}\``;
  return piece.reason.includes(code) ? piece.reason : `${code}: ${piece.reason}`;
}
