import { createRequire } from "node:module";
import path from "node:path";
import type { PathMapping } from "./resolve-module.js";

/**
 * The `paths` mapping of the nearest tsconfig.json above a file, following `extends` (relative
 * files only). Read with TypeScript's own parser, which accepts comments and trailing commas.
 */
export function loadPathMapping(fromDirectory: string, exists: (file: string) => boolean, readText: (file: string) => string | null): PathMapping | null {
  for (let directory = fromDirectory; ; directory = path.dirname(directory)) {
    const candidate = path.join(directory, "tsconfig.json");
    if (exists(candidate)) return mappingOf(candidate, readText, 0);
    if (path.dirname(directory) === directory) return null;
  }
}

function mappingOf(file: string, readText: (file: string) => string | null, depth: number): PathMapping | null {
  const text = readText(file);
  if (text === null || depth > 8) return null;
  // Loaded on first use: importing the plugin must stay cheap, and most files import no alias.
  const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");
  const { config } = ts.parseConfigFileTextToJson(file, text) as { config?: { extends?: unknown; compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } };
  const options = config?.compilerOptions ?? {};
  const directory = path.dirname(file);
  const inherited = typeof config?.extends === "string" && config.extends.startsWith(".") ? mappingOf(path.resolve(directory, withJson(config.extends)), readText, depth + 1) : null;
  if (!options.paths && !options.baseUrl) return inherited;
  // Since TypeScript 4.1 `paths` without `baseUrl` resolve from the config's directory.
  const baseUrl = options.baseUrl ? path.resolve(directory, options.baseUrl) : (inherited?.baseUrl ?? directory);
  return { baseUrl, paths: options.paths ?? inherited?.paths ?? {} };
}

function withJson(file: string): string {
  return file.endsWith(".json") ? file : `${file}.json`;
}
