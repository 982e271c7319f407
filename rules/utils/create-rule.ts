import { RuleCreator } from "@typescript-eslint/utils/eslint-utils";

/** Extra `meta.docs` fields of this plugin's rules. */
export interface PromptCacheRuleDocs {
  /** The rule is in the `recommended` config (and so in `strict` and `all`). */
  recommended?: boolean;
  /** The rule is in the `strict` config (and `all`); recommended rules are always in it. */
  strict?: boolean;
}

export const REPO_URL = "https://github.com/prompt-cache/eslint-plugin-prompt-cache";

export const createRule = RuleCreator<PromptCacheRuleDocs>(
  (name) => `${REPO_URL}/blob/main/docs/rules/${name}.md`,
);
