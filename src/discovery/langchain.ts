import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walk } from "../ast/walk.js";
import type { Evaluator } from "../eval/evaluator.js";
import { knownText, opaque, stabilityOf, type ObjectValue, type PropertyEntry, type Value } from "../eval/values.js";
import {
  chatPromptFactory,
  isLangChainModule,
  langChainMessageArray,
  langChainMessages,
  langChainName,
  templateFormatOf,
  boundToolsSegment,
  type MessageContext,
} from "../model/langchain-prompt.js";
import { worstStability, type Breakpoint, type Parameter, type ProviderName, type RequestSite, type Segment, type Stability } from "../model/types.js";
import type { Wire } from "../model/request-edits.js";
import { providerFromBaseURL } from "./clients.js";
import { localClient, throughCustomFetch } from "./custom-fetch.js";
import { definitionOf, constructorSource, propertyName } from "./definitions.js";
import type { FileImports } from "./index.js";

/*
 * LangChain JS: `ChatPromptTemplate.fromMessages([...])` templates (a prompt of their own, sent by
 * the model they are piped into) and `model.invoke|stream|batch(messages)` on a chat model
 * (`new ChatOpenAI(...)`, `ChatAnthropic`, `ChatXAI`, `ChatGroq`, `ChatMistralAI`, `ChatOllama`...).
 * Checked against langchain-ai/langchainjs@62fc484: `libs/langchain-core/src/prompts/chat.ts`,
 * `libs/providers/langchain-openai/src/chat_models/base.ts` (`promptCacheKey` as a field and a call
 * option), `libs/providers/langchain-anthropic/src/chat_models.ts` (call option `cache_control`).
 */

/** Chat model classes and the provider they send to (before any base URL override). */
const CHAT_MODELS: Record<string, ProviderName> = {
  ChatOpenAI: "openai",
  AzureChatOpenAI: "openai",
  ChatOpenAIResponses: "openai",
  ChatOpenAICompletions: "openai",
  ChatAnthropic: "anthropic",
  ChatAnthropicMessages: "anthropic",
  ChatXAI: "xai",
  ChatGroq: "groq",
  ChatMistralAI: "mistral",
  ChatOllama: "ollama",
  ChatDeepSeek: "deepseek",
  ChatGoogleGenerativeAI: "google",
  ChatVertexAI: "google",
  ChatBedrockConverse: "bedrock",
  ChatTogetherAI: "together",
  ChatFireworks: "fireworks",
};

/** Classes built on `ChatOpenAI` whose `configuration.baseURL` can point at another provider. */
const OPENAI_CLIENTS = new Set(["ChatOpenAI", "AzureChatOpenAI", "ChatOpenAIResponses", "ChatOpenAICompletions"]);

/** Provider packages, for a template whose model is not in the file. */
const PROVIDER_PACKAGES: Array<[string, ProviderName]> = [
  ["@langchain/openai", "openai"],
  ["@langchain/anthropic", "anthropic"],
  ["@langchain/xai", "xai"],
  ["@langchain/groq", "groq"],
  ["@langchain/mistralai", "mistral"],
  ["@langchain/ollama", "ollama"],
  ["@langchain/deepseek", "deepseek"],
  ["@langchain/google-genai", "google"],
  ["@langchain/google-vertexai", "google"],
  ["@langchain/aws", "bedrock"],
];

/** Runnable methods that send their first argument through a model or template. */
const MODEL_CALLS = new Set(["invoke", "stream", "batch"]);
const TEMPLATE_CALLS = new Set(["invoke", "stream", "batch", "streamEvents", "streamLog", "formatMessages", "formatPromptValue", "format"]);
/** Calls on a template whose result is the messages themselves, which a model call can take. */
const TEMPLATE_RESULTS = new Set(["invoke", "formatMessages", "formatPromptValue"]);
/** Methods that wrap a runnable and keep its input. */
const WRAPPERS = new Set(["withConfig", "bind", "withRetry", "withFallbacks", "withListeners", "withStructuredOutput"]);

/** The API name of a template site: sent by a model in the file, or by one the file does not show. */
export const PROMPT_TEMPLATE_API = "prompt-template";

