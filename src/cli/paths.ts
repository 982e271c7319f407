import path from "node:path";

/** A path with "/" separators on every platform, as reports, baselines and .gitignore use them. */
export function toPosix(file: string): string {
  return file.split(path.sep).join("/");
}

/** How the report names a file: relative to the working directory, with "/". */
export function reportPath(file: string, cwd: string): string {
  return toPosix(path.relative(cwd, file));
}
