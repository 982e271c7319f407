import { stableImages } from "../src/checks/stable-images.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[], keyof typeof stableImages.messages>({
  name: "stable-images",
  meta: {
    type: "problem",
    docs: {
      description: stableImages.description,
      recommended: stableImages.config === "recommended",
      strict: true,
    },
    messages: stableImages.messages,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return findingsListener(context, stableImages, {});
  },
});
