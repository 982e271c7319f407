import { cacheRoutingKey, type CacheRoutingKeyOptions } from "../src/checks/cache-routing-key.js";
import { findingsListener } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[CacheRoutingKeyOptions], keyof typeof cacheRoutingKey.messages>({
  name: "cache-routing-key",
  meta: {
    type: "problem",
    docs: {
      description: cacheRoutingKey.description,
      recommended: cacheRoutingKey.config === "recommended",
      strict: true,
    },
    messages: cacheRoutingKey.messages,
    schema: cacheRoutingKey.schema,
    defaultOptions: [cacheRoutingKey.defaultOptions],
  },
  defaultOptions: [cacheRoutingKey.defaultOptions],
  create(context, [options]) {
    return findingsListener(context, cacheRoutingKey, options);
  },
});