/** A chat model constructed in this file, with what later calls bind to it. */
interface ChatModel {
  className: string;
  module: string;
  provider: ProviderName;
  model: string | null;
  /** Constructor fields, then bound call options (`withConfig`, `bindTools` kwargs), in order. */
  options: ObjectValue[];
  tools: PropertyEntry | null;
  /** The options the model hands to its SDK client (see `sdkClientOf`), when they are an object. */
  client: ObjectValue | null;
}

/** A LangChain request: a chat prompt template, or a chat model call with its messages. */
export function langChainRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  if (!hasLangChain(imports)) return null;
  if (chatPromptFactory(evaluator, call)) return templateRequest(evaluator, call, imports);
  return modelRequest(evaluator, call, imports);
}

/** Per file (the imports object is made once per analysis), not per call. */
const importsLangChain = new WeakMap<FileImports, boolean>();

function hasLangChain(imports: FileImports): boolean {
  let found = importsLangChain.get(imports);
  if (found === undefined) importsLangChain.set(imports, (found = [...imports.modules].some(isLangChainModule)));
  return found;
}

function templateRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  const argument = call.arguments[0];
  if (!argument || argument.type === "SpreadElement") return null;
  const use = templateUses(evaluator, call);
  const context: MessageContext = {
    format: templateFormatOf(evaluator, call.arguments[1]),
    variable: (name) => partialVariable(evaluator, use.partials, name) ?? (use.unknownInputs ? null : boundVariable(evaluator, use.inputs, name)),
    markers: markersFor(use.model?.provider ?? null),
  };
  const prompt = langChainMessages(evaluator, evaluator.evaluate(argument), argument, context);
  const model = use.model;
  const options = model?.options ?? [];
  const site: RequestSite = {
    node: call,
    provider: model?.provider ?? providerFromImports(imports),
    sdk: "@langchain/core",
    // Without the model in sight, the request (its routing key, its model's minimum) is not known.
    api: model ? PROMPT_TEMPLATE_API : "messages",
    model: model?.model ?? null,
    ...assemble(prompt, model?.tools ?? null, options, model?.provider ?? null),
    parameters: parametersOf(options),
    headers: headersOf(options),
  };
  return model ? throughCustomFetch(evaluator, site, localClient(evaluator, model.client), clientWire(model, options, model.tools)) : site;
}

function modelRequest(evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports): RequestSite | null {
  const method = propertyName(call.callee);
  const input = call.arguments[0];
  if (method === null || !MODEL_CALLS.has(method) || call.callee.type !== "MemberExpression" || !input || input.type === "SpreadElement") return null;
  // Messages made by a template are that template's request (see `templateUses`).
  if (isTemplateResult(evaluator, input)) return null;
  const model = chatModel(evaluator, call.callee.object);
  if (!model) return unboundRequest(evaluator, call, input, imports);
  const callOptions = objectArgument(evaluator, call.arguments[1]);
  const options = callOptions ? [...model.options, callOptions] : model.options;
  const context: MessageContext = { format: null, variable: () => null, markers: markersFor(model.provider) };
  const messages = method === "batch" ? batchInput(evaluator, input) : evaluator.evaluate(input);
  const prompt = langChainMessages(evaluator, messages, input, context);
  const tools = callOptions?.properties.get("tools") ?? model.tools;
  const site: RequestSite = {
    node: call,
    provider: model.provider,
    sdk: model.module,
    api: method,
    model: model.model,
    ...assemble(prompt, tools, options, model.provider),
    parameters: parametersOf(options),
    headers: headersOf(options),
  };
  return throughCustomFetch(evaluator, site, localClient(evaluator, model.client), clientWire(model, options, tools));
}

/**
 * `llm.invoke([new SystemMessage(...), ...])` on a model the file does not construct (a parameter,
 * an import): the messages are still a prompt, with the provider the imports suggest.
 */
