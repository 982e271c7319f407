import { isChanging } from "../model/types.js";
import { lookupModel } from "../providers/models.js";
import { estimatePrefix } from "../tokens/prefix.js";
import { placedPieces } from "./prefix-walk.js";
import type { Check, Finding } from "./types.js";

/**
 * A prefix below the model's minimum is never cached, and no error says so (Anthropic: "processed
 * without caching, and no error is returned"). Reported only when the analyzer knows where the
 * prefix ends: at a changing value or at the end of the prompt, not at text it cannot see.
 */
export const minCacheablePrefix: Check<Record<string, never>> = {
  name: "min-cacheable-prefix",
  config: "strict",
  messages: {
    belowMinimum:
      "The cacheable prefix of this request is about {{tokens}} tokens, below the {{minimum}}-token minimum of {{model}}, so the provider never caches it. Put more of the static content (instructions, tool definitions, examples) before the first changing value, or expect no cache hits here.",
  },
  defaultOptions: {},
  run({ analysis, settings }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      if (site.api === "messages" || site.node.type !== "CallExpression") continue;
      const end = placedPieces(site).find(({ piece }) => piece.text === null || piece.media !== undefined || isChanging(piece.stability));
      if (end && !isChanging(end.piece.stability)) continue;
      const model = lookupModel(site.model, site.provider, settings.defaultModel, settings.models);
      const estimate = estimatePrefix(site, model);
      if (estimate.meetsMinimum !== false) continue;
      const node = site.node.callee.type === "MemberExpression" ? site.node.callee.property : site.node.callee;
      findings.push({
        rule: "min-cacheable-prefix",
        messageId: "belowMinimum",
        node,
        data: { tokens: estimate.cacheableTokens, minimum: estimate.minimumTokens!, model: model.id },
        site,
      });
    }
    return findings;
  },
};
