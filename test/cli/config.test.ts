import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.js";
import { configPathFilter } from "../../src/config/file-filter.js";
import { loadConfig } from "../../src/config/load.js";
import { parseConfig } from "../../src/config/parse.js";
import { makeTempTree, removeTempTree } from "./temp-tree.js";

describe("parseConfig", () => {
  it("reads patterns, rule severities in ESLint's and the report's names, rule options and the shared settings", async () => {
    const config = await parseConfig(
      {
        include: ["src/"],
        exclude: ["**/*.test.ts"],
        rules: {
          "no-volatile-prefix": "error",
          "prompt-cache/single-leading-system": "off",
          "static-before-dynamic": ["warn", { minStaticTokens: 200 }],
          "stable-tools": "warning",
        },
        settings: { defaultModel: "gpt-4o", volatileFunctions: ["clock.now"], models: { "acme-*": { minimumTokens: 2048, encoding: "cl100k_base" } } },
      },
      "prompt-cache.config.json",
    );
    expect(config).toEqual({
      include: ["src/"],
      exclude: ["**/*.test.ts"],
      rules: { "no-volatile-prefix": "error", "single-leading-system": "off", "static-before-dynamic": "warning", "stable-tools": "warning" },
      ruleOptions: { "static-before-dynamic": { minStaticTokens: 200 } },
      settings: { defaultModel: "gpt-4o", volatileFunctions: ["clock.now"], models: { "acme-*": { minimumTokens: 2048, encoding: "cl100k_base" } } },
    });
  });

  it.each([
    [[], "the config must be an object with any of: include, exclude, rules, settings."],
    [{ ignore: [] }, 'the config has an unknown key "ignore"; expected one of: include, exclude, rules, settings.'],
    [{ include: "src" }, 'include must be an array of .gitignore-style patterns (e.g. ["src/", "**/*.test.ts"]).'],
    [{ rules: ["no-volatile-prefix"] }, 'rules must be an object of rule names to "error", "warn" or "off".'],
    [{ rules: { "no-volatile-prefx": "error" } }, 'rules has an unknown rule "no-volatile-prefx"; expected one of: '],
    [{ rules: { "no-volatile-prefix": 2 } }, 'rules["no-volatile-prefix"] must be "error", "warn" or "off", or an array of one of them and the rule\'s options.'],
    [{ rules: { "no-volatile-prefix": [] } }, 'rules["no-volatile-prefix"] must be "error", "warn" or "off"'],
    [{ rules: { "static-before-dynamic": ["warn", { minStaticTokens: -1 }] } }, 'rules["static-before-dynamic"][1].minStaticTokens should be >= 0 (options of static-before-dynamic).'],
    [{ rules: { "static-before-dynamic": ["warn", { minTokens: 1 }] } }, 'rules["static-before-dynamic"][1] should NOT have additional properties (options of static-before-dynamic).'],
    [{ rules: { "no-volatile-prefix": ["warn", {}] } }, 'rules["no-volatile-prefix"] should NOT have more than 1 items (options of no-volatile-prefix).'],
    [{ settings: { defaultModel: "" } }, 'settings.defaultModel must be a non-empty string (a model id such as "gpt-4o").'],
    [{ settings: { models: { "acme-*": { minimumTokens: 1.5 } } } }, 'settings.models["acme-*"].minimumTokens must be a whole number of tokens, or null when not published.'],
    [{ settings: { models: { "acme-*": { encoding: "p50k" } } } }, 'settings.models["acme-*"].encoding must be one of: o200k_base, cl100k_base.'],
  ])("rejects %j, naming the file, the key and what was expected", async (raw, message) => {
    const error = await parseConfig(raw, "prompt-cache.config.json").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`prompt-cache.config.json: ${message}`);
  });

  it("names the package.json key in messages", async () => {
    await expect(parseConfig({ settings: { volatileFunctions: "now" } }, "package.json", '["prompt-cache"]')).rejects.toThrow(
      'package.json: ["prompt-cache"].settings.volatileFunctions must be an array of function names',
    );
  });
});

