import type { ProviderName } from "../model/types.js";
import { MID_CONVERSATION_SYSTEM_MODELS, MODEL_TABLE, PROVIDER_DEFAULT_MODEL, PROVIDER_FALLBACK, type ModelFacts, type ModelTableEntry } from "./model-table.js";
import type { ModelInfo, ModelOverrides } from "./types.js";

export { MODEL_TABLE, MODEL_TABLE_VERSION, type ModelTableEntry } from "./model-table.js";

/**
 * Providers that forward a request to the model's own vendor (a proxy or Azure behind an
 * OpenAI-compatible base URL, OpenRouter), so the vendor's cache facts apply. Hosts that run the
 * model themselves (Groq, Together, Fireworks) have their own cache and only their own facts.
 */
const PASS_THROUGH: ReadonlySet<ProviderName> = new Set(["openai-compatible", "openrouter"]);

/**
 * What is known about the cache of the model a request uses. `modelId` is null when the call's
 * model is not a string literal: the configured default model, else the provider's, stands in.
 * `overrides` (glob to facts) win over the table; every matching glob applies, later ones last.
 */
export function lookupModel(modelId: string | null, provider: ProviderName, defaultModel?: string, overrides: ModelOverrides = {}): ModelInfo {
  const id = modelId ?? defaultModel ?? PROVIDER_DEFAULT_MODEL[provider];
  const entry = tableEntry(id, provider);
  const info: ModelInfo = { id, provider, ...(entry ? factsOf(entry) : PROVIDER_FALLBACK[provider]) };
  const forms = Object.keys(overrides).length > 0 ? idForms(id) : [];
  for (const [pattern, override] of Object.entries(overrides)) {
    if (!matchesForms(pattern, forms)) continue;
    // Only the documented keys, and `null` is a value ("not published"), unlike a missing key.
    if (override.encoding !== undefined) info.encoding = override.encoding;
    if (override.minimumTokens !== undefined) info.minimumTokens = override.minimumTokens;
    if (override.granularity !== undefined) info.granularity = override.granularity;
  }
  return info;
}

/** The provider whose API serves a model id, when the table knows one (`grok-4` → `xai`). */
export function providerFromModelId(modelId: string): ProviderName | null {
  return MODEL_TABLE.find((entry) => matches(entry.pattern, modelId))?.provider ?? null;
}

/** Whether a Claude model accepts `role: "system"` messages inside `messages` (model-table.ts). */
export function acceptsMidConversationSystem(modelId: string): boolean {
  return MID_CONVERSATION_SYSTEM_MODELS.some((pattern) => matches(pattern, modelId));
}

/** Model ids and providers looked up so far: every check asks for each request's model, and the table is a list of globs. */
const entries = new Map<string, ModelTableEntry | null>();
/** Ids come from the analyzed code: an editor session could bring any number. */
const MAX_REMEMBERED = 1000;

function tableEntry(id: string, provider: ProviderName): ModelTableEntry | null {
  const key = `${provider} ${id}`;
  let entry = entries.get(key);
  if (entry === undefined) {
    if (entries.size >= MAX_REMEMBERED) entries.clear();
    const forms = idForms(id);
    entry = MODEL_TABLE.find((candidate) => appliesTo(candidate, provider) && matchesForms(candidate.pattern, forms)) ?? null;
    entries.set(key, entry);
  }
  return entry;
}

function appliesTo(entry: ModelTableEntry, provider: ProviderName): boolean {
  return entry.provider === undefined || entry.provider === provider || PASS_THROUGH.has(provider);
}

function factsOf({ encoding, approximate, minimumTokens, granularity }: ModelFacts): ModelFacts {
  return { encoding, approximate, minimumTokens, granularity };
}

/**
 * A glob matches the whole id, or the part after a vendor prefix (`openai/gpt-4o`,
 * `models/gemini-2.5-pro`, an inference-profile ARN), or a Bedrock model id without its vendor
 * and cross-region prefix (`us.anthropic.claude-sonnet-4-5-20250929-v1:0`, `amazon.nova-pro-v1:0`).
 */
function matches(pattern: string, id: string): boolean {
  return matchesForms(pattern, idForms(id));
}

function matchesForms(pattern: string, forms: readonly string[]): boolean {
  const regex = globRegex(pattern);
  return forms.some((form) => regex.test(form));
}

/** The id, the part after its last `/`, and that part without a Bedrock prefix. */
function idForms(id: string): string[] {
  const last = id.slice(id.lastIndexOf("/") + 1);
  return [id, last, last.replace(BEDROCK_PREFIX, "")];
}

/** `[region.]vendor.` in front of a Bedrock model id (model ids and inference profiles). */
const BEDROCK_PREFIX = /^(?:(?:us|us-gov|eu|apac|jp|au|ca|global)\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer|moonshotai|google|minimax)\./i;

const globs = new Map<string, RegExp>();

function globRegex(pattern: string): RegExp {
  let regex = globs.get(pattern);
  if (!regex) {
    const source = [...pattern].map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/, "\\$&"))).join("");
    regex = new RegExp(`^${source}$`, "is");
    globs.set(pattern, regex);
  }
  return regex;
}
