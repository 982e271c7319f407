import { singleLeadingSystem } from "../src/checks/single-leading-system.js";
import { checkFindings } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

type MessageIds = keyof typeof singleLeadingSystem.messages;

export default createRule<[], MessageIds>({
  name: "single-leading-system",
  meta: {
    type: "problem",
    docs: {
      description: "Require a single system message at the start of a message array",
      recommended: true,
    },
    messages: singleLeadingSystem.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program() {
        for (const finding of checkFindings(context, singleLeadingSystem, {})) {
          context.report({ node: finding.node, messageId: finding.messageId as MessageIds, data: finding.data });
        }
      },
    };
  },
});
