import { noVolatilePrefix } from "../src/checks/no-volatile-prefix.js";
import { reportFindings } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

type MessageIds = keyof typeof noVolatilePrefix.messages;

export default createRule<[], MessageIds>({
  name: "no-volatile-prefix",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow values that change on every request, such as the current time, before the end of the prompt",
      recommended: noVolatilePrefix.config === "recommended",
      strict: true,
    },
    messages: noVolatilePrefix.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program() {
        reportFindings(context, noVolatilePrefix, {});
      },
    };
  },
});
