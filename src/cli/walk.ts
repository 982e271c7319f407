import fs from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import type { PathFilter } from "../config/file-filter.js";
import { toPosix } from "./paths.js";
import { UsageError } from "./usage-error.js";

export const SOURCE_EXTENSIONS = [".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"];
export const SKIPPED_DIRECTORIES = ["node_modules", ".git", "dist"];
/** Larger files are generated or bundled code, not where requests are written. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface WalkResult {
  /** Absolute paths of the files to analyze, sorted; a file reached through several links appears once. */
  files: string[];
  /** Absolute paths of the files left out because they are larger than the limit, sorted. */
  skipped: string[];
  /** Directories that could not be listed (no permission...), with the error code: reported, not fatal. */
  unreadable: UnreadableDirectory[];
}

export interface UnreadableDirectory {
  directory: string;
  code: string;
}

/** The rules of one .gitignore file, which match paths relative to its directory. */
interface GitignoreScope {
  directory: string;
  rules: Ignore;
}

/**
 * Expands files and directories (relative to `cwd`) into the source files to analyze, keeping
 * what `filter` (the config's include and exclude) accepts. Throws UsageError when a path does not
 * exist.
 */
export function walk(paths: readonly string[], cwd: string, filter: PathFilter = () => true): WalkResult {
  const files = new Map<string, string>(); // real path -> the smallest path found for it
  const skipped = new Set<string>();
  const unreadable: UnreadableDirectory[] = [];
  const visitedDirectories = new Set<string>(); // real paths, so that symlink loops end

  const addFile = (file: string, stats: fs.Stats): void => {
    if (!filter(file, false)) return;
    if (stats.size > MAX_FILE_BYTES) skipped.add(file);
    else {
      // A file reached through several links is analyzed once.
      const real = fs.realpathSync(file);
      const known = files.get(real);
      if (known === undefined || file < known) files.set(real, file);
    }
  };

  const walkDirectory = (directory: string, scopes: readonly GitignoreScope[]): void => {
    const real = fs.realpathSync(directory);
    if (visitedDirectories.has(real)) return;
    visitedDirectories.add(real);
    let names: string[];
    try {
      names = fs.readdirSync(directory).sort();
    } catch (error) {
      unreadable.push({ directory, code: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      return;
    }
    const nested = names.includes(".gitignore") ? readGitignore(directory) : undefined;
    const inScope = nested ? [...scopes, nested] : scopes;
    for (const name of names) {
      const entry = path.join(directory, name);
      const stats = statFollowingLinks(entry);
      if (stats?.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.includes(name) && !isIgnored(entry, true, inScope) && filter(entry, true)) walkDirectory(entry, inScope);
      } else if (stats?.isFile() && isSourceFile(name) && !isIgnored(entry, false, inScope)) {
        addFile(entry, stats);
      }
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stats = statFollowingLinks(absolute);
    if (stats === undefined) throw new UsageError(`No such file or directory: '${given}'.`);
    if (stats.isDirectory()) walkDirectory(absolute, ancestorGitignores(absolute));
    // A file named on the command line is what the user asked for: no extension or .gitignore check.
    else if (stats.isFile()) addFile(absolute, stats);
    else throw new UsageError(`Not a file or directory: '${given}'.`);
  }
  return { files: [...files.values()].sort(), skipped: [...skipped].sort(), unreadable };
}

export function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(name)) && !/\.d\.[cm]?ts$/.test(name);
}

/** Whether a path below `root` passes through a directory the walk never enters. */
export function isInSkippedDirectory(file: string, root: string): boolean {
  return path.relative(root, path.dirname(file)).split(path.sep).some((name) => SKIPPED_DIRECTORIES.includes(name));
}

/** The .gitignore files above a directory, up to its repository's root; none outside a repository. */
function ancestorGitignores(directory: string): GitignoreScope[] {
  const scopes: GitignoreScope[] = [];
  for (let current = directory; !fs.existsSync(path.join(current, ".git")); ) {
    const parent = path.dirname(current);
    if (parent === current) return [];
    current = parent;
    if (fs.existsSync(path.join(current, ".gitignore"))) scopes.unshift(readGitignore(current));
  }
  return scopes;
}

function readGitignore(directory: string): GitignoreScope {
  return { directory, rules: ignore().add(fs.readFileSync(path.join(directory, ".gitignore"), "utf8")) };
}

/** Like git, the deepest .gitignore with a matching rule decides, so a nested `!pattern` can re-include a file. */
function isIgnored(entry: string, isDirectory: boolean, scopes: readonly GitignoreScope[]): boolean {
  for (const { directory, rules } of scopes.toReversed()) {
    const relative = toPosix(path.relative(directory, entry));
    const result = rules.test(isDirectory ? `${relative}/` : relative);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

/** Undefined for a missing path (also under a file), a broken symlink or a symlink loop. */
function statFollowingLinks(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === "ELOOP" || code === "ENOTDIR") return undefined;
    throw error;
  }
}
