import type { TSESLint } from "@typescript-eslint/utils";
import { applyDefault, RuleCreator, type RuleWithMetaAndName } from "@typescript-eslint/utils/eslint-utils";
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

/** Stands for `undefined` in the key of a configuration's options. */
const UNDEFINED = "\u0000undefined";

/**
 * typescript-eslint's `RuleCreator` with a cheaper `create`. `RuleCreator` merges the default
 * options into a `structuredClone` on every `create`: for 12 rules on every file, that was a third
 * of the plugin's time in ESLint on a real corpus. Here a file with no sign of a request gets no
 * listeners at once, and options are merged once per configuration (the rules never change them).
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<RuleWithMetaAndName<Options, MessageIds, PromptCacheRuleDocs>>,
): ReturnType<typeof namedRule<Options, MessageIds>> {
  const created = namedRule(rule);
  const defaults = (rule.meta.defaultOptions ?? rule.defaultOptions ?? []) as Options;
  const merged = new Map<string, Options>();
  return {
    ...created,
    create(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>) {
      if (!mayContainRequests(context)) return {};
      // `undefined` kept apart from `null` and from a missing key, as the merge keeps them apart.
      const key = JSON.stringify(context.options, (_, value: unknown) => (value === undefined ? UNDEFINED : value));
      let options = merged.get(key);
      if (!options) merged.set(key, (options = applyDefault<Options, Options>(defaults, context.options)));
      return rule.create(context, options);
    },
  };
}
