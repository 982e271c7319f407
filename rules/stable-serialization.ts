import { stableSerialization } from "../src/checks/stable-serialization.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[], keyof typeof stableSerialization.messages>({
  name: "stable-serialization",
  meta: {
    type: "problem",
    docs: {
      description: stableSerialization.description,
      recommended: stableSerialization.config === "recommended",
      strict: true,
    },
    // Never `fixable`: every fix changes the prompt the program sends, which the user has to approve.
    hasSuggestions: true,
    messages: stableSerialization.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return findingsListener(context, stableSerialization, {});
  },
});