function unboundRequest(evaluator: Evaluator, call: TSESTree.CallExpression, input: TSESTree.Node, imports: FileImports): RequestSite | null {
  // A receiver made in this file that is not a chat model (`const workflow = { invoke }`) is not one.
  if (call.callee.type !== "MemberExpression" || definitionOf(evaluator, call.callee.object)) return null;
  const list = definitionOf(evaluator, input);
  if (list?.type !== "ArrayExpression" || !langChainMessageArray(evaluator, list)) return null;
  const context: MessageContext = { format: null, variable: () => null, markers: markersFor(null) };
  const prompt = langChainMessages(evaluator, evaluator.evaluate(input), input, context);
  return {
    node: call,
    provider: providerFromImports(imports),
    sdk: "@langchain/core",
    api: "messages",
    model: null,
    ...assemble(prompt, null, [], null),
    parameters: new Map(),
    headers: new Map(),
  };
}

/** The segments in prefix order (tools first) and every cache marker, block and call level. */
function assemble(prompt: ReturnType<typeof langChainMessages>, tools: PropertyEntry | null, options: ObjectValue[], provider: ProviderName | null): { segments: Segment[]; breakpoints: Breakpoint[] } {
  const lead: Segment[] = tools ? [boundToolsSegment(tools)] : [];
  const breakpoints: Breakpoint[] = prompt.breakpoints.map((breakpoint) => ({ ...breakpoint, segment: breakpoint.segment === null ? null : breakpoint.segment + lead.length }));
  // ChatAnthropic's call option `cache_control` becomes the request's top-level automatic
  // breakpoint; a later option (`withConfig`, then the call's own) replaces an earlier one.
  const automatic = provider === "anthropic" ? options.findLast((option) => option.properties.has("cache_control"))?.properties.get("cache_control") : undefined;
  if (automatic) {
    const ttl = automatic.value.kind === "object" ? automatic.value.properties.get("ttl") : undefined;
    breakpoints.push({ node: automatic.node, ttl: ttl ? knownText(ttl.value) : null, segment: null });
  }
  return { segments: [...lead, ...prompt.segments], breakpoints };
}

function markersFor(provider: ProviderName | null): ReadonlySet<"cache_control" | "cachePoint"> {
  if (provider === "anthropic") return new Set(["cache_control"]);
  if (provider === "bedrock") return new Set(["cachePoint", "cache_control"]);
  return provider === null ? new Set(["cache_control", "cachePoint"]) : new Set();
}

/** Constructor fields and call options by LangChain's own names; later ones win. */
function parametersOf(options: ObjectValue[]): Map<string, Parameter> {
  const parameters = new Map<string, Parameter>();
  for (const option of options) for (const [name, entry] of option.properties) parameters.set(name, entry);
  return parameters;
}

/**
 * Headers: `configuration.defaultHeaders` (ChatOpenAI), `clientOptions.defaultHeaders`
 * (ChatAnthropic), then call options `headers` and `options.headers`, by lower-case name.
 */
function headersOf(options: ObjectValue[]): Map<string, Parameter> {
  const headers = new Map<string, Parameter>();
  const add = (entry: PropertyEntry | undefined) => {
    if (entry?.value.kind !== "object") return;
    for (const [name, header] of entry.value.properties) headers.set(name.toLowerCase(), header);
  };
  for (const option of options) {
    for (const client of ["configuration", "clientOptions"]) {
      const value = option.properties.get(client)?.value;
      if (value?.kind === "object") add(value.properties.get("defaultHeaders"));
    }
    add(option.properties.get("headers"));
    const request = option.properties.get("options")?.value;
    if (request?.kind === "object") add(request.properties.get("headers"));
  }
  return headers;
}

/**
 * The chat model an expression is: `new ChatOpenAI({...})` (inline, through a `const` or a class
 * member), optionally wrapped by `bindTools(tools, kwargs)`, `withConfig(options)` and friends.
 */
