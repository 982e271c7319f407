import { changesOf, flattenPieces } from "../eval/values.js";
import { isChanging } from "../model/types.js";
import { describePiece } from "./prefix-walk.js";
import type { Check, Finding } from "./types.js";

const WHAT: Record<string, string> = {
  membership: "can hold different tools from one request to the next",
  order: "can list its tools in a different order from one request to the next",
  window: "can hold different tools from one request to the next",
  rewrite: "can change its tool definitions from one request to the next",
};

/**
 * Tools are the first part of the cached prefix (OpenAI, Anthropic, Groq, Bedrock): a tools list
 * whose membership, order or definitions change re-processes the whole prompt.
 */
export const stableTools: Check<Record<string, never>> = {
  name: "stable-tools",
  config: "recommended",
  messages: {
    changingTools:
      "The tools list {{what}} ({{reason}}), and tools come first in the cached prefix, so each change re-processes the whole prompt. Send the same tools in a fixed order on every request and narrow them with `tool_choice` instead.",
  },
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      const tools = site.segments.find((segment) => segment.kind === "tools")?.value;
      if (!tools) continue;
      for (const change of changesOf(tools)) {
        if (!isChanging(change.stability)) continue;
        findings.push({ rule: "stable-tools", messageId: "changingTools", node: change.node, data: { what: WHAT[change.kind]!, reason: change.reason }, site });
      }
      // Inside a list the code spells out, a definition or spread that changes per request; a
      // tools list passed in whole is the caller's to check.
      if (tools.kind !== "array") continue;
      for (const element of tools.elements) {
        for (const piece of flattenPieces(element.value)) {
          if (!isChanging(piece.stability)) continue;
          const what = element.spread ? WHAT.membership! : WHAT.rewrite!;
          findings.push({ rule: "stable-tools", messageId: "changingTools", node: piece.node, data: { what, reason: describePiece(piece, analysis.source) }, site });
        }
      }
    }
    return findings;
  },
};
