import { join } from "node:path";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../index.js";

/*
 * ESLint with typescript-eslint's type information follows imports into the project's other
 * modules (fixtures/multi-module); without it, an imported prompt is unknown and never reported.
 */
const root = join(import.meta.dirname, "../fixtures/multi-module");

async function lint(parserOptions: Linter.ParserOptions) {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tsParser, parserOptions },
        plugins: { "prompt-cache": plugin as unknown as ESLint.Plugin },
        rules: { "prompt-cache/no-volatile-prefix": "warn", "prompt-cache/static-before-dynamic": "warn" },
      },
    ],
  });
  const [result] = await eslint.lintFiles(["src/onboarding.ts"]);
  return result!.messages.map((message) => [message.ruleId, message.line, message.column, message.message, message.suggestions?.length ?? 0]);
}

describe("ESLint with type information", () => {
  it("follows imports through the program's module resolution", async () => {
    const messages = await lint({ project: "./tsconfig.json", tsconfigRootDir: root });
    expect(messages.map(([ruleId, line, column]) => [ruleId, line, column])).toEqual([
      ["prompt-cache/no-volatile-prefix", 30, 51],
      ["prompt-cache/static-before-dynamic", 30, 51],
    ]);
    expect(messages[0]![3]).toContain("`new Date().toISOString()` at line 3 in src/lib/clock.ts");
    // Rounding it to the date is an edit of clock.ts: no suggestion may edit this file in its place.
    expect(messages[0]![4]).toBe(0);
  }, 60_000);

  it("reports nothing from imports without type information", async () => {
    expect(await lint({})).toEqual([]);
  });
});
