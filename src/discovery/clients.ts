import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { importOf, moduleName } from "../eval/imports.js";
import { knownText, type ObjectValue } from "../eval/values.js";
import type { ProviderName } from "../model/types.js";

/** An SDK client construction the analyzer found for a request's receiver. */
export interface ClientInfo {
  sdk: "openai" | "groq-sdk";
  provider: ProviderName;
  /** The constructor options (`baseURL`, `defaultHeaders`), when they are an object. */
  options: ObjectValue | null;
}

/** OpenAI-compatible hosts by the provider they belong to. */
const HOSTS: Array<[RegExp, ProviderName]> = [
  [/(^|\.)x\.ai\b/, "xai"],
  [/(^|\.)groq\.com\b/, "groq"],
  [/(^|\.)deepseek\.com\b/, "deepseek"],
  [/(^|\.)mistral\.ai\b/, "mistral"],
  [/(^|\.)together\.(xyz|ai)\b/, "together"],
  [/(^|\.)fireworks\.ai\b/, "fireworks"],
  [/(^|\.)openrouter\.ai\b/, "openrouter"],
  [/(^|\.)openai\.(com|azure\.com)\b/, "openai"],
];

const CLIENT_CLASSES: Record<string, ReadonlySet<string>> = {
  openai: new Set(["default", "OpenAI", "AzureOpenAI"]),
  "groq-sdk": new Set(["default", "Groq"]),
};

/** The provider an OpenAI-compatible base URL points at. */
export function providerFromBaseURL(url: string): ProviderName {
  const host = /^[a-z]+:\/\/([^/:]+)/i.exec(url)?.[1] ?? url;
  for (const [pattern, provider] of HOSTS) if (pattern.test(host)) return provider;
  return "openai-compatible";
}

/**
 * The client a request is sent through: `client` bound to `new OpenAI({...})` in this file, or
 * `this.client` assigned such a client in the enclosing class.
 */
export function resolveClient(evaluator: Evaluator, receiver: TSESTree.Node): ClientInfo | null {
  const construction = clientConstruction(evaluator, receiver);
  if (!construction || construction.callee.type !== "Identifier") return null;
  const variable = evaluator.variableOf(construction.callee);
  const source = variable ? importOf(variable) : null;
  if (!source) return null;
  const sdk = moduleName(source);
  if (sdk !== "openai" && sdk !== "groq-sdk") return null;
  if (!CLIENT_CLASSES[sdk]!.has(source.imported) && source.imported !== "*") return null;
  const optionsNode = construction.arguments[0];
  const optionsValue = optionsNode ? evaluator.evaluate(optionsNode) : null;
  const options = optionsValue?.kind === "object" ? optionsValue : null;
  return { sdk, provider: sdk === "groq-sdk" ? "groq" : providerOfOptions(options), options };
}

function providerOfOptions(options: ObjectValue | null): ProviderName {
  const baseURL = options?.properties.get("baseURL") ?? options?.properties.get("baseUrl");
  if (!baseURL) return "openai";
  const url = knownText(baseURL.value);
  return url === null ? "openai-compatible" : providerFromBaseURL(url);
}

function clientConstruction(evaluator: Evaluator, receiver: TSESTree.Node): TSESTree.NewExpression | null {
  if (receiver.type === "Identifier") {
    const def = evaluator.variableOf(receiver)?.defs[0];
    if (def?.type !== "Variable" || def.node.type !== "VariableDeclarator") return null;
    return asNew(def.node.init);
  }
  if (receiver.type === "MemberExpression" && receiver.object.type === "ThisExpression" && !receiver.computed && receiver.property.type === "Identifier") {
    return classMemberConstruction(receiver, receiver.property.name);
  }
  return null;
}

function asNew(node: TSESTree.Node | null | undefined): TSESTree.NewExpression | null {
  let current = node;
  while (current && (current.type === "TSAsExpression" || current.type === "TSNonNullExpression" || current.type === "TSSatisfiesExpression")) {
    current = current.expression;
  }
  return current?.type === "NewExpression" ? current : null;
}

/** `client = new OpenAI()` as a class field, or `this.client = new OpenAI()` in the constructor. */
function classMemberConstruction(node: TSESTree.Node, name: string): TSESTree.NewExpression | null {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current.type !== "ClassBody") current = current.parent;
  if (!current) return null;
  for (const member of current.body) {
    if (member.type === "PropertyDefinition" && !member.computed && member.key.type === "Identifier" && member.key.name === name) {
      return asNew(member.value);
    }
    if (member.type === "MethodDefinition" && member.kind === "constructor") {
      for (const statement of member.value.body?.body ?? []) {
        if (statement.type !== "ExpressionStatement" || statement.expression.type !== "AssignmentExpression") continue;
        const target = statement.expression.left;
        if (target.type === "MemberExpression" && target.object.type === "ThisExpression" && !target.computed && target.property.type === "Identifier" && target.property.name === name) {
          return asNew(statement.expression.right);
        }
      }
    }
  }
  return null;
}
