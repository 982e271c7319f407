import { cacheControlBreakpoints, type CacheControlBreakpointsOptions } from "../src/checks/cache-control-breakpoints.js";
import { reportFindings } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

type MessageIds = keyof typeof cacheControlBreakpoints.messages;

export default createRule<[CacheControlBreakpointsOptions], MessageIds>({
  name: "cache-control-breakpoints",
  meta: {
    type: "problem",
    docs: {
      description: "Enforce Anthropic and Bedrock cache breakpoints that the API accepts and that are read back",
      recommended: cacheControlBreakpoints.config === "recommended",
      strict: true,
    },
    messages: cacheControlBreakpoints.messages,
    schema: [
      {
        type: "object",
        properties: {
          requireBreakpoint: {
            type: "boolean",
            description: "Report Anthropic and Bedrock requests whose static prefix is above the model's minimum but that mark no cache breakpoint.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [cacheControlBreakpoints.defaultOptions],
  },
  defaultOptions: [cacheControlBreakpoints.defaultOptions],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, cacheControlBreakpoints, options);
      },
    };
  },
});
