import { providerConstraints } from "../src/checks/provider-constraints.js";
import { reportFindings } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[], keyof typeof providerConstraints.messages>({
  name: "provider-constraints",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow request shapes that a provider rejects or that break its prompt cache",
      recommended: providerConstraints.config === "recommended",
      strict: true,
    },
    messages: providerConstraints.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program() {
        reportFindings(context, providerConstraints, {});
      },
    };
  },
});