function chatModel(evaluator: Evaluator, node: TSESTree.Node, depth = 0): ChatModel | null {
  const expression = definitionOf(evaluator, node);
  if (!expression || depth > 6) return null;
  if (expression.type === "NewExpression") {
    const source = constructorSource(evaluator, expression.callee);
    if (!source || !isLangChainModule(source.module) || !(source.className in CHAT_MODELS)) return null;
    // `new ChatOpenAI("gpt-4o", { ... })` and `new ChatOpenAI({ model: "gpt-4o", ... })`.
    const [first, second] = expression.arguments.map((argument) => (argument.type === "SpreadElement" ? null : evaluator.evaluate(argument)));
    const fields = [first, second].find((value): value is ObjectValue => value?.kind === "object") ?? null;
    const modelEntry = fields?.properties.get("model") ?? fields?.properties.get("modelName");
    const model = first?.kind === "string" ? knownText(first) : modelEntry ? knownText(modelEntry.value) : null;
    return {
      className: source.className,
      module: source.module.split("/").slice(0, 2).join("/"),
      provider: providerOf(source.className, fields),
      model,
      options: fields ? [fields] : [],
      tools: fields?.properties.get("tools") ?? null,
      client: sdkClientOf(source.className, fields),
    };
  }
  if (expression.type !== "CallExpression") return null;
  if (langChainName(evaluator, expression.callee) === "initChatModel") return universalModel(evaluator, expression);
  if (expression.callee.type !== "MemberExpression") return null;
  const method = propertyName(expression.callee);
  if (method !== "bindTools" && (method === null || !WRAPPERS.has(method))) return null;
  const base = chatModel(evaluator, expression.callee.object, depth + 1);
  if (!base) return null;
  if (method === "bindTools") {
    const tools = expression.arguments[0];
    const kwargs = objectArgument(evaluator, expression.arguments[1]);
    return {
      ...base,
      options: kwargs ? [...base.options, kwargs] : base.options,
      tools: tools && tools.type !== "SpreadElement" ? { value: evaluator.evaluate(tools), node: tools } : base.tools,
    };
  }
  if (method === "withConfig" || method === "bind") {
    const options = objectArgument(evaluator, expression.arguments[0]);
    return options ? { ...base, options: [...base.options, options], tools: options.properties.get("tools") ?? base.tools } : base;
  }
  return base;
}

/** `initChatModel` provider names (`"openai:gpt-5.2"`, `{ modelProvider }`) and where they send. */
const UNIVERSAL_PROVIDERS: Record<string, ProviderName> = {
  openai: "openai",
  azure_openai: "openai",
  anthropic: "anthropic",
  xai: "xai",
  groq: "groq",
  mistralai: "mistral",
  ollama: "ollama",
  deepseek: "deepseek",
  google: "google",
  "google-genai": "google",
  "google-vertexai": "google",
  bedrock: "bedrock",
  together: "together",
  fireworks: "fireworks",
};

/** `await initChatModel("openai:gpt-5.2", { ... })` from `langchain/chat_models/universal` (or `langchain`). */
function universalModel(evaluator: Evaluator, call: TSESTree.CallExpression): ChatModel | null {
  const [first, second] = call.arguments.map((argument) => (argument.type === "SpreadElement" ? null : evaluator.evaluate(argument)));
  const fields = [first, second].find((value): value is ObjectValue => value?.kind === "object") ?? null;
  const id = first?.kind === "string" ? knownText(first) : fields?.properties.get("model") ? knownText(fields.properties.get("model")!.value) : null;
  const named = fields?.properties.get("modelProvider");
  const prefix = id?.includes(":") ? id.slice(0, id.indexOf(":")) : null;
  const providerName = (named ? knownText(named.value) : null) ?? prefix;
  const provider = providerName === null ? null : UNIVERSAL_PROVIDERS[providerName];
  if (!provider) return null;
  return {
    className: "initChatModel",
    module: "langchain",
    provider,
    model: id !== null && prefix !== null && !named ? id.slice(prefix.length + 1) : id,
    options: fields ? [fields] : [],
    tools: null,
    client: null,
  };
}

/**
 * Classes whose `configuration` reaches the `openai` client (`@langchain/openai`, and
 * `ChatDeepSeek`, which passes it on). `ChatXAI` and `ChatTogetherAI` replace it with their own
 * base URL, so a `fetch` there never runs.
 */
