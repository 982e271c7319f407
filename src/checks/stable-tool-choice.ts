import { flattenPieces, stabilityOf } from "../eval/values.js";
import { isChanging } from "../model/types.js";
import { describePiece } from "./prefix-walk.js";
import type { Check, Finding } from "./types.js";

/** Names of the tool-choice parameter across SDKs. */
const TOOL_CHOICE = ["tool_choice", "toolChoice"];
const OPENAI_FAMILY = new Set(["openai", "openai-compatible", "openrouter", "xai"]);

/**
 * A `tool_choice` that can differ between requests of one conversation. Anthropic and Groq
 * document that a changed `tool_choice` invalidates the cached messages.
 */
export const stableToolChoice: Check<Record<string, never>> = {
  name: "stable-tool-choice",
  config: "recommended",
  messages: {
    changingToolChoice:
      "`{{name}}` is {{stability}} ({{reason}}): providers such as Anthropic and Groq drop the cached conversation whenever it changes between requests. {{fix}}",
  },
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      for (const name of TOOL_CHOICE) {
        const parameter = site.parameters.get(name);
        if (!parameter) continue;
        const stability = stabilityOf(parameter.value);
        if (!isChanging(stability)) continue;
        const piece = flattenPieces(parameter.value).find((candidate) => candidate.stability === stability)!;
        const fix = OPENAI_FAMILY.has(site.provider)
          ? 'Send one constant value and narrow the tools per request with `tool_choice: { type: "allowed_tools", mode, tools }`, which stays out of the cached prefix.'
          : "Send one constant value for the whole conversation.";
        const node = parameter.node.type === "Property" ? parameter.node.value : parameter.node;
        findings.push({ rule: "stable-tool-choice", messageId: "changingToolChoice", node, data: { name, stability, reason: describePiece(piece, analysis.source), fix }, site });
      }
    }
    return findings;
  },
};
