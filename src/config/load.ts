import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { reportPath } from "../cli/paths.js";
import { ConfigError } from "./config-error.js";
import { parseConfig, type PromptCacheConfig } from "./parse.js";

export const CONFIG_FILES = ["prompt-cache.config.json", "prompt-cache.config.js", "prompt-cache.config.mjs"];

/** The key of package.json that holds the config. */
const PACKAGE_KEY = "prompt-cache";

export interface LoadedConfig extends PromptCacheConfig {
  /** Absolute path of the file the config came from. */
  file: string;
  /** The directory that `include` and `exclude` patterns are relative to. */
  directory: string;
}

/**
 * The config named by `--config`, else the nearest one from `cwd` up to the repository root (the
 * directory with `.git`): a `prompt-cache.config.{json,js,mjs}` or a package.json with a
 * `"prompt-cache"` key. Undefined when there is none; ConfigError when two sit side by side.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig | undefined> {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    if (!fs.existsSync(file)) throw new ConfigError(`Config file not found: ${explicit}`);
    return readConfig(file, cwd);
  }
  for (let directory = path.resolve(cwd); ; directory = path.dirname(directory)) {
    const found = CONFIG_FILES.map((name) => path.join(directory, name)).filter((file) => fs.existsSync(file));
    const packageJson = path.join(directory, "package.json");
    if (fs.existsSync(packageJson) && Object.hasOwn(readPackageJson(packageJson, cwd), PACKAGE_KEY)) found.push(packageJson);
    if (found.length > 1) {
      throw new ConfigError(`Found more than one config: ${found.map((file) => label(file, cwd)).join(", ")}; keep one.`);
    }
    if (found[0] !== undefined) return readConfig(found[0], cwd);
    if (fs.existsSync(path.join(directory, ".git")) || path.dirname(directory) === directory) return undefined;
  }
}

async function readConfig(file: string, cwd: string): Promise<LoadedConfig> {
  const source = label(file, cwd);
  const located = { file, directory: path.dirname(file) };
  if (path.basename(file) === "package.json") {
    const manifest = readPackageJson(file, cwd);
    if (!Object.hasOwn(manifest, PACKAGE_KEY)) throw new ConfigError(`${source} has no "${PACKAGE_KEY}" key.`);
    return { ...(await parseConfig(manifest[PACKAGE_KEY], source, `["${PACKAGE_KEY}"]`)), ...located };
  }
  if (file.endsWith(".json")) return { ...(await parseConfig(readJson(file, source), source)), ...located };
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(`${source}: cannot load it: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (module.default === undefined) throw new ConfigError(`${source}: export the config as the default export (export default { ... }).`);
  return { ...(await parseConfig(module.default, source)), ...located };
}

function readPackageJson(file: string, cwd: string): Record<string, unknown> {
  const manifest = readJson(file, label(file, cwd));
  return typeof manifest === "object" && manifest !== null ? (manifest as Record<string, unknown>) : {};
}

function readJson(file: string, source: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${source}: invalid JSON: ${(error as Error).message}`);
  }
}

/** How messages name a file: relative to the working directory, with "/". */
function label(file: string, cwd: string): string {
  return reportPath(file, cwd) || path.basename(file);
}
