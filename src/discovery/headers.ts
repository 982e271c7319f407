import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import type { ObjectValue } from "../eval/values.js";
import type { Parameter } from "../model/types.js";

/**
 * The headers a request sends: the client's `defaultHeaders` overridden by the request options'
 * `headers` (the SDKs' second argument), by lower-case name.
 */
export function requestHeaders(evaluator: Evaluator, clientOptions: ObjectValue | null, optionsNode: TSESTree.Node | undefined): Map<string, Parameter> {
  const headers = new Map<string, Parameter>();
  const add = (object: ObjectValue | null, key: string) => {
    const entry = object?.properties.get(key);
    if (entry?.value.kind !== "object") return;
    for (const [name, header] of entry.value.properties) headers.set(name.toLowerCase(), header);
  };
  add(clientOptions, "defaultHeaders");
  if (optionsNode && optionsNode.type !== "SpreadElement") {
    const options = evaluator.evaluate(optionsNode);
    if (options.kind === "object") add(options, "headers");
  }
  return headers;
}
