import type { ToolDefinition } from "../model/types.js";
import type { EncodingName } from "../providers/types.js";
import { countTokens } from "./count.js";

/*
 * OpenAI renders tool definitions into the prompt in a format it does not publish. This is the
 * estimate of the OpenAI cookbook "How to count tokens with tiktoken", `num_tokens_for_tools`,
 * with its constants measured for gpt-4o / gpt-4o-mini (o200k_base) and gpt-4 / gpt-3.5-turbo
 * (cl100k_base); they differ only in the cost of starting a function.
 */
const FUNC_INIT: Record<EncodingName, number> = { o200k_base: 7, cl100k_base: 10 };
const PROP_INIT = 3;
const PROP_KEY = 3;
const ENUM_INIT = -3;
const ENUM_ITEM = 3;
const FUNC_END = 12;

/** Estimated prompt tokens of a request's tool definitions. */
export function countToolTokens(tools: ToolDefinition[], encoding: EncodingName): number {
  if (tools.length === 0) return 0;
  let total = FUNC_END;
  for (const tool of tools) {
    total += FUNC_INIT[encoding] + countTokens(`${tool.name}:${withoutFinalPeriod(tool.description)}`, encoding);
    if (tool.parameters.length > 0) total += PROP_INIT;
    for (const parameter of tool.parameters) {
      total += PROP_KEY;
      if (parameter.enum.length > 0) {
        total += ENUM_INIT;
        for (const item of parameter.enum) total += ENUM_ITEM + countTokens(item, encoding);
      }
      total += countTokens(`${parameter.name}:${parameter.type}:${withoutFinalPeriod(parameter.description)}`, encoding);
    }
  }
  return total;
}

/** The cookbook drops one trailing period from descriptions. */
function withoutFinalPeriod(text: string): string {
  return text.endsWith(".") ? text.slice(0, -1) : text;
}
