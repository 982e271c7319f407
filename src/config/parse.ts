import { checks, type CheckName } from "../checks/index.js";
import type { Severity } from "../report/types.js";
import { isPlainObject, parseSettings, type PromptCacheSettings } from "../settings.js";
import { ConfigError } from "./config-error.js";

/** A validated config: `prompt-cache.config.*` or the `"prompt-cache"` key of package.json. */
export interface PromptCacheConfig {
  /** Patterns (.gitignore syntax, relative to the config's directory) of the files to analyze. */
  include?: string[];
  /** Patterns of files and directories to leave out, even when `include` matches them. */
  exclude?: string[];
  /** Severity of each rule set in the config; the others keep their default. */
  rules: Partial<Record<CheckName, Severity | "off">>;
  /** Options of each rule set in the config, validated against the rule's schema (the same as ESLint's). */
  ruleOptions: Partial<Record<CheckName, object>>;
  /** The same object as ESLint's `settings["prompt-cache"]`, validated by the same function. */
  settings: PromptCacheSettings;
}

const KEYS = ["include", "exclude", "rules", "settings"];

/** ESLint's severity names, plus the report's "warning". */
const SEVERITIES: Record<string, Severity | "off"> = { error: "error", warn: "warning", warning: "warning", off: "off" };

/**
 * Validates a config object. `source` names the file in messages and `root` the object's key path
 * in it ("" for a config file, `["prompt-cache"]` in package.json); every error names both, the
 * key, and what was expected.
 */
export async function parseConfig(raw: unknown, source: string, root = ""): Promise<PromptCacheConfig> {
  const fail = (message: string): never => {
    throw new ConfigError(`${source}: ${message}`);
  };
  const at = (key: string): string => (root === "" ? key : `${root}.${key}`);
  if (!isPlainObject(raw)) return fail(`${root || "the config"} must be an object with any of: ${KEYS.join(", ")}.`);
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) fail(`${root || "the config"} has an unknown key "${key}"; expected one of: ${KEYS.join(", ")}.`);
  }
  const config: PromptCacheConfig = { rules: {}, ruleOptions: {}, settings: {} };
  for (const key of ["include", "exclude"] as const) {
    const patterns = raw[key];
    if (patterns === undefined) continue;
    if (!Array.isArray(patterns) || !patterns.every((pattern) => typeof pattern === "string" && pattern !== "")) {
      fail(`${at(key)} must be an array of .gitignore-style patterns (e.g. ["src/", "**/*.test.ts"]).`);
    }
    config[key] = patterns as string[];
  }
  if (raw.rules !== undefined) {
    const rules = raw.rules;
    if (!isPlainObject(rules)) return fail(`${at("rules")} must be an object of rule names to "error", "warn" or "off".`);
    for (const [key, value] of Object.entries(rules)) {
      const name = key.replace(/^prompt-cache\//, "");
      const where = `${at("rules")}[${JSON.stringify(key)}]`;
      if (!isCheckName(name)) fail(`${at("rules")} has an unknown rule "${key}"; expected one of: ${Object.keys(checks).join(", ")}.`);
      const [severity, ...options] = Array.isArray(value) ? value : [value];
      const parsed = typeof severity === "string" ? SEVERITIES[severity] : undefined;
      if (parsed === undefined || (Array.isArray(value) && value.length === 0)) {
        fail(`${where} must be "error", "warn" or "off", or an array of one of them and the rule's options.`);
      }
      config.rules[name as CheckName] = parsed;
      if (options.length > 0) {
        const problem = await ruleOptionsProblem(name as CheckName, value as unknown[], where);
        if (problem) fail(problem);
        config.ruleOptions[name as CheckName] = options[0] as object;
      }
    }
  }
  try {
    config.settings = parseSettings(raw.settings, at("settings"));
  } catch (error) {
    fail((error as Error).message);
  }
  return config;
}

/**
 * Checks `[severity, ...options]` against the rule's options schema (the check's `schema`, which
 * is also the ESLint rule's `meta.schema`), as ESLint does. ajv is loaded only here.
 */
async function ruleOptionsProblem(name: CheckName, entry: unknown[], where: string): Promise<string | undefined> {
  const { default: Ajv } = await import("ajv");
  // One schema entry per positional option; `[]` when the rule takes none.
  const items: readonly object[] = checks[name].schema;
  const ajv = new Ajv();
  const validate = ajv.compile({ type: "array", items: [{}, ...items], maxItems: items.length + 1 });
  if (validate(entry)) return undefined;
  return `${ajv.errorsText(validate.errors, { dataVar: where })} (options of ${name}).`;
}

function isCheckName(name: string): name is CheckName {
  return Object.hasOwn(checks, name);
}
