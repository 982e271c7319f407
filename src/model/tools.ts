import { toPlain, type Value } from "../eval/values.js";
import type { ToolDefinition } from "./types.js";

/**
 * Tool definitions read from a fully static `tools` array, in either OpenAI shape
 * (`{ type: "function", function: { name, ... } }` or the Responses API's flat form), for the
 * token estimate. Null when any part is not static or the shape is not recognized.
 */
export function tryToolDefinitions(value: Value): ToolDefinition[] | null {
  const plain = toPlain(value);
  if (!Array.isArray(plain)) return null;
  const tools: ToolDefinition[] = [];
  for (const item of plain) {
    const tool = record(item);
    const fn = record(tool?.function) ?? tool;
    if (!fn || typeof fn.name !== "string") return null;
    const properties = record(record(fn.parameters)?.properties) ?? {};
    tools.push({
      name: fn.name,
      description: typeof fn.description === "string" ? fn.description : "",
      parameters: Object.entries(properties).map(([name, schema]) => {
        const property = record(schema) ?? {};
        return {
          name,
          type: typeof property.type === "string" ? property.type : "",
          description: typeof property.description === "string" ? property.description : "",
          enum: Array.isArray(property.enum) ? property.enum.map(String) : [],
        };
      }),
    });
  }
  return tools;
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
