import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { knownText, type ObjectValue, type Value } from "../eval/values.js";
import { anthropicPrompt } from "../model/anthropic-prompt.js";
import { bedrockPrompt } from "../model/bedrock-prompt.js";
import type { Parameter, RequestSite } from "../model/types.js";
import type { FileImports } from "./index.js";
import { constructionOf, constructorSource, initializerOf, sdkClient } from "./definitions.js";

/*
 * Requests through `@aws-sdk/client-bedrock-runtime`: `client.send(new ConverseCommand(input))`
 * and `ConverseStreamCommand` (the command inline or built into a `const` first), the aggregated
 * client's `converse` / `converseStream`, and `InvokeModelCommand` /
 * `InvokeModelWithResponseStreamCommand` / `invokeModel` with an Anthropic Messages body
 * (`body: JSON.stringify({ anthropic_version, system, messages })`).
 */

const SDK = "@aws-sdk/client-bedrock-runtime";

const COMMANDS: Record<string, string> = {
  ConverseCommand: "converse",
  ConverseStreamCommand: "converse",
  InvokeModelCommand: "invoke-model",
  InvokeModelWithResponseStreamCommand: "invoke-model",
};

/** Methods of the aggregated `BedrockRuntime` client, by the API they call. */
const METHODS: Record<string, string> = {
  converse: "converse",
  converseStream: "converse",
  invokeModel: "invoke-model",
  invokeModelWithResponseStream: "invoke-model",
};

/** The request a call expression makes, or null when it is not a Bedrock Runtime request. */
export function bedrockRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  if (!imports.modules.has(SDK) || call.callee.type !== "MemberExpression" || call.callee.computed || call.callee.property.type !== "Identifier") return null;
  const argument = call.arguments[0];
  if (!argument || argument.type === "SpreadElement") return null;
  const method = call.callee.property.name;
  let api: string | undefined;
  let inputNode: TSESTree.Node | undefined;
  if (method === "send") {
    const command = constructionOf(evaluator, argument);
    const source = command ? constructorSource(evaluator, command.callee) : null;
    api = source?.module === SDK ? COMMANDS[source.className] : undefined;
    const input = command?.arguments[0];
    inputNode = input && input.type !== "SpreadElement" ? input : undefined;
  } else if (method in METHODS) {
    const client = sdkClient(evaluator, call.callee.object);
    if (client?.module !== SDK || client.className !== "BedrockRuntime") return null;
    api = METHODS[method];
    inputNode = argument;
  }
  if (!api) return null;
  const inputValue = inputNode ? evaluator.evaluate(inputNode) : null;
  const input = inputValue?.kind === "object" ? inputValue : null;
  const modelEntry = input?.properties.get("modelId");
  const base = { node: call, provider: "bedrock" as const, sdk: SDK, api, model: modelEntry ? knownText(modelEntry.value) : null, headers: new Map<string, Parameter>() };
  if (api === "invoke-model") {
    const body = input ? invokeBody(evaluator, input) : null;
    // Only Claude's Messages body has a prompt model here; other models' bodies differ by vendor.
    if (!body || !["messages", "system", "anthropic_version"].some((key) => body.properties.has(key))) return null;
    const prompt = anthropicPrompt(evaluator, body);
    return { ...base, segments: prompt.segments, parameters: new Map(body.properties), breakpoints: prompt.breakpoints, breakpointsComplete: prompt.complete };
  }
  const prompt = input ? bedrockPrompt(evaluator, input) : { segments: [], breakpoints: [], complete: false };
  const parameters = new Map(input?.properties ?? []);
  // `toolConfig.toolChoice` is the tool-choice parameter (what stable-tool-choice reads).
  const toolConfig = input?.properties.get("toolConfig")?.value;
  const toolChoice = toolConfig?.kind === "object" ? toolConfig.properties.get("toolChoice") : undefined;
  if (toolChoice) parameters.set("toolChoice", toolChoice);
  return { ...base, segments: prompt.segments, parameters, breakpoints: prompt.breakpoints, breakpointsComplete: prompt.complete };
}

/** The JSON body of an `InvokeModel` input: `body: JSON.stringify({...})`, or the object itself. */
function invokeBody(evaluator: Evaluator, input: ObjectValue): ObjectValue | null {
  const entry = input.properties.get("body");
  if (!entry) return null;
  const node = entry.node.type === "Property" ? entry.node.value : entry.node;
  let value: Value = entry.value;
  const stringified = stringifyArgument(node) ?? stringifyArgument(initializerOf(evaluator, node));
  if (stringified) value = evaluator.evaluate(stringified);
  return value.kind === "object" ? value : null;
}

function stringifyArgument(node: TSESTree.Node | null): TSESTree.Node | null {
  if (
    node?.type === "CallExpression" &&
    node.callee.type === "MemberExpression" &&
    node.callee.object.type === "Identifier" &&
    node.callee.object.name === "JSON" &&
    !node.callee.computed &&
    node.callee.property.type === "Identifier" &&
    node.callee.property.name === "stringify" &&
    node.arguments[0] &&
    node.arguments[0].type !== "SpreadElement"
  ) {
    return node.arguments[0];
  }
  return null;
}
