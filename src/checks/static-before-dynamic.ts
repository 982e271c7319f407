import { isChanging } from "../model/types.js";
import { describePiece, encodingOf, isCacheableText, placedPieces, staticTokens } from "./prefix-walk.js";
import type { Check, Finding } from "./types.js";

export interface StaticBeforeDynamicOptions {
  minStaticTokens: number;
}

/**
 * Dynamic content placed before static text: the provider caches the longest exact prefix, so
 * every static token after the first changing one is re-processed on every request.
 */
export const staticBeforeDynamic: Check<StaticBeforeDynamicOptions> = {
  name: "static-before-dynamic",
  config: "recommended",
  description: "Require static prompt text to come before dynamic values so the provider can cache it",
  messages: {
    dynamicBeforeStatic:
      "{{expression}} is {{stability}} and comes before {{tokens}} tokens of static prompt text, so none of them can be served from the prompt cache. Move it after the static text, for example into the final user message.",
  },
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
  defaultOptions: { minStaticTokens: 20 },
  run({ analysis, settings }, { minStaticTokens }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      const placed = placedPieces(site).filter(({ segment }) => !segment.isFinal);
      placed.forEach(({ piece, segment }, index) => {
        // A history spread grows by appending: its own prefix stays cacheable turn after turn.
        if (!isChanging(piece.stability) || segment.kind === "history") return;
        const after = placed.slice(index + 1).map((entry) => entry.piece).filter(isCacheableText);
        const encoding = encodingOf(site, settings);
        const tokens = staticTokens(after, encoding, minStaticTokens);
        if (tokens === 0 || tokens < minStaticTokens) return;
        findings.push({
          rule: "static-before-dynamic",
          messageId: "dynamicBeforeStatic",
          node: piece.node,
          data: { expression: describePiece(piece, analysis.source), stability: piece.stability, tokens },
          site,
          ...(piece.chain && { chain: piece.chain }),
        });
      });
    }
    return findings;
  },
};
