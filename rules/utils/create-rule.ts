import { RuleCreator } from "@typescript-eslint/utils/eslint-utils";
import { ruleDocsUrl } from "../../src/checks/docs-url.js";

export { REPO_URL } from "../../src/checks/docs-url.js";

/** Extra `meta.docs` fields of this plugin's rules. */
export interface PromptCacheRuleDocs {
  /** The rule is in the `recommended` config (and so in `strict` and `all`). */
  recommended?: boolean;
  /** The rule is in the `strict` config (and `all`); recommended rules are always in it. */
  strict?: boolean;
}

export const createRule = RuleCreator<PromptCacheRuleDocs>(ruleDocsUrl);
