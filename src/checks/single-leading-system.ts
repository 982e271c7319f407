import { sendsAnthropicBody } from "../model/anthropic-prompt.js";
import { SYSTEM_ROLES } from "../model/openai-prompt.js";
import type { Check, Finding } from "./types.js";

/**
 * One system message, first. xAI documents only a single leading system message; gateways that
 * hoist later system messages into the system block rewrite the cached prefix on every turn.
 */
export const singleLeadingSystem: Check<Record<string, never>> = {
  name: "single-leading-system",
  config: "recommended",
  description: "Require a single system message at the start of a message array",
  messages: {
    multipleSystem:
      "This is a second {{role}} message in one request: xAI accepts a single leading system message, and gateways that merge system messages rewrite the cached prefix on every turn. Merge it into the first system message or send it as a user message.",
    systemNotFirst:
      "This {{role}} message comes after {{before}}: xAI accepts the system message only first, and gateways that move it to the front rewrite the cached prefix on every turn. Put the instructions in one system message at the start.",
  },
  schema: [],
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    // A system message inside an Anthropic Messages body is reported by provider-constraints.
    const anthropicMessages = new Set(analysis.sites.filter(sendsAnthropicBody).flatMap((site) => site.segments.map((segment) => segment.node)));
    for (const array of analysis.messageArrays) {
      if (array.entries.some((entry) => anthropicMessages.has(entry.node))) continue;
      const systems = array.entries.filter((entry) => entry.role !== null && SYSTEM_ROLES.has(entry.role));
      systems.forEach((entry, index) => {
        if (index > 0) {
          findings.push({ rule: "single-leading-system", messageId: "multipleSystem", node: entry.node, data: { role: entry.role! }, site: null });
        } else if (entry.index > 0) {
          const before = entry.index === 1 ? "another message" : `${entry.index} other messages`;
          findings.push({ rule: "single-leading-system", messageId: "systemNotFirst", node: entry.node, data: { role: entry.role!, before }, site: null });
        }
      });
    }
    return findings;
  },
};