const CONFIGURATION_CLIENTS = new Set([...OPENAI_CLIENTS, "ChatDeepSeek"]);
const ANTHROPIC_CLIENTS = new Set(["ChatAnthropic", "ChatAnthropicMessages"]);

/** The options a chat model class hands to its SDK client: `configuration` (OpenAI) or `clientOptions` (Anthropic). */
function sdkClientOf(className: string, fields: ObjectValue | null): ObjectValue | null {
  const name = ANTHROPIC_CLIENTS.has(className) ? "clientOptions" : CONFIGURATION_CLIENTS.has(className) ? "configuration" : null;
  const value = name ? fields?.properties.get(name)?.value : undefined;
  return value?.kind === "object" ? value : null;
}

/** Models whose system messages LangChain sends as `developer` messages (its `isReasoningModel`). */
const REASONING_MODEL = /^(?:o\d|gpt-5(?!-chat))/;
/** Models LangChain sends to the Responses API by itself (its `_modelPrefersResponsesAPI`). */
const RESPONSES_MODEL = /codex|gpt-5\.\d+-pro/;
/** Options that make `ChatOpenAI` use the Responses API when `useResponsesApi` is not set. */
const RESPONSES_OPTIONS = ["reasoning", "text", "truncation", "include", "previous_response_id"];

/**
 * The body a model's client sends, as far as the custom fetch's changes can be mapped onto the
 * model's messages: the Messages body for Anthropic; Chat Completions for an OpenAI model only
 * when LangChain surely sends one with `system` roles (not a reasoning model, whose system
 * messages become `developer`; not the Responses API, which `useResponsesApi`, some models, tools
 * or options switch to). Anything else: the changes leave the request unknown.
 */
function clientWire(model: ChatModel, options: readonly ObjectValue[], tools: PropertyEntry | null): Wire {
  if (ANTHROPIC_CLIENTS.has(model.className)) return { format: "anthropic", path: "/messages" };
  const unknown: Wire = { format: null, path: null };
  if (!CONFIGURATION_CLIENTS.has(model.className) || model.className === "ChatOpenAIResponses" || model.model === null || REASONING_MODEL.test(model.model)) return unknown;
  const useResponsesApi = options.findLast((option) => option.properties.has("useResponsesApi"))?.properties.get("useResponsesApi");
  const chat = { format: "chat", path: "/chat/completions" } as const;
  if (useResponsesApi) return knownText(useResponsesApi.value) === "false" ? chat : unknown;
  const mayUseResponses = RESPONSES_MODEL.test(model.model) || tools !== null || options.some((option) => RESPONSES_OPTIONS.some((key) => option.properties.has(key)));
  return mayUseResponses ? unknown : chat;
}

function providerOf(className: string, fields: ObjectValue | null): ProviderName {
  const provider = CHAT_MODELS[className]!;
  if (!OPENAI_CLIENTS.has(className)) return provider;
  const configuration = fields?.properties.get("configuration")?.value;
  const baseURL = configuration?.kind === "object" ? (configuration.properties.get("baseURL") ?? configuration.properties.get("baseUrl")) : undefined;
  if (!baseURL) return provider;
  const url = knownText(baseURL.value);
  return url === null ? "openai-compatible" : providerFromBaseURL(url);
}

function providerFromImports(imports: FileImports): ProviderName {
  for (const [module, provider] of PROVIDER_PACKAGES) {
    for (const imported of imports.modules) if (imported === module || imported.startsWith(`${module}/`)) return provider;
  }
  if ([...imports.modules].some((module) => module.startsWith("@langchain/community/chat_models/ollama"))) return "ollama";
  return "openai";
}

function objectArgument(evaluator: Evaluator, node: TSESTree.Node | undefined): ObjectValue | null {
  if (!node || node.type === "SpreadElement") return null;
  const value = evaluator.evaluate(node);
  return value.kind === "object" ? value : null;
}

/**
 * `model.batch(inputs)`: one prompt per input. A literal list shows the first; `items.map(...)`
 * shows the prompt its callback returns for any element.
 */
