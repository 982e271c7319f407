import type { CheckSettings } from "./checks/types.js";
import type { EncodingName, ModelOverrides } from "./providers/types.js";

/** The shared settings: `settings["prompt-cache"]` in ESLint, and the CLI's configuration. */
export interface PromptCacheSettings extends CheckSettings {
  /** The project's own functions that return the time or a random value (`now`, `clock.now`). */
  volatileFunctions?: string[];
}

const KNOWN_KEYS = ["defaultModel", "volatileFunctions", "models"];
const ENCODINGS: readonly EncodingName[] = ["o200k_base", "cl100k_base"];
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
        if (!ENCODINGS.includes(value as EncodingName)) throw new Error(`${at}.encoding must be one of: ${ENCODINGS.join(", ")}.`);
        override.encoding = value as EncodingName;
      } else {
        throw new Error(`${at} has an unknown key "${key}"; expected one of: ${OVERRIDE_KEYS.join(", ")}.`);
      }
    }
    overrides[pattern] = override;
  }
  return overrides;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
