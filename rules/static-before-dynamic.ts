import { staticBeforeDynamic, type StaticBeforeDynamicOptions } from "../src/checks/static-before-dynamic.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

type MessageIds = keyof typeof staticBeforeDynamic.messages;

export default createRule<[StaticBeforeDynamicOptions], MessageIds>({
  name: "static-before-dynamic",
  meta: {
    type: "problem",
    docs: {
      description: staticBeforeDynamic.description,
      recommended: staticBeforeDynamic.config === "recommended",
      strict: true,
    },
    messages: staticBeforeDynamic.messages,
    schema: staticBeforeDynamic.schema,
    defaultOptions: [staticBeforeDynamic.defaultOptions],
  },
  defaultOptions: [staticBeforeDynamic.defaultOptions],
  create(context, [options]) {
    return findingsListener(context, staticBeforeDynamic, options);
  },
});
