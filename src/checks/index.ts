import { noVolatilePrefix } from "./no-volatile-prefix.js";
import { singleLeadingSystem } from "./single-leading-system.js";
import { staticBeforeDynamic } from "./static-before-dynamic.js";
import type { Check } from "./types.js";

/** Every check, by rule name; the ESLint rules and the CLI both read this list. */
export const checks = {
  "static-before-dynamic": staticBeforeDynamic,
  "no-volatile-prefix": noVolatilePrefix,
  "single-leading-system": singleLeadingSystem,
} satisfies Record<string, Check<object>>;

export type CheckName = keyof typeof checks;

/** Fills `{{name}}` placeholders the way ESLint does. */
export function formatMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => (key in data ? String(data[key]) : match));
}
