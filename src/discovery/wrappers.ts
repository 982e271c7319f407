import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { memberPath } from "../ast/names.js";
import type { Evaluator } from "../eval/evaluator.js";
import { knownText } from "../eval/values.js";
import { openAISegments } from "../model/openai-prompt.js";
import type { ProviderName, RequestSite } from "../model/types.js";
import type { Discoverer } from "./index.js";

/**
 * A project's own function that sends an LLM request, declared in settings so that discovery sees
 * through it: `{ callee: "llm.chat", provider: "openai" }` means `llm.chat(body)` sends `body` as
 * an OpenAI Chat Completions request.
 */
export interface CallDeclaration {
  /** The callee as written: a function name (`complete`) or a dotted path (`llm.chat`, `this.ai.ask`). */
  callee: string;
  /** The request body's shape: `chat.completions` (default) or `responses`. */
  api?: "chat.completions" | "responses";
  /** Which argument is the request body (default 0). */
  bodyArgument?: number;
  /** Where the requests go (default `openai`). */
  provider?: ProviderName;
}

/** A discoverer for the wrappers a project declares. */
export function wrapperDiscoverer(declarations: readonly CallDeclaration[]): Discoverer {
  const byCallee = new Map(declarations.map((declaration) => [declaration.callee, declaration]));
  return (evaluator: Evaluator, call: TSESTree.CallExpression): RequestSite | null => {
    const path = memberPath(call.callee);
    const declaration = path === null ? undefined : byCallee.get(path);
    if (!declaration) return null;
    const argument = call.arguments[declaration.bodyArgument ?? 0];
    const value = argument && argument.type !== "SpreadElement" ? evaluator.evaluate(argument) : null;
    const body = value?.kind === "object" ? value : null;
    const api = declaration.api ?? "chat.completions";
    const model = body?.properties.get("model");
    return {
      node: call,
      provider: declaration.provider ?? "openai",
      sdk: declaration.callee,
      api,
      model: model ? knownText(model.value) : null,
      segments: body ? openAISegments(evaluator, body, api) : [],
      parameters: new Map(body?.properties ?? []),
      headers: new Map(),
      breakpoints: [],
    };
  };
}
