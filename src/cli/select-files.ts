import fs from "node:fs";
import path from "node:path";
import type { PathFilter } from "../config/file-filter.js";
import type { AnalyzeOptions } from "./args.js";
import { changesSince, readBlobs, stagedChanges, type ChangedFile } from "./git.js";
import { UsageError } from "./usage-error.js";
import { isInSkippedDirectory, isSourceFile, MAX_FILE_BYTES, walk, type UnreadableDirectory } from "./walk.js";

export interface FileSelection {
  /** Absolute paths of the files to analyze, sorted. */
  files: string[];
  /** Absolute paths of the files left out for their size, sorted. */
  skipped: string[];
  /** Directories the walk could not list; none with --staged or --changed-since (git lists the files). */
  unreadable: UnreadableDirectory[];
  /** The text to analyze: the staged one with --staged, else the file's. */
  read(file: string): string;
}

const readFromDisk = (file: string): string => fs.readFileSync(file, "utf8");

/**
 * The files the command line asks for: the walk of its paths, or with --staged / --changed-since
 * only the changed source files under those paths, so a hook on a large repository stays fast.
 */
export function selectFiles(options: Pick<AnalyzeOptions, "paths" | "staged" | "changedSince">, cwd: string, filter?: PathFilter): FileSelection {
  if (!options.staged && options.changedSince === undefined) return { ...walk(options.paths, cwd, filter), read: readFromDisk };
  const roots = options.paths.map((given) => {
    const root = path.resolve(cwd, given);
    if (!fs.existsSync(root)) throw new UsageError(`No such file or directory: '${given}'.`);
    return root;
  });
  const changes = (options.staged ? stagedChanges(cwd) : changesSince(cwd, options.changedSince!)).filter(({ file }) =>
    roots.some((root) => isWithin(file, root) && (file === root || (isSourceFile(path.basename(file)) && !isInSkippedDirectory(file, root)))) &&
    (filter?.(file, false) ?? true),
  );
  return options.staged ? stagedSelection(changes, cwd) : diskSelection(changes);
}

function stagedSelection(changes: ChangedFile[], cwd: string): FileSelection {
  const contents = readBlobs(cwd, changes.map((change) => change.blob!));
  const texts = new Map<string, string>();
  const skipped: string[] = [];
  changes.forEach(({ file }, index) => {
    const content = contents[index]!;
    if (content.length > MAX_FILE_BYTES) skipped.push(file);
    else texts.set(file, content.toString("utf8"));
  });
  return { files: [...texts.keys()].sort(), skipped: skipped.sort(), unreadable: [], read: (file) => texts.get(file)! };
}

function diskSelection(changes: ChangedFile[]): FileSelection {
  const files: string[] = [];
  const skipped: string[] = [];
  for (const { file } of changes) {
    const stats = fs.statSync(file, { throwIfNoEntry: false });
    if (!stats?.isFile()) continue;
    (stats.size > MAX_FILE_BYTES ? skipped : files).push(file);
  }
  return { files: files.sort(), skipped: skipped.sort(), unreadable: [], read: readFromDisk };
}

function isWithin(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
