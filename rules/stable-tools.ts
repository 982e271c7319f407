import { stableTools } from "../src/checks/stable-tools.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[], keyof typeof stableTools.messages>({
  name: "stable-tools",
  meta: {
    type: "problem",
    docs: {
      description: stableTools.description,
      recommended: stableTools.config === "recommended",
      strict: true,
    },
    messages: stableTools.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return findingsListener(context, stableTools, {});
  },
});
