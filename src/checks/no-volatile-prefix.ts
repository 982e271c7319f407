import type { Segment } from "../model/types.js";
import { describePiece, encodingOf, isCacheableText, placedPieces, staticTokens } from "./prefix-walk.js";
import type { Check, Finding } from "./types.js";

/** Text worth caching: something more than punctuation and white space. */
const MEANINGFUL = /[\p{L}\p{N}]/u;

/**
 * A value that changes on every request (the time, a random id) anywhere but the final message:
 * every request then starts a new prefix, and the conversation history after it is never cached.
 */
export const noVolatilePrefix: Check<Record<string, never>> = {
  name: "no-volatile-prefix",
  config: "recommended",
  description: "Disallow values that change on every request, such as the current time, before the end of the prompt",
  messages: {
    volatileInPrefix:
      "{{expression}} changes on every request and is followed by {{following}}, so every request starts a new prefix and none of that is ever cached. Move it into the final user message, or round a time down to the date.",
  },
  schema: [],
  defaultOptions: {},
  run({ analysis, settings }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      const placed = placedPieces(site).filter(({ segment }) => !segment.isFinal);
      placed.forEach(({ piece, segment }, index) => {
        if (piece.stability !== "volatile") return;
        const rest = placed.slice(index + 1);
        const text = rest.map((entry) => entry.piece).filter((later) => isCacheableText(later) && MEANINGFUL.test(later.text!));
        const history = rest.some((entry) => entry.segment.kind === "history");
        const messages = new Set<Segment>(rest.map((entry) => entry.segment).filter((later) => later !== segment && later.kind !== "history")).size;
        if (text.length === 0 && !history && messages === 0) return;
        const parts: string[] = [];
        if (text.length > 0) parts.push(`${staticTokens(text, encodingOf(site, settings))} tokens of static text`);
        if (messages > 0) parts.push(messages === 1 ? "1 more message" : `${messages} more messages`);
        if (history) parts.push("the conversation history");
        findings.push({
          rule: "no-volatile-prefix",
          messageId: "volatileInPrefix",
          node: piece.node,
          data: { expression: describePiece(piece, analysis.source), following: joinList(parts) },
          site,
          ...(piece.chain && { chain: piece.chain }),
        });
      });
    }
    return findings;
  },
};

function joinList(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
