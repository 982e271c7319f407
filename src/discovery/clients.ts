import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { knownText, type ObjectValue } from "../eval/values.js";
import type { ProviderName } from "../model/types.js";
import { importedSource, localClient, type ClientSource } from "./custom-fetch.js";
import { importedSdkClient, sdkClient, type SdkClient } from "./definitions.js";

/** An SDK client construction the analyzer found for a request's receiver. */
export interface ClientInfo {
  sdk: "openai" | "groq-sdk";
  provider: ProviderName;
  /** The constructor options (`baseURL`, `defaultHeaders`), when they are an object. */
  options: ObjectValue | null;
  /** The options as written where the client is made (another module's, for an imported client): its custom fetch is read there. */
  source: ClientSource | null;
  /** The `new OpenAI({...})`, in the module that makes the client. */
  construction: TSESTree.NewExpression;
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
 * `const` in this file, assigned to `this.client` in the enclosing class (`sdkClient`), or
 * imported from another module when the analysis follows imports (its options, such as the base
 * URL, then placed at the receiver).
 */
export function resolveClient(evaluator: Evaluator, receiver: TSESTree.Node): ClientInfo | null {
  const local = sdkClient(evaluator, receiver);
  if (local) return clientInfo(local, local.options, localClient(evaluator, local.options));
  const imported = importedSdkClient(evaluator, receiver);
  if (!imported) return null;
  const placed = imported.options && imported.code.place(imported.options);
  return clientInfo(imported, placed?.kind === "object" ? placed : null, importedSource(imported));
}

function clientInfo(client: SdkClient, options: ObjectValue | null, source: ClientSource | null): ClientInfo | null {
  const sdk = client.module;
  if (sdk !== "openai" && sdk !== "groq-sdk") return null;
  if (!CLIENT_CLASSES[sdk]!.has(client.className) && client.className !== "*") return null;
  return { sdk, provider: sdk === "groq-sdk" ? "groq" : providerOfOptions(options), options, source, construction: client.construction };
}

function providerOfOptions(options: ObjectValue | null): ProviderName {
  const baseURL = options?.properties.get("baseURL") ?? options?.properties.get("baseUrl");
  if (!baseURL) return "openai";
  const url = knownText(baseURL.value);
  return url === null ? "openai-compatible" : providerFromBaseURL(url);
}
