import type { Api, Divergence } from "../types.js";

/** Where a divergence is, in the request's own terms: `messages[3].content[1]`, `input[0]`, `tools[2]`, `instructions`. */
export function location(divergence: Pick<Divergence, "part" | "index"> & { block?: number | null }, api: Api): string {
  const { part, index, block = null } = divergence;
  const content = block === null ? "" : `.content[${block}]`;
  switch (part) {
    case "model":
    case "routing_key":
    case "response_format":
    case "tool_choice":
      return part;
    case "tools":
      return index === null ? "tools" : `tools[${index}]`;
    case "system":
      if (index === null) return api === "responses" ? "instructions" : block === null ? "system" : `system[${block}]`;
      break;
    case "messages":
    case "image":
      if (index === null) return "earlier turns (previous_response_id)";
      break;
  }
  return `${api === "responses" ? "input" : "messages"}[${index}]${content}`;
}
