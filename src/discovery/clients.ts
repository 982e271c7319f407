import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { knownText, type ObjectValue } from "../eval/values.js";
import type { ProviderName } from "../model/types.js";
import { sdkClient } from "./definitions.js";

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
 * The client a request is sent through: `new OpenAI({...})` (or Groq's) in place, bound to a
 * `const` in this file, or assigned to `this.client` in the enclosing class (`sdkClient`).
 */
export function resolveClient(evaluator: Evaluator, receiver: TSESTree.Node): ClientInfo | null {
  const client = sdkClient(evaluator, receiver);
  if (!client) return null;
  const sdk = client.module;
  if (sdk !== "openai" && sdk !== "groq-sdk") return null;
  if (!CLIENT_CLASSES[sdk]!.has(client.className) && client.className !== "*") return null;
  return { sdk, provider: sdk === "groq-sdk" ? "groq" : providerOfOptions(client.options), options: client.options };
}

function providerOfOptions(options: ObjectValue | null): ProviderName {
  const baseURL = options?.properties.get("baseURL") ?? options?.properties.get("baseUrl");
  if (!baseURL) return "openai";
  const url = knownText(baseURL.value);
  return url === null ? "openai-compatible" : providerFromBaseURL(url);
}
