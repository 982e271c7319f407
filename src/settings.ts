import type { CheckSettings } from "./checks/types.js";

/** The shared settings: `settings["prompt-cache"]` in ESLint, and the CLI's configuration. */
export interface PromptCacheSettings extends CheckSettings {
  /** The project's own functions that return the time or a random value (`now`, `clock.now`). */
  volatileFunctions?: string[];
}

const KNOWN_KEYS = ["defaultModel", "volatileFunctions"];

/** Validates raw settings; throws an error naming the key and what was expected. */
export function parseSettings(raw: unknown, where: string): PromptCacheSettings {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${where} must be an object.`);
  const settings = raw as Record<string, unknown>;
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
  return result;
}
