import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, childEnv, REPO_ROOT } from "./built.js";

/*
 * What an eslint.config.js pays to import the built plugin (a bundle: scripts/bundle.mjs):
 * one module of ours, and neither TypeScript, a parser nor tokenizer ranks until a file needs
 * them. The time itself is measured by `npm run bench`, not here.
 */
describe("importing the built plugin", () => {
  beforeAll(assertBuilt);

  it("loads neither TypeScript, a parser (typescript-estree, oxc) nor tokenizer ranks", () => {
    const entry = pathToFileURL(path.join(REPO_ROOT, "dist/index.js")).href;
    const script = `
      import { createRequire, syncBuiltinESMExports } from "node:module";
      // Tokenizer tables are files read on first use (src/tokens/rank-file.ts): record the reads.
      const fs = createRequire(import.meta.url)("node:fs");
      const read = [];
      const readFileSync = fs.readFileSync;
      fs.readFileSync = (file, ...rest) => (read.push(String(file)), readFileSync(file, ...rest));
      syncBuiltinESMExports();
      const ranksRead = () => read.filter((file) => /ranks[\\/\\w]+\\.bin$/.test(file));
      const plugin = (await import(${JSON.stringify(entry)})).default;
      const rules = Object.keys(plugin.configs.recommended.rules).length;
      const loaded = [...Object.keys(createRequire(import.meta.url).cache), ...ranksRead()];
      // The control: linting a request loads the ranks lazily, and the same check sees them.
      const { Linter } = await import("eslint");
      const code = "import OpenAI from 'openai';\\nconst client = new OpenAI();\\nexport const ask = (q) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: q }] });\\n";
      const messages = new Linter({ configType: "flat" }).verify(code, [{ files: ["**/*.js"], ...plugin.configs.all }], { filename: "ask.js" });
      const afterLint = [...Object.keys(createRequire(import.meta.url).cache), ...ranksRead()];
      // The control for the parsers: once loaded from the plugin's place, the same check sees them.
      const fromPlugin = createRequire(${JSON.stringify(entry)});
      fromPlugin("oxc-parser");
      fromPlugin("@typescript-eslint/typescript-estree");
      const afterParsers = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ rules, loaded, afterLint, afterParsers, reported: messages.map((message) => message.ruleId) }));`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO_ROOT, env: childEnv(), encoding: "utf8" });
    expect(result.stderr).toBe("");
    const { rules, loaded, afterLint, afterParsers, reported } = JSON.parse(result.stdout) as { rules: number; loaded: string[]; afterLint: string[]; afterParsers: string[]; reported: string[] };
    expect(rules).toBeGreaterThan(0);
    const heavy = (files: string[]) => files.filter((file) => /node_modules\/(typescript|@typescript-eslint\/(typescript-estree|scope-manager|parser)|oxc-parser|@oxc-parser\/[^/]+|js-tiktoken)\/|dist\/ranks\//.test(file));
    expect(heavy(loaded)).toEqual([]);
    expect(reported).toContain("prompt-cache/min-cacheable-prefix");
    expect(heavy(afterLint)).toContain(path.join(REPO_ROOT, "dist/ranks/o200k_base.bin"));
    expect(heavy(afterParsers).some((file) => file.includes("node_modules/oxc-parser/"))).toBe(true);
    expect(heavy(afterParsers).some((file) => file.includes("node_modules/@typescript-eslint/typescript-estree/"))).toBe(true);
  });
});
