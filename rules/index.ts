import type { TSESLint } from "@typescript-eslint/utils";
import cacheControlBreakpoints from "./cache-control-breakpoints.js";
import cacheRoutingKey from "./cache-routing-key.js";
import minCacheablePrefix from "./min-cacheable-prefix.js";
import noVolatilePrefix from "./no-volatile-prefix.js";
import providerConstraints from "./provider-constraints.js";
import singleLeadingSystem from "./single-leading-system.js";
import stableHistory from "./stable-history.js";
import stableImages from "./stable-images.js";
import stableSerialization from "./stable-serialization.js";
import stableToolChoice from "./stable-tool-choice.js";
import stableTools from "./stable-tools.js";
import staticBeforeDynamic from "./static-before-dynamic.js";

/** Every rule of the plugin by id; the configs, the docs and the meta-tests derive from it. */
export const rules = {
  "cache-control-breakpoints": cacheControlBreakpoints,
  "cache-routing-key": cacheRoutingKey,
  "min-cacheable-prefix": minCacheablePrefix,
  "no-volatile-prefix": noVolatilePrefix,
  "provider-constraints": providerConstraints,
  "single-leading-system": singleLeadingSystem,
  "stable-history": stableHistory,
  "stable-images": stableImages,
  "stable-serialization": stableSerialization,
  "stable-tool-choice": stableToolChoice,
  "stable-tools": stableTools,
  "static-before-dynamic": staticBeforeDynamic,
} satisfies TSESLint.Linter.PluginRules;
