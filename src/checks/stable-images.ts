import { isChanging } from "../model/types.js";
import { describePiece, isCacheableText, placedPieces } from "./prefix-walk.js";
import type { Check, Finding } from "./types.js";

const MEANINGFUL = /[\p{L}\p{N}]/u;

/**
 * An image that changes between requests (its URL or `detail`) ahead of content meant to be
 * reused: the prefix diverges at the image, so the static text, examples and history after it
 * are re-processed every time. Images in the final user message are fine.
 */
export const stableImages: Check<Record<string, never>> = {
  name: "stable-images",
  config: "recommended",
  messages: {
    changingImage:
      "This image is {{stability}} ({{reason}}) and comes before {{following}}, so the cached prefix ends at the image on every request. Send per-request images in the final user message, and keep earlier images and their `detail` identical between requests.",
  },
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      const placed = placedPieces(site).filter(({ segment }) => !segment.isFinal);
      placed.forEach(({ piece, segment }, index) => {
        if (piece.media !== "image" || !isChanging(piece.stability) || segment.kind === "history") return;
        const rest = placed.slice(index + 1);
        const following: string[] = [];
        if (rest.some((entry) => isCacheableText(entry.piece) && MEANINGFUL.test(entry.piece.text!))) following.push("static prompt text");
        if (rest.some((entry) => entry.segment !== segment && entry.segment.kind !== "history")) following.push("further messages");
        if (rest.some((entry) => entry.segment.kind === "history")) following.push("the conversation history");
        if (following.length === 0) return;
        findings.push({
          rule: "stable-images",
          messageId: "changingImage",
          node: piece.node,
          data: { stability: piece.stability, reason: describePiece(piece, analysis.source), following: following.join(" and ") },
          site,
        });
      });
    }
    return findings;
  },
};
