import type { CheckSettings } from "./checks/types.js";
import type { PromptSinkOptions } from "./discovery/sinks.js";
import type { CallDeclaration } from "./discovery/wrappers.js";
import type { ProviderName } from "./model/types.js";
import { ENCODINGS, type EncodingName, type ModelOverrides } from "./providers/types.js";

/** The shared settings: `settings["prompt-cache"]` in ESLint, and the CLI's configuration. */
export interface PromptCacheSettings extends CheckSettings {
  /** The project's own functions that return the time or a random value (`now`, `clock.now`). */
  volatileFunctions?: string[];
  /** The project's own functions that send a request (`{ callee: "llm.chat" }`). */
  calls?: CallDeclaration[];
  /** Where system prompts are handed to code the analyzer cannot see. */
  promptSinks?: PromptSinkOptions;
}

const KNOWN_KEYS = ["defaultModel", "volatileFunctions", "models", "calls", "promptSinks"];
const CALL_KEYS = ["callee", "api", "bodyArgument", "provider"];
const CALL_APIS = ["chat.completions", "responses"];
const PROVIDERS: readonly ProviderName[] = [
  "openai",
  "xai",
  "groq",
  "deepseek",
  "mistral",
  "together",
  "fireworks",
  "openrouter",
  "openai-compatible",
  "anthropic",
  "google",
  "bedrock",
  "ollama",
];
const OVERRIDE_KEYS = ["minimumTokens", "granularity", "encoding"];

/** Validates raw settings; throws an error naming the key and what was expected. */
export function parseSettings(raw: unknown, where: string): PromptCacheSettings {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw new Error(`${where} must be an object.`);
  const settings = raw;
  for (const key of Object.keys(settings)) {
    if (!KNOWN_KEYS.includes(key)) throw new Error(`${where} has an unknown key "${key}"; expected one of: ${KNOWN_KEYS.join(", ")}.`);
  }
  const result: PromptCacheSettings = {};
  if (settings.defaultModel !== undefined) {
    if (typeof settings.defaultModel !== "string" || settings.defaultModel === "") throw new Error(`${where}.defaultModel must be a non-empty string (a model id such as "gpt-4o").`);
    result.defaultModel = settings.defaultModel;
  }
  if (settings.volatileFunctions !== undefined) {
    const names = settings.volatileFunctions;
    if (!Array.isArray(names) || !names.every((name) => typeof name === "string")) {
      throw new Error(`${where}.volatileFunctions must be an array of function names (e.g. ["now", "clock.now"]).`);
    }
    result.volatileFunctions = names;
  }
  if (settings.models !== undefined) result.models = parseModelOverrides(settings.models, `${where}.models`);
  if (settings.calls !== undefined) result.calls = parseCalls(settings.calls, `${where}.calls`);
  if (settings.promptSinks !== undefined) result.promptSinks = parsePromptSinks(settings.promptSinks, `${where}.promptSinks`);
  return result;
}

/** `calls`: `[{ callee: "llm.chat", api?: "responses", bodyArgument?: 1, provider?: "xai" }]`. */
function parseCalls(raw: unknown, where: string): CallDeclaration[] {
  if (!Array.isArray(raw)) throw new Error(`${where} must be an array of request wrappers (e.g. [{ "callee": "llm.chat" }]).`);
  return raw.map((item, index) => {
    const at = `${where}[${index}]`;
    if (!isPlainObject(item)) throw new Error(`${at} must be an object with "callee" and any of: ${CALL_KEYS.slice(1).join(", ")}.`);
    for (const key of Object.keys(item)) if (!CALL_KEYS.includes(key)) throw new Error(`${at} has an unknown key "${key}"; expected one of: ${CALL_KEYS.join(", ")}.`);
    if (typeof item.callee !== "string" || !/^[\w$]+(\.[\w$]+)*$/.test(item.callee)) throw new Error(`${at}.callee must be a function name or a dotted path such as "llm.chat".`);
    if (item.api !== undefined && !CALL_APIS.includes(item.api as string)) throw new Error(`${at}.api must be one of: ${CALL_APIS.join(", ")}.`);
    if (item.bodyArgument !== undefined && !(Number.isInteger(item.bodyArgument) && (item.bodyArgument as number) >= 0)) throw new Error(`${at}.bodyArgument must be a whole number (the argument's position, from 0).`);
    if (item.provider !== undefined && !PROVIDERS.includes(item.provider as ProviderName)) throw new Error(`${at}.provider must be one of: ${PROVIDERS.join(", ")}.`);
    return item as unknown as CallDeclaration;
  });
}

/** `promptSinks`: `{ properties?: ["systemPrompt"], functions?: "^build\\w*Prompt$" }`. */
function parsePromptSinks(raw: unknown, where: string): PromptSinkOptions {
  if (!isPlainObject(raw)) throw new Error(`${where} must be an object with "properties" and/or "functions".`);
  const result: PromptSinkOptions = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === "properties") {
      if (!Array.isArray(value) || !value.every((name) => typeof name === "string")) throw new Error(`${where}.properties must be an array of property names.`);
      result.properties = value;
    } else if (key === "functions") {
      if (typeof value !== "string") throw new Error(`${where}.functions must be a regular expression, as a string, matched against function names.`);
      try {
        result.functions = new RegExp(value);
      } catch (error) {
        throw new Error(`${where}.functions is not a valid regular expression: ${(error as Error).message}.`);
      }
    } else {
      throw new Error(`${where} has an unknown key "${key}"; expected one of: properties, functions.`);
    }
  }
  return result;
}

/** `models`: model-id glob to the cache facts that replace the model table's for matching ids. */
function parseModelOverrides(raw: unknown, where: string): ModelOverrides {
  if (!isPlainObject(raw)) throw new Error(`${where} must be an object of model-id patterns (e.g. { "my-model-*": { "minimumTokens": 1024 } }).`);
  const overrides: ModelOverrides = {};
  for (const [pattern, facts] of Object.entries(raw)) {
    const at = `${where}[${JSON.stringify(pattern)}]`;
    if (!isPlainObject(facts)) throw new Error(`${at} must be an object with any of: ${OVERRIDE_KEYS.join(", ")}.`);
    const override: ModelOverrides[string] = {};
    for (const [key, value] of Object.entries(facts)) {
      if (key === "minimumTokens" || key === "granularity") {
        // null is a value: "not published", unlike a missing key.
        if (value !== null && !(Number.isInteger(value) && (value as number) >= (key === "granularity" ? 1 : 0))) {
          throw new Error(`${at}.${key} must be a whole number of tokens${key === "granularity" ? " above 0" : ""}, or null when not published.`);
        }
        override[key] = value as number | null;
      } else if (key === "encoding") {
        if (!(ENCODINGS as readonly string[]).includes(value as string)) throw new Error(`${at}.encoding must be one of: ${ENCODINGS.join(", ")}.`);
        override.encoding = value as EncodingName;
      } else {
        throw new Error(`${at} has an unknown key "${key}"; expected one of: ${OVERRIDE_KEYS.join(", ")}.`);
      }
    }
    overrides[pattern] = override;
  }
  return overrides;
}

/** A JSON object: not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
