import { cacheControlBreakpoints, type CacheControlBreakpointsOptions } from "../src/checks/cache-control-breakpoints.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

type MessageIds = keyof typeof cacheControlBreakpoints.messages;

export default createRule<[CacheControlBreakpointsOptions], MessageIds>({
  name: "cache-control-breakpoints",
  meta: {
    type: "problem",
    docs: {
      description: cacheControlBreakpoints.description,
      recommended: cacheControlBreakpoints.config === "recommended",
      strict: true,
    },
    // Never `fixable`: every fix changes the prompt the program sends, which the user has to approve.
    hasSuggestions: true,
    messages: cacheControlBreakpoints.messages,
    schema: cacheControlBreakpoints.schema,
    defaultOptions: [cacheControlBreakpoints.defaultOptions],
  },
  defaultOptions: [cacheControlBreakpoints.defaultOptions],
  create(context, [options]) {
    return findingsListener(context, cacheControlBreakpoints, options);
  },
});
