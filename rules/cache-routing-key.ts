import { cacheRoutingKey, type CacheRoutingKeyOptions } from "../src/checks/cache-routing-key.js";
import { reportFindings } from "./utils/analysis.js";
import { createRule } from "./utils/create-rule.js";

export default createRule<[CacheRoutingKeyOptions], keyof typeof cacheRoutingKey.messages>({
  name: "cache-routing-key",
  meta: {
    type: "problem",
    docs: {
      description: "Require a stable cache routing key where the provider needs one, and disallow keys that change on every request",
      recommended: cacheRoutingKey.config === "recommended",
      strict: true,
    },
    messages: cacheRoutingKey.messages,
    schema: [
      {
        type: "object",
        properties: {
          requireKeyFor: {
            type: "array",
            items: { type: "string", enum: ["xai", "openai", "mistral"] },
            uniqueItems: true,
            description: "Providers whose requests must carry a routing key (`x-grok-conv-id` or `prompt_cache_key`).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [cacheRoutingKey.defaultOptions],
  },
  defaultOptions: [cacheRoutingKey.defaultOptions],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, cacheRoutingKey, options);
      },
    };
  },
});
