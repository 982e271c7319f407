import { minCacheablePrefix } from "../src/checks/min-cacheable-prefix.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[], keyof typeof minCacheablePrefix.messages>({
  name: "min-cacheable-prefix",
  meta: {
    type: "problem",
    docs: {
      description: minCacheablePrefix.description,
      recommended: minCacheablePrefix.config === "recommended",
      strict: true,
    },
    messages: minCacheablePrefix.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return findingsListener(context, minCacheablePrefix, {});
  },
});
