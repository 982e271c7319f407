import { noVolatilePrefix } from "../src/checks/no-volatile-prefix.js";
import { checkFindings } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

type MessageIds = keyof typeof noVolatilePrefix.messages;

export default createRule<[], MessageIds>({
  name: "no-volatile-prefix",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow values that change on every request, such as the current time, before the end of the prompt",
      recommended: true,
    },
    messages: noVolatilePrefix.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program() {
        for (const finding of checkFindings(context, noVolatilePrefix, {})) {
          context.report({ node: finding.node, messageId: "volatileInPrefix", data: finding.data });
        }
      },
    };
  },
});
