import { join } from "node:path";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../index.js";

/*
 * ESLint with typescript-eslint's type information follows imports into the project's other
 * modules (fixtures/multi-module); without it, an imported prompt is unknown and never reported.
 */
const fixture = (name: string) => join(import.meta.dirname, "../fixtures", name);
const root = fixture("multi-module");

async function lint(parserOptions: Linter.ParserOptions, cwd = root, file = "src/onboarding.ts") {
  const eslint = new ESLint({
    cwd,
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
  const [result] = await eslint.lintFiles([file]);
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

  it("applies the custom fetch of a client imported from another module (fixtures/sdk-custom-fetch)", async () => {
    const cwd = fixture("sdk-custom-fetch");
    const messages = await lint({ project: "./tsconfig.json", tsconfigRootDir: cwd }, cwd, "src/support/reply.ts");
    // At the imported client (line 7, `openai`): the timestamp is written by the fetch in clients.ts.
    expect(messages.map(([ruleId, line, column]) => [ruleId, line, column])).toEqual([
      ["prompt-cache/no-volatile-prefix", 7, 28],
      ["prompt-cache/static-before-dynamic", 7, 28],
    ]);
    expect(messages[0]![3]).toContain("src/llm/clients.ts");
  }, 60_000);

  it("reports nothing from imports without type information", async () => {
    expect(await lint({})).toEqual([]);
  });
});
