import { stableTools } from "../src/checks/stable-tools.js";
import { reportFindings } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[], keyof typeof stableTools.messages>({
  name: "stable-tools",
  meta: {
    type: "problem",
    docs: {
      description: "Require the tools list to keep the same tools in the same order on every request",
      recommended: stableTools.config === "recommended",
      strict: true,
    },
    messages: stableTools.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program() {
        reportFindings(context, stableTools, {});
      },
    };
  },
});