describe("loadConfig", () => {
  let root = "";
  afterEach(() => removeTempTree(root));

  it("finds the nearest config from the working directory up to the repository root", async () => {
    root = makeTempTree({
      ".git/HEAD": "",
      "prompt-cache.config.json": JSON.stringify({ settings: { defaultModel: "gpt-4o" } }),
      "packages/app/src/index.ts": "",
      "packages/lib/prompt-cache.config.mjs": "export default { rules: { 'no-volatile-prefix': 'error' } };\n",
    });
    expect(await loadConfig(path.join(root, "packages/app/src"))).toMatchObject({
      file: path.join(root, "prompt-cache.config.json"),
      directory: root,
      settings: { defaultModel: "gpt-4o" },
    });
    expect(await loadConfig(path.join(root, "packages/lib"))).toMatchObject({ rules: { "no-volatile-prefix": "error" } });
  });

  it("reads the \"prompt-cache\" key of package.json and ignores a package.json without it", async () => {
    root = makeTempTree({
      ".git/HEAD": "",
      "package.json": JSON.stringify({ name: "app", "prompt-cache": { exclude: ["fixtures/"] } }),
      "tools/package.json": JSON.stringify({ name: "tools" }),
    });
    expect(await loadConfig(path.join(root, "tools"))).toMatchObject({ file: path.join(root, "package.json"), exclude: ["fixtures/"] });
  });

  it("stops at the repository root, and loads a file named with --config", async () => {
    root = makeTempTree({ "prompt-cache.config.json": "{}", "repo/.git/HEAD": "", "repo/custom.json": JSON.stringify({ include: ["lib/"] }) });
    expect(await loadConfig(path.join(root, "repo"))).toBeUndefined();
    expect(await loadConfig(path.join(root, "repo"), "custom.json")).toMatchObject({ include: ["lib/"], directory: path.join(root, "repo") });
  });

  it.each([
    [{ "prompt-cache.config.json": "{}", "prompt-cache.config.js": "export default {};" }, "Found more than one config: prompt-cache.config.json, prompt-cache.config.js; keep one."],
    [{ "prompt-cache.config.json": "{ rules: {} }" }, "prompt-cache.config.json: invalid JSON: "],
    [{ "prompt-cache.config.mjs": "export const rules = {};" }, "prompt-cache.config.mjs: export the config as the default export (export default { ... })."],
    [{ "prompt-cache.config.mjs": "throw new Error('boom');" }, "prompt-cache.config.mjs: cannot load it: boom"],
  ])("rejects %j", async (files, message) => {
    root = makeTempTree({ ".git/HEAD": "", ...files });
    await expect(loadConfig(root)).rejects.toThrow(new ConfigError(message).message);
  });

  it("rejects a --config file that does not exist", async () => {
    root = makeTempTree({});
    await expect(loadConfig(root, "nope.json")).rejects.toThrow("Config file not found: nope.json");
  });
});

describe("configPathFilter", () => {
  const directory = path.resolve("/project");
  const keep = (filter: ReturnType<typeof configPathFilter>, file: string, isDirectory = false) => filter!(path.join(directory, file), isDirectory);

  it("is absent when the config has no patterns", () => {
    expect(configPathFilter({ directory })).toBeUndefined();
  });

  it("keeps files that include matches and exclude does not, and prunes excluded directories", () => {
    const filter = configPathFilter({ directory, include: ["src/", "scripts/*.ts"], exclude: ["**/*.test.ts", "src/generated/"] });
    expect(keep(filter, "src/app.ts")).toBe(true);
    expect(keep(filter, "scripts/build.ts")).toBe(true);
    expect(keep(filter, "lib/app.ts")).toBe(false);
    expect(keep(filter, "src/app.test.ts")).toBe(false);
    expect(keep(filter, "src/generated/client.ts")).toBe(false);
    expect(keep(filter, "src/generated", true)).toBe(false);
    expect(keep(filter, "lib", true)).toBe(true);
  });

  it("matches no pattern outside the config's directory", () => {
    expect(keep(configPathFilter({ directory, exclude: ["*.ts"] }), "../other/app.ts")).toBe(true);
    expect(keep(configPathFilter({ directory, include: ["*.ts"] }), "../other/app.ts")).toBe(false);
  });
});
