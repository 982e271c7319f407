/** Where the plugin's sources and rule docs live; the ESLint rules and the CLI's reports link here. */
export const REPO_URL = "https://github.com/prompt-cache/eslint-plugin-prompt-cache";

/** The documentation page of a rule, by its name without the plugin prefix (ESLint's `meta.docs.url`). */
export function ruleDocsUrl(name: string): string {
  return `${REPO_URL}/blob/main/docs/rules/${name}.md`;
}
