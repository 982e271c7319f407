import path from "node:path";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";

/** Package name to its entry file, for the packages of a monorepo's workspaces. */
export type WorkspacePackages = ReadonlyMap<string, string>;

interface PackageJson {
  name?: string;
  workspaces?: string[] | { packages?: string[] };
  exports?: unknown;
  main?: string;
  module?: string;
  types?: string;
  source?: string;
}

/**
 * The workspace packages of the monorepo a directory belongs to (npm and yarn `workspaces`, or
 * pnpm's `pnpm-workspace.yaml`; globs of the form `dir/*`, `dir/**` or `dir`), so that
 * `import "@acme/prompts"` from one package reads the other's source. Entry points that name build output (`dist/index.js`) fall
 * back to the package's `src/index`, since the analyzer reads source, not builds.
 */
export function findWorkspacePackages(fromDirectory: string, readText: (file: string) => string | null, exists: (file: string) => boolean): WorkspacePackages {
  for (let directory = fromDirectory; ; directory = path.dirname(directory)) {
    const manifest = readJson(path.join(directory, "package.json"), readText);
    const patterns = (Array.isArray(manifest?.workspaces) ? manifest.workspaces : manifest?.workspaces?.packages) ?? pnpmPatterns(directory, readText);
    if (patterns) return packagesOf(directory, patterns, readText, exists);
    if (path.dirname(directory) === directory) return new Map();
  }
}

/** The `packages` globs of a pnpm workspace (`pnpm-workspace.yaml`), when the directory has one. */
function pnpmPatterns(directory: string, readText: (file: string) => string | null): string[] | undefined {
  const text = readText(path.join(directory, "pnpm-workspace.yaml"));
  if (text === null) return undefined;
  let parsed: unknown;
  try {
    // Loaded here only: most projects have no pnpm workspace (and the plugin must load fast).
    parsed = (createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse(text);
  } catch {
    return undefined; // An invalid file is pnpm's to report.
  }
  const packages = (parsed as { packages?: unknown } | null)?.packages;
  return Array.isArray(packages) ? packages.filter((pattern): pattern is string => typeof pattern === "string") : undefined;
}

function packagesOf(root: string, patterns: string[], readText: (file: string) => string | null, exists: (file: string) => boolean): WorkspacePackages {
  const packages = new Map<string, string>();
  // Exclusions (`!**/test/**`) name test and example folders, which hold no shared prompts: skipped.
  for (const pattern of patterns.filter((entry) => !entry.startsWith("!"))) {
    const directories = pattern.endsWith("/**")
      ? nestedDirectories(path.join(root, pattern.slice(0, -3)), 3)
      : pattern.endsWith("/*")
        ? subdirectories(path.join(root, pattern.slice(0, -2)))
        : [path.join(root, pattern)];
    for (const directory of directories) {
      const manifest = readJson(path.join(directory, "package.json"), readText);
      if (!manifest?.name) continue;
      const entry = entryCandidates(manifest).map((file) => path.join(directory, file)).find(exists);
      if (entry) packages.set(manifest.name, entry);
    }
  }
  return packages;
}

/** Source entry points a package's manifest suggests, most specific first. */
function entryCandidates(manifest: PackageJson): string[] {
  const declared = [manifest.source, exportEntry(manifest.exports), manifest.module, manifest.main, manifest.types].filter((file): file is string => typeof file === "string");
  const asSource = declared.flatMap((file) => [file.replace(/\.(m|c)?js$/, ".$1ts").replace(/\.d\.(m|c)?ts$/, ".$1ts"), file.replace(/^(\.\/)?(dist|build|lib)\//, "$1src/").replace(/\.(m|c)?js$/, ".$1ts"), file]);
  return [...asSource, "src/index.ts", "src/index.tsx", "index.ts", "src/index.js", "index.js"];
}

function exportEntry(exports: unknown): string | undefined {
  if (typeof exports === "string") return exports;
  if (!exports || typeof exports !== "object") return undefined;
  const root = (exports as Record<string, unknown>)["."] ?? exports;
  if (typeof root === "string") return root;
  if (root && typeof root === "object") {
    for (const condition of ["source", "import", "default", "types", "require"]) {
      const target = (root as Record<string, unknown>)[condition];
      if (typeof target === "string") return target;
    }
  }
  return undefined;
}

/** `packages/**`: the directories below one, a few levels deep, outside node_modules. */
function nestedDirectories(directory: string, depth: number): string[] {
  if (depth === 0) return [];
  return subdirectories(directory)
    .filter((child) => path.basename(child) !== "node_modules")
    .flatMap((child) => [child, ...nestedDirectories(child, depth - 1)]);
}

function subdirectories(directory: string): string[] {
  try {
    return readdirSync(directory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(directory, entry.name));
  } catch {
    return [];
  }
}

function readJson(file: string, readText: (file: string) => string | null): PackageJson | null {
  const text = readText(file);
  if (text === null) return null;
  try {
    return JSON.parse(text) as PackageJson;
  } catch {
    return null;
  }
}
