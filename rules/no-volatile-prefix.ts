import { noVolatilePrefix } from "../src/checks/no-volatile-prefix.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

type MessageIds = keyof typeof noVolatilePrefix.messages;

export default createRule<[], MessageIds>({
  name: "no-volatile-prefix",
  meta: {
    type: "problem",
    docs: {
      description: noVolatilePrefix.description,
      recommended: noVolatilePrefix.config === "recommended",
      strict: true,
    },
    // Never `fixable`: every fix changes the prompt the program sends, which the user has to approve.
    hasSuggestions: true,
    messages: noVolatilePrefix.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return findingsListener(context, noVolatilePrefix, {});
  },
});
