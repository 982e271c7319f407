import type { TSESLint } from "@typescript-eslint/utils";
import noVolatilePrefix from "./no-volatile-prefix.js";
import singleLeadingSystem from "./single-leading-system.js";
import staticBeforeDynamic from "./static-before-dynamic.js";

/** Every rule of the plugin by id; the configs, the docs and the meta-tests derive from it. */
export const rules = {
  "no-volatile-prefix": noVolatilePrefix,
  "single-leading-system": singleLeadingSystem,
  "static-before-dynamic": staticBeforeDynamic,
} satisfies TSESLint.Linter.PluginRules;
