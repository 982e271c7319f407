import { createRequire } from "node:module";
import type { PromptCacheRuleDocs } from "./rules/utils/create-rule.js";
import { rules } from "./rules/index.js";

export type PromptCacheRuleId = keyof typeof rules;
export type PromptCacheConfigName = "recommended" | "strict" | "all";

export type { PromptCacheSettings } from "./src/settings.js";

/** A flat config of the plugin: `export default [promptCache.configs.recommended]`. */
export interface PromptCacheConfig {
  name: `prompt-cache/${PromptCacheConfigName}`;
  plugins: { "prompt-cache": PromptCachePlugin };
  rules: Record<string, "warn">;
}

/**
 * The default export's type. It leaves out `rules` (the named export `rules` has their types):
 * typescript-eslint's rule type is not assignable to ESLint's own, and without it the plugin fits
 * both ESLint's `defineConfig` / `Linter.Config` and typescript-eslint's `FlatConfig` types, the
 * trade-off typescript-eslint makes for its own plugin (`CompatiblePlugin`).
 */
export interface PromptCachePlugin {
  meta: { name: string; version: string; namespace: string };
  configs: Record<PromptCacheConfigName, PromptCacheConfig>;
}

export { rules };

// Resolved through the package's own `exports`, so the same line works from index.ts and from
// dist/index.js, and the version lives only in package.json.
const { name, version } = createRequire(import.meta.url)("eslint-plugin-prompt-cache/package.json") as {
  name: string;
  version: string;
};

const namespace = "prompt-cache";

const inConfig: Record<PromptCacheConfigName, (docs: PromptCacheRuleDocs | undefined) => boolean> = {
  recommended: (docs) => docs?.recommended === true,
  strict: (docs) => docs?.recommended === true || docs?.strict === true,
  all: () => true,
};

const configs = {} as PromptCachePlugin["configs"];

const plugin = { meta: { name, version, namespace }, configs, rules };

// Derived from each rule's `meta.docs`, so a config cannot disagree with the rules it lists.
for (const configName of Object.keys(inConfig) as PromptCacheConfigName[]) {
  configs[configName] = {
    name: `${namespace}/${configName}`,
    plugins: { [namespace]: plugin },
    rules: Object.fromEntries(
      Object.entries(rules)
        .filter(([, rule]) => inConfig[configName](rule.meta.docs))
        .map(([id]) => [`${namespace}/${id}`, "warn"]),
    ),
  };
}

// Checked against, and narrowed to, the public type that leaves `rules` out.
const publicPlugin: PromptCachePlugin = plugin;
export default publicPlugin;
