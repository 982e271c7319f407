import { stableHistory } from "../src/checks/stable-history.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[], keyof typeof stableHistory.messages>({
  name: "stable-history",
  meta: {
    type: "problem",
    docs: {
      description: stableHistory.description,
      recommended: stableHistory.config === "recommended",
      strict: true,
    },
    messages: stableHistory.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return findingsListener(context, stableHistory, {});
  },
});
