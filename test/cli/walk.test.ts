import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { reportPath } from "../../src/cli/paths.js";
import { UsageError } from "../../src/cli/usage-error.js";
import { MAX_FILE_BYTES, walk } from "../../src/cli/walk.js";
import { makeTempTree, removeTempTree } from "./temp-tree.js";

const code = "export const x = 1;\n";

describe("walk", () => {
  let root = "";
  afterEach(() => removeTempTree(root));

  /** Walks `paths` from `root` and returns the files relative to it, with `/`. */
  const walkFrom = (...paths: string[]) => {
    const { files, skipped } = walk(paths, root);
    const relative = (file: string) => reportPath(file, root);
    return { files: files.map(relative), skipped: skipped.map(relative) };
  };

  it("finds JS and TS sources in sorted order, without declarations and build or dependency folders", () => {
    root = makeTempTree(
      Object.fromEntries(
        [
          "z.ts", "a.tsx", "b.mts", "c.cts", "d.js", "e.jsx", "f.mjs", "g.cjs", "src/deep/x.ts", "src/a-b.ts",
          "types.d.ts", "types.d.mts", "README.md", "data.json",
          "node_modules/pkg/index.js", ".git/hooks/pre-commit.js", "dist/index.js", "src/dist/out.js",
        ].map((file) => [file, code]),
      ),
    );
    expect(walkFrom(".").files).toEqual([
      "a.tsx", "b.mts", "c.cts", "d.js", "e.jsx", "f.mjs", "g.cjs", "src/a-b.ts", "src/deep/x.ts", "z.ts",
    ]);
  });

  it("leaves out what the given directory's .gitignore matches, negations included", () => {
    root = makeTempTree({
      ".gitignore": "generated/\n*.gen.ts\n!keep.gen.ts\n",
      "app.ts": code,
      "generated/client.ts": code,
      "schema.gen.ts": code,
      "keep.gen.ts": code,
    });
    expect(walkFrom(".").files).toEqual(["app.ts", "keep.gen.ts"]);
  });

  it("applies a nested .gitignore relative to its own directory, and lets it re-include a file", () => {
    root = makeTempTree({
      ".gitignore": "*.local.ts\n",
      "only-here.ts": code,
      "root.local.ts": code,
      "sub/.gitignore": "/only-here.ts\n!allowed.local.ts\n",
      "sub/only-here.ts": code,
      "sub/deeper/only-here.ts": code,
      "sub/allowed.local.ts": code,
      "sub/other.local.ts": code,
    });
    expect(walkFrom(".").files).toEqual(["only-here.ts", "sub/allowed.local.ts", "sub/deeper/only-here.ts"]);
  });

  it("reads the .gitignore of a given subdirectory as its root", () => {
    root = makeTempTree({ "pkg/.gitignore": "build/\n", "pkg/build/out.ts": code, "pkg/src/index.ts": code });
    expect(walkFrom("pkg").files).toEqual(["pkg/src/index.ts"]);
  });

  it("reads the .gitignore files above a given directory up to the repository root, and none outside a repository", () => {
    root = makeTempTree({
      "repo/.git/HEAD": "",
      "repo/.gitignore": "generated/\n",
      "repo/packages/.gitignore": "*.local.ts\n",
      "repo/packages/app/app.ts": code,
      "repo/packages/app/app.local.ts": code,
      "repo/packages/app/generated/client.ts": code,
      "outside/.gitignore": "*.ts\n",
      "outside/pkg/app.ts": code,
    });
    expect(walkFrom("repo/packages/app").files).toEqual(["repo/packages/app/app.ts"]);
    expect(walkFrom("outside/pkg").files).toEqual(["outside/pkg/app.ts"]);
  });

  it("keeps only what the filter accepts, and does not enter a directory it rejects", () => {
    root = makeTempTree({ "src/app.ts": code, "src/app.test.ts": code, "fixtures/broken.ts": code, "named.test.ts": code });
    const seen: string[] = [];
    const filter = (file: string, isDirectory: boolean) => {
      seen.push(path.relative(root, file));
      return isDirectory ? path.basename(file) !== "fixtures" : !file.endsWith(".test.ts");
    };
    expect(walk([".", "named.test.ts"], root, filter).files.map((file) => path.relative(root, file))).toEqual([path.join("src", "app.ts")]);
    expect(seen).not.toContain(path.join("fixtures", "broken.ts"));
  });

  it("analyzes a file named explicitly even when ignored or without a source extension, once", () => {
    root = makeTempTree({ ".gitignore": "generated/\n", "generated/client.ts": code, "app.ts": code, "script": code });
    expect(walkFrom(".", "generated/client.ts", "script", "app.ts").files).toEqual([
      "app.ts",
      "generated/client.ts",
      "script",
    ]);
  });

  it("skips files over 1 MB and reports them, keeping a file of exactly 1 MB", () => {
    root = makeTempTree({
      "big.js": "x".repeat(MAX_FILE_BYTES + 1),
      "limit.js": "x".repeat(MAX_FILE_BYTES),
      "small.ts": code,
    });
    expect(walkFrom(".")).toEqual({ files: ["limit.js", "small.ts"], skipped: ["big.js"] });
    expect(walkFrom("big.js")).toEqual({ files: [], skipped: ["big.js"] });
  });

  it("ends on symlink loops, reads a linked file once and ignores broken links", () => {
    root = makeTempTree({ "src/app.ts": code });
    fs.symlinkSync(root, path.join(root, "src/loop-to-root"), "dir");
    fs.symlinkSync(path.join(root, "src"), path.join(root, "src/loop-to-self"), "dir");
    fs.symlinkSync(path.join(root, "src/app.ts"), path.join(root, "alias.ts"));
    fs.symlinkSync(path.join(root, "missing.ts"), path.join(root, "broken.ts"));
    fs.symlinkSync(path.join(root, "self.ts"), path.join(root, "self.ts"));
    expect(walkFrom(".").files).toEqual(["alias.ts"]);
  });

  it("follows a symlinked directory that is not a loop", () => {
    const outside = makeTempTree({ "shared.ts": code });
    try {
      root = makeTempTree({ "app.ts": code });
      fs.symlinkSync(outside, path.join(root, "linked"), "dir");
      expect(walkFrom(".").files).toEqual(["app.ts", "linked/shared.ts"]);
    } finally {
      removeTempTree(outside);
    }
  });

  it("throws a usage error naming a path that does not exist", () => {
    root = makeTempTree({ "app.ts": code });
    expect(() => walk(["app.ts", "nope"], root)).toThrow(UsageError);
    expect(() => walk(["nope"], root)).toThrow("No such file or directory: 'nope'.");
    expect(() => walk(["app.ts/inner"], root)).toThrow("No such file or directory: 'app.ts/inner'.");
  });
});
