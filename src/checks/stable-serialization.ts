import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { isChanging } from "../model/types.js";
import { describePiece, placedPieces } from "./prefix-walk.js";
import type { Check, Finding } from "./types.js";

/**
 * `JSON.stringify` of an object built at run time writes its keys in insertion order, which can
 * differ between requests for the same data (OpenRouterTeam/ai-sdk-provider#472,
 * maximhq/bifrost#2082). Inside the cached prefix or a tool definition, each drift is a miss.
 */
export const stableSerialization: Check<Record<string, never>> = {
  name: "stable-serialization",
  config: "strict",
  messages: {
    unstableJson:
      "{{expression}} serializes an object built at run time, whose key order can differ between requests for the same data, and it sits in the cached part of the prompt. Serialize with sorted keys (a stable stringify such as `safe-stable-stringify` or `fast-json-stable-stringify`).",
  },
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      for (const { piece, segment } of placedPieces(site)) {
        if (segment.isFinal || !isChanging(piece.stability) || !isJsonStringify(piece.origin ?? piece.node)) continue;
        findings.push({ rule: "stable-serialization", messageId: "unstableJson", node: piece.node, data: { expression: describePiece(piece, analysis.source) }, site });
      }
    }
    return findings;
  },
};

function isJsonStringify(node: TSESTree.Node): boolean {
  return (
    node.type === "CallExpression" &&
    node.callee.type === "MemberExpression" &&
    node.callee.object.type === "Identifier" &&
    node.callee.object.name === "JSON" &&
    !node.callee.computed &&
    node.callee.property.type === "Identifier" &&
    node.callee.property.name === "stringify" &&
    node.arguments.length === 1
  );
}
