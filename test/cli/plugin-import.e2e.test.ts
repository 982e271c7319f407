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
      import { createRequire } from "node:module";
      const plugin = (await import(${JSON.stringify(entry)})).default;
      const rules = Object.keys(plugin.configs.recommended.rules).length;
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ rules, loaded }));`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO_ROOT, env: childEnv(), encoding: "utf8" });
    expect(result.stderr).toBe("");
    const { rules, loaded } = JSON.parse(result.stdout) as { rules: number; loaded: string[] };
    expect(rules).toBeGreaterThan(0);
    const heavy = loaded.filter((file) => /node_modules\/(typescript|@typescript-eslint\/(typescript-estree|scope-manager|parser)|oxc-parser|@oxc-parser\/[^/]+|js-tiktoken)\//.test(file));
    expect(heavy).toEqual([]);
  });
});
