import { cacheControlBreakpoints } from "./cache-control-breakpoints.js";
import { cacheRoutingKey } from "./cache-routing-key.js";
import { minCacheablePrefix } from "./min-cacheable-prefix.js";
import { noVolatilePrefix } from "./no-volatile-prefix.js";
import { providerConstraints } from "./provider-constraints.js";
import { singleLeadingSystem } from "./single-leading-system.js";
import { stableHistory } from "./stable-history.js";
import { stableImages } from "./stable-images.js";
import { stableSerialization } from "./stable-serialization.js";
import { stableToolChoice } from "./stable-tool-choice.js";
import { stableTools } from "./stable-tools.js";
import { staticBeforeDynamic } from "./static-before-dynamic.js";
import type { Check } from "./types.js";

/** Every check, by rule name; the ESLint rules and the CLI both read this list. */
export const checks = {
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
} satisfies Record<string, Check<object>>;

export type CheckName = keyof typeof checks;

/** Fills `{{name}}` placeholders the way ESLint does. */
export function formatMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => (key in data ? String(data[key]) : match));
}