function batchInput(evaluator: Evaluator, node: TSESTree.Node): Value {
  const expression = definitionOf(evaluator, node) ?? node;
  if (expression.type === "CallExpression" && propertyName(expression.callee) === "map") {
    const callback = expression.arguments[0];
    if (callback && (callback.type === "ArrowFunctionExpression" || callback.type === "FunctionExpression")) {
      const element = opaque("dynamic", `each element of \`${evaluator.snippet(expression.callee)}\``, expression);
      return evaluator.invoke(callback, [element, opaque("dynamic", "the index", expression)], expression, new Map());
    }
  }
  const value = evaluator.evaluate(node);
  if (value.kind === "array" && value.elements[0] && !value.elements[0].spread) return value.elements[0].value;
  return value;
}

interface TemplateUse {
  /** The chat model the template's messages go to, when the file shows it. */
  model: ChatModel | null;
  /** The first arguments of the calls that fill the template's variables. */
  inputs: TSESTree.Node[];
  /** Some call fills the variables through a step the analyzer cannot follow. */
  unknownInputs: boolean;
  /** `prompt.partial(values)`: values bound once for every call. */
  partials: TSESTree.Node[];
}

/**
 * Where a template goes: `prompt.pipe(model)`, `RunnableSequence.from([prompt, model])`,
 * `model.invoke(await prompt.formatMessages(vars))`, and the calls that fill its variables
 * (`chain.invoke(vars)`, `prompt.invoke(vars)`), through `const` bindings.
 */
function templateUses(evaluator: Evaluator, template: TSESTree.CallExpression): TemplateUse {
  const use: TemplateUse = { model: null, inputs: [], unknownInputs: false, partials: [] };
  const seen = new Set<TSESTree.Node>();
  const bind = (candidate: TSESTree.Node | null | undefined) => {
    const model = candidate ? chatModel(evaluator, candidate) : null;
    if (model && !use.model) use.model = model;
    return model !== null;
  };
  // `runnable` is the template or a chain that starts with it (`first`), or one where it is a later step.
  const visit = (runnable: TSESTree.Node, isTemplate: boolean, first: boolean, depth: number): void => {
    if (depth > 8 || seen.has(runnable)) return;
    seen.add(runnable);
    const node = outermost(runnable);
    const parent = node.parent;
    if (!parent) return;
    if (parent.type === "MemberExpression" && parent.object === node && parent.parent?.type === "CallExpression" && parent.parent.callee === parent) {
      const call = parent.parent;
      const method = propertyName(parent);
      if (method !== null && TEMPLATE_CALLS.has(method)) {
        if (first && call.arguments[0]) use.inputs.push(call.arguments[0]);
        else if (!first) use.unknownInputs = true;
        if (isTemplate && TEMPLATE_RESULTS.has(method)) feedsModel(evaluator, call, bind);
      } else if (method === "partial" && isTemplate) {
        if (call.arguments[0]) use.partials.push(call.arguments[0]);
        visit(call, true, first, depth + 1);
      } else if (method === "pipe") {
        bind(call.arguments[0]);
        visit(call, false, first, depth + 1);
      } else if (method !== null && WRAPPERS.has(method)) {
        visit(call, false, first, depth + 1);
      }
      return;
    }
    if (parent.type === "VariableDeclarator" && parent.init === node && parent.id.type === "Identifier") {
      for (const reference of referencesOf(evaluator, parent.id)) visit(reference, isTemplate, first, depth + 1);
      return;
    }
    // A class field `prompt = ChatPromptTemplate.fromMessages(...)`, used as `this.prompt`.
    if (parent.type === "PropertyDefinition" && parent.value === node && parent.parent.type === "ClassBody" && !parent.computed && parent.key.type === "Identifier") {
      for (const member of thisMembers(parent.parent, parent.key.name)) visit(member, isTemplate, first, depth + 1);
      return;
    }
    // `RunnableSequence.from([prompt, model, parser])`
    if (parent.type === "ArrayExpression" && parent.parent?.type === "CallExpression" && isSequence(evaluator, parent.parent)) {
      const index = parent.elements.indexOf(node as TSESTree.Expression);
      bind(parent.elements[index + 1]);
      visit(parent.parent, false, first && index === 0, depth + 1);
    }
  };
  visit(template, true, true, 0);
  return use;
}

