import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = path.join(ROOT, "src");

/** Packages the engine and the CLI must not load: ESLint's API, directly or through typescript-eslint. */
const ESLINT_PACKAGES = /^(eslint|@eslint\/[^/]+|@typescript-eslint\/utils|typescript-eslint)(\/|$)/;

/**
 * The modules a file imports, as written: `import`/`export ... from` (type-only included),
 * side-effect imports, `import x = require()`, `typeof import()` types, dynamic `import()` and
 * `require()` with a literal specifier. Comments and strings that merely mention them do not count.
 */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

/** Why `specifier`, imported by `file`, breaks the engine's boundary; undefined when it does not. */
function violation(file: string, specifier: string): string | undefined {
  if (ESLINT_PACKAGES.test(specifier)) return `${specifier} is ESLint's API`;
  if (!specifier.startsWith(".")) return undefined;
  const target = path.relative(ROOT, path.resolve(path.dirname(file), specifier)).split(path.sep).join("/");
  if (target === "rules" || target.startsWith("rules/")) return `${specifier} is under rules/ (the ESLint adapter)`;
  // The plugin entry (index.ts) loads rules/; src/ is published on its own as the `./engine` export.
  if (target.startsWith("../") || !target.startsWith("src/")) return `${specifier} is outside src/`;
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.[cm]?[jt]sx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

describe("architecture", () => {
  it("finds every kind of import, and none in comments", () => {
    const text = [
      'import a from "m-default";',
      'import type { B } from "m-type";',
      'import "m-side-effect";',
      'export * from "m-export-all";',
      'export { c } from "m-export-named";',
      'import d = require("m-import-equals");',
      'type E = typeof import("m-import-type");',
      'const f = await import("m-dynamic");',
      'const g = require("m-require");',
      '// import h from "m-comment"; import("m-comment")',
      'const i = "import(\\"m-string\\")";',
    ].join("\n");
    expect(importsOf(text).sort()).toEqual(
      ["m-default", "m-dynamic", "m-export-all", "m-export-named", "m-import-equals", "m-import-type", "m-require", "m-side-effect", "m-type"].sort(),
    );
  });

  it("flags ESLint's packages, rules/ and modules outside src/", () => {
    const file = path.join(SRC, "config/parse.ts");
    expect(violation(file, "eslint")).toBeDefined();
    expect(violation(file, "eslint/use-at-your-own-risk")).toBeDefined();
    expect(violation(file, "@typescript-eslint/utils")).toBeDefined();
    expect(violation(file, "@typescript-eslint/utils/eslint-utils")).toBeDefined();
    expect(violation(file, "../../rules/index.js")).toMatch(/under rules\//);
    expect(violation(file, "../../index.js")).toMatch(/outside src\//);
    expect(violation(file, "@typescript-eslint/typescript-estree")).toBeUndefined();
    expect(violation(file, "eslint-scope-like-name")).toBeUndefined();
    expect(violation(file, "../checks/index.js")).toBeUndefined();
  });

  it("src/ (the engine and the CLI) never imports ESLint or rules/", () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(0);
    const problems = files.flatMap((file) =>
      importsOf(readFileSync(file, "utf8")).flatMap((specifier) => {
        const why = violation(file, specifier);
        return why === undefined ? [] : [`${path.relative(ROOT, file)}: ${why}`];
      }),
    );
    expect(problems).toEqual([]);
  });
});
