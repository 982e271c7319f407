import { knownText } from "../eval/values.js";
import type { Check, Finding } from "./types.js";

/**
 * Request shapes a provider documents as errors or as cache breakers. The table grows with the
 * SDKs the engine knows; each entry cites the provider's rule in its message.
 */
export const providerConstraints: Check<Record<string, never>> = {
  name: "provider-constraints",
  config: "recommended",
  messages: {
    xaiResponsesInstructions:
      "xAI's Responses API rejects `instructions` with an error. Send the instructions as the first `system` message of `input` instead.",
    xaiStoredImage:
      "xAI stores Responses API requests on its servers unless `store: false`, and image input is not supported with storage on. Set `store: false` on requests that send images.",
  },
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      if (site.provider !== "xai" || site.api !== "responses") continue;
      const instructions = site.parameters.get("instructions");
      if (instructions) findings.push({ rule: "provider-constraints", messageId: "xaiResponsesInstructions", node: instructions.node, data: {}, site });
      const image = site.segments.flatMap((segment) => segment.pieces).find((piece) => piece.media === "image");
      const store = site.parameters.get("store");
      if (image && (!store || knownText(store.value) !== "false")) {
        findings.push({ rule: "provider-constraints", messageId: "xaiStoredImage", node: store?.node ?? image.node, data: {}, site });
      }
    }
    return findings;
  },
};
