import { RuleCreator } from "@typescript-eslint/utils/eslint-utils";
import { ruleDocsUrl } from "../../src/checks/docs-url.js";
import { mayContainRequests } from "./analysis.js";

export { REPO_URL } from "../../src/checks/docs-url.js";

/** Extra `meta.docs` fields of this plugin's rules. */
export interface PromptCacheRuleDocs {
  /** The rule is in the `recommended` config (and so in `strict` and `all`). */
  recommended?: boolean;
  /** The rule is in the `strict` config (and `all`); recommended rules are always in it. */
  strict?: boolean;
}

const namedRule = RuleCreator<PromptCacheRuleDocs>(ruleDocsUrl);

/**
 * typescript-eslint's `RuleCreator`, whose `create` first asks whether the file may contain a
 * request. `RuleCreator` merges the default options into a `structuredClone` on every `create`:
 * for 12 rules on every file, that was a third of the plugin's time in ESLint on a real corpus,
 * spent on files none of the rules has anything to say about.
 */
export const createRule: typeof namedRule = (rule) => {
  const created = namedRule(rule);
  return { ...created, create: (context) => (mayContainRequests(context) ? created.create(context) : {}) };
};
