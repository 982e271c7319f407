import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { memberPath } from "../ast/names.js";
import type { Evaluator } from "../eval/evaluator.js";
import { propertyKey } from "../eval/evaluator.js";
import type { Piece, ProviderName, RequestSite } from "../model/types.js";

/*
 * Prompts that reach an LLM through code the analyzer cannot see: an agent framework's
 * `new Agent({ systemPrompt })`, a helper named `buildSystemPrompt()`. The text is the system
 * prompt of requests made elsewhere, so the rules that read a system prompt apply to it.
 */

/** Property names that carry a system prompt in agent frameworks and in-house wrappers. */
const DEFAULT_PROMPT_PROPERTIES: ReadonlySet<string> = new Set(["system", "systemPrompt", "system_prompt", "instructions", "preamble", "systemMessage", "system_message"]);
/** Names of functions that build a system prompt (`buildSystemPrompt`, `getInstructions`...). */
export const DEFAULT_PROMPT_FUNCTIONS = /^(?:build|get|make|create|render|compose|generate)?(?:System)?(?:Prompt|Instructions)$/i;

export interface PromptSinkOptions {
  properties?: readonly string[];
  functions?: RegExp;
}

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

/** A system prompt passed in an object argument of a call or `new` that no discoverer claimed. */
export function sinkArgumentSite(evaluator: Evaluator, node: TSESTree.CallExpression | TSESTree.NewExpression, provider: ProviderName, options: PromptSinkOptions): RequestSite | null {
  for (const argument of node.arguments) {
    if (argument.type !== "ObjectExpression") continue;
    const names = propertyNames(options);
    for (const property of argument.properties) {
      if (property.type !== "Property") continue;
      const key = propertyKey(property);
      if (key === null || !names.has(key)) continue;
      const value = evaluator.evaluate(property.value);
      if (value.kind !== "string") continue;
      if (!looksLikePrompt(value.pieces)) continue;
      return sinkSite(node, provider, memberPath(node.callee) ?? "call", value.pieces, property.value);
    }
  }
  return null;
}

const customNames = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The prompt property names as a set: made once per settings, not once per call of every file. */
function propertyNames(options: PromptSinkOptions): ReadonlySet<string> {
  if (!options.properties) return DEFAULT_PROMPT_PROPERTIES;
  let names = customNames.get(options.properties);
  if (!names) customNames.set(options.properties, (names = new Set(options.properties)));
  return names;
}

/** The text a prompt-building function returns, with its parameters as dynamic values. */
export function promptFunctionSite(evaluator: Evaluator, fn: FunctionNode, name: string, provider: ProviderName, options: PromptSinkOptions): RequestSite | null {
  if (!(options.functions ?? DEFAULT_PROMPT_FUNCTIONS).test(name)) return null;
  const value = evaluator.invoke(fn, [], fn, new Map());
  if (value.kind !== "string" || !looksLikePrompt(value.pieces)) return null;
  return sinkSite(fn, provider, name, value.pieces, fn);
}

/**
 * Prose the analyzer can see (two words or more) or a value that changes on every request: what
 * a check can say something about. A value it cannot see at all (`z.string()`, a parameter) or a
 * single word (`remap$(v, { instructions: "instructions" })`, a schema's key names) is no prompt
 * worth a site.
 */
function looksLikePrompt(pieces: readonly Piece[]): boolean {
  return pieces.some((piece) => piece.stability === "volatile") || /\S\s+\S/.test(pieces.map((piece) => (piece.stability === "static" ? (piece.text ?? "") : " ")).join(""));
}

function sinkSite(node: TSESTree.Node, provider: ProviderName, sdk: string, pieces: RequestSite["segments"][number]["pieces"], placement: TSESTree.Node): RequestSite {
  return {
    node,
    provider,
    sdk,
    api: "prompt",
    model: null,
    // Requests made with this prompt append the conversation after it: it is never the final part.
    segments: [{ kind: "system", role: "system", pieces, node: placement, isFinal: false }],
    parameters: new Map(),
    headers: new Map(),
    breakpoints: [],
  };
}
