import { staticBeforeDynamic, type StaticBeforeDynamicOptions } from "../src/checks/static-before-dynamic.js";
import { reportFindings } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

type MessageIds = keyof typeof staticBeforeDynamic.messages;

export default createRule<[StaticBeforeDynamicOptions], MessageIds>({
  name: "static-before-dynamic",
  meta: {
    type: "problem",
    docs: {
      description: "Require static prompt text to come before dynamic values so the provider can cache it",
      recommended: staticBeforeDynamic.config === "recommended",
      strict: true,
    },
    messages: staticBeforeDynamic.messages,
    schema: [
      {
        type: "object",
        properties: {
          minStaticTokens: {
            type: "integer",
            minimum: 0,
            description: "Report only when at least this many tokens of static text follow the dynamic value.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [staticBeforeDynamic.defaultOptions],
  },
  defaultOptions: [staticBeforeDynamic.defaultOptions],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, staticBeforeDynamic, options);
      },
    };
  },
});
