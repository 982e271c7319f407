import path from "node:path";
import ignore from "ignore";
import { toPosix } from "../cli/paths.js";
import type { LoadedConfig } from "./load.js";

/** Whether a file or directory (absolute path) is to be analyzed, or walked into. */
export type PathFilter = (file: string, isDirectory: boolean) => boolean;

/**
 * The config's `include` and `exclude`, in .gitignore syntax relative to the config's directory:
 * a file is analyzed when `include` (default: everything) matches it and `exclude` does not; an
 * excluded directory is not walked. Paths outside the directory match no pattern.
 */
export function configPathFilter(config: Pick<LoadedConfig, "include" | "exclude" | "directory">): PathFilter | undefined {
  if (config.include === undefined && config.exclude === undefined) return undefined;
  const include = config.include && ignore().add(config.include);
  const exclude = config.exclude && ignore().add(config.exclude);
  return (file, isDirectory) => {
    const relative = toPosix(path.relative(config.directory, file));
    if (relative === "") return true;
    if (relative === ".." || relative.startsWith("../") || path.isAbsolute(relative)) return isDirectory || include === undefined;
    const candidate = isDirectory ? `${relative}/` : relative;
    if (exclude?.ignores(candidate)) return false;
    return isDirectory || include === undefined || include.ignores(candidate);
  };
}
