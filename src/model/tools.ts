import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { flattenPieces, toJson, toPlain, type Value } from "../eval/values.js";
import type { Piece, Segment, ToolDefinition } from "./types.js";

/** A structure (tools, a schema) as the one JSON text it is sent as when it is all static, else its pieces. */
export function structurePieces(value: Value, node: TSESTree.Node): Piece[] {
  const json = toJson(value);
  return json === null ? flattenPieces(value) : [{ stability: "static", text: json, node, reason: "literal structure" }];
}

/** The tools of a prompt as one segment; `definitions`, when read, give the token estimate its exact count. */
export function toolsSegment(value: Value, node: TSESTree.Node, definitions?: ToolDefinition[] | null): Segment {
  return { kind: "tools", role: null, pieces: structurePieces(value, node), node, isFinal: false, ...(definitions !== undefined && { tools: definitions }), value };
}

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
    tools.push(definition(fn.name, fn.description, record(fn.parameters)));
  }
  return tools;
}

/** A tool definition from its name, description and JSON schema of parameters, in any SDK's shape. */
export function definition(name: string, description: unknown, schema: Record<string, unknown> | null): ToolDefinition {
  const properties = record(schema?.properties) ?? {};
  return {
    name,
    description: typeof description === "string" ? description : "",
    parameters: Object.entries(properties).map(([parameter, property]) => {
      const fields = record(property) ?? {};
      return {
        name: parameter,
        type: typeof fields.type === "string" ? fields.type : "",
        description: typeof fields.description === "string" ? fields.description : "",
        enum: Array.isArray(fields.enum) ? fields.enum.map(String) : [],
      };
    }),
  };
}

export function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
