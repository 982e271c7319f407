import { singleLeadingSystem } from "../src/checks/single-leading-system.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

type MessageIds = keyof typeof singleLeadingSystem.messages;

export default createRule<[], MessageIds>({
  name: "single-leading-system",
  meta: {
    type: "problem",
    docs: {
      description: singleLeadingSystem.description,
      recommended: singleLeadingSystem.config === "recommended",
      strict: true,
    },
    messages: singleLeadingSystem.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return findingsListener(context, singleLeadingSystem, {});
  },
});
