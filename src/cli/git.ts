import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "./usage-error.js";

/** A file that changed: its path (absolute, under the working directory's spelling), and for a staged file the blob to read. */
export interface ChangedFile {
  file: string;
  blob?: string;
}

/** Regular files added, copied, modified or renamed in the index, with their staged blobs. */
export function stagedChanges(cwd: string): ChangedFile[] {
  const inRepository = repositoryPaths(cwd, "--staged");
  // --raw gives "<modes> <old blob> <new blob> <status>" then the path; -z keeps odd names intact.
  const fields = splitNul(git(cwd, ["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=ACMR"], { flag: "--staged" }));
  const changes: ChangedFile[] = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const [, mode, , blob] = fields[index]!.split(" ");
    // 100644 and 100755 are files; symlinks (120000) and submodules (160000) are not source.
    if (mode?.startsWith("100")) changes.push({ file: inRepository(fields[index + 1]!), blob: blob! });
  }
  return changes;
}

/**
 * Files that differ between the working tree and the commit where the current branch left `ref`
 * (their merge base), plus untracked files that .gitignore does not exclude.
 */
export function changesSince(cwd: string, ref: string): ChangedFile[] {
  const flag = "--changed-since";
  const inRepository = repositoryPaths(cwd, flag);
  const base = git(cwd, ["merge-base", ref, "HEAD"], { flag, problem: `cannot find where the branch left '${ref}'` }).toString("utf8").trim();
  const changed = splitNul(git(cwd, ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMR", base, "--"], { flag }));
  const untracked = splitNul(git(cwd, ["ls-files", "--others", "--exclude-standard", "--full-name", "-z"], { flag }));
  return [...new Set([...changed, ...untracked])].map((name) => ({ file: inRepository(name) }));
}

/** The texts of blobs, read by one `git cat-file --batch`. */
export function readBlobs(cwd: string, blobs: readonly string[]): Buffer[] {
  if (blobs.length === 0) return [];
  const output = git(cwd, ["cat-file", "--batch"], { flag: "--staged", input: `${blobs.join("\n")}\n` });
  const contents: Buffer[] = [];
  let offset = 0;
  for (let index = 0; index < blobs.length; index++) {
    // Each blob is "<sha> blob <size>\n<content>\n".
    const headerEnd = output.indexOf(0x0a, offset);
    const size = Number(output.toString("latin1", offset, headerEnd).split(" ")[2]);
    contents.push(output.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return contents;
}

/**
 * Maps git's paths (relative to the repository root) to paths under `cwd` as the user spells it,
 * which may differ from git's real path when `cwd` goes through a symlink.
 */
function repositoryPaths(cwd: string, flag: string): (name: string) => string {
  const top = git(cwd, ["rev-parse", "--show-toplevel"], { flag, problem: "not in a git repository" }).toString("utf8").trim();
  const realCwd = fs.realpathSync(cwd);
  return (name) => path.resolve(cwd, path.relative(realCwd, path.join(top, name)));
}

interface GitCall {
  /** The flag that needed git, for messages. */
  flag: string;
  /** What failed, in the user's terms; default: the git command. */
  problem?: string;
  input?: string;
}

function git(cwd: string, args: string[], { flag, problem, input }: GitCall): Buffer {
  const result = spawnSync("git", args, { cwd, input, maxBuffer: 1024 * 1024 * 1024 });
  if (result.error) throw new UsageError(`${flag} needs git: ${result.error.message}.`);
  if (result.status !== 0) {
    const detail = result.stderr.toString("utf8").trim().split("\n")[0];
    throw new UsageError(`${flag}: ${problem ?? `git ${args[0]} failed`} (${detail}).`);
  }
  return result.stdout;
}

function splitNul(output: Buffer): string[] {
  return output.toString("utf8").split("\0").filter((field) => field !== "");
}