/** `this.name` reads in a class body. */
function thisMembers(body: TSESTree.ClassBody, name: string): TSESTree.Node[] {
  const members: TSESTree.Node[] = [];
  walk(body, (node) => {
    if (node.type === "MemberExpression" && node.object.type === "ThisExpression" && propertyName(node) === name) members.push(node);
  });
  return members;
}

function isSequence(evaluator: Evaluator, call: TSESTree.CallExpression): boolean {
  if (call.callee.type !== "MemberExpression" || propertyName(call.callee) !== "from") return false;
  return langChainName(evaluator, call.callee.object) === "RunnableSequence";
}

/** `model.invoke(await prompt.formatMessages(vars))`, directly or through a `const`. */
function feedsModel(evaluator: Evaluator, call: TSESTree.CallExpression, bind: (node: TSESTree.Node) => boolean): void {
  const check = (expression: TSESTree.Node) => {
    const node = outermost(expression);
    const parent = node.parent;
    if (parent?.type === "CallExpression" && parent.arguments[0] === node && parent.callee.type === "MemberExpression" && MODEL_CALLS.has(propertyName(parent.callee) ?? "")) {
      bind(parent.callee.object);
    }
    return parent;
  };
  const parent = check(call);
  if (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier") {
    for (const reference of referencesOf(evaluator, parent.id)) check(reference);
  }
}

/** Read references to the variable a declarator declares. */
function referencesOf(evaluator: Evaluator, id: TSESTree.Identifier): TSESTree.Node[] {
  const variable = evaluator.variableOf(id);
  if (variable?.defs[0]?.name !== id) return [];
  return variable.references.filter((reference) => !reference.isWrite()).map((reference) => reference.identifier);
}

const PASS_THROUGH = new Set(["AwaitExpression", "TSAsExpression", "TSNonNullExpression", "TSSatisfiesExpression", "ChainExpression"]);

/** The expression around a node that its value flows out of: `await x`, `x as T`, `x!`. */
function outermost(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && PASS_THROUGH.has(current.parent.type)) current = current.parent;
  return current;
}

/** True when a model's input is what a template call produced: that template's site covers it. */
function isTemplateResult(evaluator: Evaluator, input: TSESTree.Node): boolean {
  const made = definitionOf(evaluator, input);
  if (made?.type !== "CallExpression" || made.callee.type !== "MemberExpression" || !TEMPLATE_RESULTS.has(propertyName(made.callee) ?? "")) return false;
  return chatPromptFactory(evaluator, definitionOf(evaluator, made.callee.object)) !== null;
}

/** A value bound by `prompt.partial({ name: value })`. */
function partialVariable(evaluator: Evaluator, partials: TSESTree.Node[], name: string): Value | null {
  for (const partial of partials) {
    const value = evaluator.evaluate(partial);
    const entry = value.kind === "object" ? value.properties.get(name) : undefined;
    if (entry) return entry.value;
  }
  return null;
}

/**
 * The value the visible calls bind to a template variable: the value itself when one call shows
 * it, the most changing one when several do, null when any call passes something not in sight.
 */
function boundVariable(evaluator: Evaluator, inputs: TSESTree.Node[], name: string): Value | null {
  if (inputs.length === 0) return null;
  const values: Value[] = [];
  for (const input of inputs) {
    const value = evaluator.evaluate(input);
    const objects = value.kind === "array" ? value.elements.map((element) => (element.spread ? null : element.value)) : [value];
    for (const object of objects) {
      const entry = object?.kind === "object" ? object.properties.get(name) : undefined;
      if (!entry) return null;
      values.push(entry.value);
    }
  }
  if (values.length === 1) return values[0]!;
  const texts = values.map(knownText);
  if (texts[0] !== null && texts.every((text) => text === texts[0])) return values[0]!;
  const worst = values.reduce<Stability>((stability, value) => worstStability(stability, stabilityOf(value)), "static");
  return values.find((value) => stabilityOf(value) === worst)!;
}
