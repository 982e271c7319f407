import { stableToolChoice } from "../src/checks/stable-tool-choice.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[], keyof typeof stableToolChoice.messages>({
  name: "stable-tool-choice",
  meta: {
    type: "problem",
    docs: {
      description: stableToolChoice.description,
      recommended: stableToolChoice.config === "recommended",
      strict: true,
    },
    messages: stableToolChoice.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return findingsListener(context, stableToolChoice, {});
  },
});
