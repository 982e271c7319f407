import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reportPath } from "../../src/cli/paths.js";
import { selectFiles } from "../../src/cli/select-files.js";
import { UsageError } from "../../src/cli/usage-error.js";
import { MAX_FILE_BYTES } from "../../src/cli/walk.js";
import { makeTempTree, removeTempTree } from "./temp-tree.js";

// A real git repository in a temp directory: --staged reads the index, --changed-since the merge base.

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
}

function commitAll(cwd: string, message: string): void {
  git(cwd, "add", "-A");
  git(cwd, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message);
}

describe("selectFiles with git", () => {
  let root = "";
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  const select = (options: { staged?: boolean; changedSince?: string; paths?: string[] }, cwd = root) => {
    const selection = selectFiles({ paths: ["."], staged: false, changedSince: undefined, ...options }, cwd);
    const relative = (file: string) => reportPath(file, root);
    return { files: selection.files.map(relative), skipped: selection.skipped.map(relative), read: selection.read };
  };
  beforeEach(() => {
    root = makeTempTree({ ".gitignore": "ignored/\n", "src/a.ts": "a1", "src/b.ts": "b1", "README.md": "" });
    git(root, "init", "-q", "-b", "main");
    commitAll(root, "initial");
  });
  afterEach(() => removeTempTree(root));

  it("--staged selects the staged source files and reads their staged text, not the working tree's", () => {
    write("src/a.ts", "a2 staged");
    write("src/new.ts", "new");
    write("notes.md", "not source");
    git(root, "add", "src/a.ts", "src/new.ts", "notes.md");
    write("src/a.ts", "a3 not staged");
    write("src/b.ts", "b2 not staged");
    const { files, read } = select({ staged: true });
    expect(files).toEqual(["src/a.ts", "src/new.ts"]);
    expect(read(path.join(root, "src/a.ts"))).toBe("a2 staged");
  });

  it("--staged leaves out deleted files, files outside the given paths and staged files over 1 MB", () => {
    write("lib/c.ts", "c");
    write("src/big.ts", "x".repeat(MAX_FILE_BYTES + 1));
    git(root, "rm", "-q", "src/b.ts");
    git(root, "add", "-A");
    expect(select({ staged: true, paths: ["src"] })).toMatchObject({ files: [], skipped: ["src/big.ts"] });
    expect(select({ staged: true }).files).toEqual(["lib/c.ts"]);
  });

  it("--staged works from a subdirectory and reports paths under it", () => {
    write("src/a.ts", "a2");
    git(root, "add", "src/a.ts");
    const selection = selectFiles({ paths: ["."], staged: true, changedSince: undefined }, path.join(root, "src"));
    expect(selection.files).toEqual([path.join(root, "src/a.ts")]);
  });

  it("--changed-since selects files changed since the branch left the ref, committed or not, and untracked ones", () => {
    git(root, "checkout", "-q", "-b", "feature");
    write("src/a.ts", "a2");
    commitAll(root, "change a");
    // A change on main after the branch point is not the branch's change.
    git(root, "checkout", "-q", "main");
    write("src/b.ts", "b2 on main");
    commitAll(root, "change b on main");
    git(root, "checkout", "-q", "feature");
    write("src/untracked.ts", "u");
    write("ignored/x.ts", "ignored");
    expect(select({ changedSince: "main" }).files).toEqual(["src/a.ts", "src/untracked.ts"]);
    write("src/b.ts", "b3 uncommitted");
    const { files, read } = select({ changedSince: "main" });
    expect(files).toEqual(["src/a.ts", "src/b.ts", "src/untracked.ts"]);
    expect(read(path.join(root, "src/b.ts"))).toBe("b3 uncommitted");
  });

  it.each([
    [{ changedSince: "no-such-branch" }, "--changed-since: cannot find where the branch left 'no-such-branch'"],
    [{ paths: ["missing"], staged: true }, "No such file or directory: 'missing'."],
  ])("throws a usage error for %j", (options, message) => {
    expect(() => select(options)).toThrow(UsageError);
    expect(() => select(options)).toThrow(message);
  });

  it("throws a usage error outside a git repository", () => {
    const outside = makeTempTree({ "a.ts": "" });
    try {
      expect(() => selectFiles({ paths: ["."], staged: true, changedSince: undefined }, outside)).toThrow("--staged: not in a git repository");
    } finally {
      removeTempTree(outside);
    }
  });
});
