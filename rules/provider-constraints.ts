import { providerConstraints } from "../src/checks/provider-constraints.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[], keyof typeof providerConstraints.messages>({
  name: "provider-constraints",
  meta: {
    type: "problem",
    docs: {
      description: providerConstraints.description,
      recommended: providerConstraints.config === "recommended",
      strict: true,
    },
    // Never `fixable`: every fix changes the prompt the program sends, which the user has to approve.
    hasSuggestions: true,
    messages: providerConstraints.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return findingsListener(context, providerConstraints, {});
  },
});
