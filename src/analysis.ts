import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { discoverers, type FileImports } from "./discovery/index.js";
import { promptFunctionSite, sinkArgumentSite, type PromptSinkOptions } from "./discovery/sinks.js";
import { wrapperDiscoverer, type CallDeclaration } from "./discovery/wrappers.js";
import { Evaluator, propertyKey, type EvaluatorOptions } from "./eval/evaluator.js";
import type { ScopeManagerLike, VariableLike } from "./eval/scope.js";
import { knownText } from "./eval/values.js";
import { isLangChainModule, langChainMessageArray } from "./model/langchain-prompt.js";
import { conversationSegments } from "./model/openai-prompt.js";
import type { MessageArray, MessageEntry, ProviderName, RequestSite } from "./model/types.js";

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

/** Everything the checks need to know about one file, computed once for all rules. */
export interface FileAnalysis {
  program: TSESTree.Program;
  source: string;
  sites: RequestSite[];
  messageArrays: MessageArray[];
  /** The variable a name of the file refers to (scope analysis), for checks that look at how it is used. */
  variableOf(identifier: TSESTree.Identifier): VariableLike | null;
}

/**
 * A cheap test that rejects most files before any analysis: a request, a message array or a
 * prompt handed to a framework always shows one of these in the source text. Provider names count
 * only where they name an SDK (an import, a client class, an API host), not in a comment's link or
 * an error class, so that an SDK's own sources and code that merely mentions a provider are skipped.
 */
const REQUEST_HINT = new RegExp(
  [
    // A message or prompt: `role: "user"`, `{ role, content }`, `system:`, `systemPrompt`, `instructions`.
    String.raw`\brole["']?\s*[:,}]`,
    String.raw`[Pp]rompt`,
    String.raw`[Ii]nstructions`,
    String.raw`\bpreamble\b`,
    String.raw`system(?:Message|_message)?["']?\s*:`,
    // An SDK's API: `chat.completions.create`, `responses.create`, `messages.create`, `generateContent`.
    String.raw`\b(?:completions|responses)\s*\??\.`,
    String.raw`\bmessages\s*\??\.\s*(?:create|stream|parse|countTokens)\b`,
    String.raw`generateContent|\b(?:generate|stream)(?:Text|Object)\b`,
    // An endpoint path of a raw HTTP request.
    String.raw`\/(?:chat\/)?completions\b|\/v1\/(?:responses|messages)\b`,
    // An SDK's module or host. A client class needs no entry: its name comes with the SDK's import.
    String.raw`["'](?:openai|groq-sdk|ai|ollama)(?:\/[^"'\n]*)?["']|@anthropic-ai\/|@ai-sdk\/(?!provider\b|provider-utils\b)|@mistralai\/|\bgenai\b|bedrock|langchain`,
    // A client in a variable named after its SDK (`this.mistral.chat.complete(...)`).
    String.raw`\b(?:groq|mistral|ollama)\b`,
    String.raw`api\.openai\.com|openai\.azure\.com|api\.x\.ai|api\.anthropic\.com|generativelanguage\.googleapis\.com|api\.mistral\.ai|api\.deepseek\.com|openrouter\.ai`,
  ].join("|"),
);

/** True when the file may make a request; `calls` are the project's wrappers, `promptSinks` its prompt properties. */
export function mightContainRequests(source: string, hints: Pick<AnalysisOptions, "calls" | "promptSinks"> = {}): boolean {
  return (
    REQUEST_HINT.test(source) ||
    (hints.calls ?? []).some((call) => source.includes(call.callee.split(".").at(-1)!)) ||
    (hints.promptSinks?.properties ?? []).some((property) => source.includes(property)) ||
    (hints.promptSinks?.functions !== undefined && mentionsFunction(source, hints.promptSinks.functions))
  );
}

/** Whether any identifier in the text matches a configured prompt-function pattern (opt-in, so a full scan is fine). */
function mentionsFunction(source: string, pattern: RegExp): boolean {
  const matcher = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
  return (source.match(/[A-Za-z_$][\w$]*/g) ?? []).some((word) => matcher.test(word));
}

export interface AnalysisOptions extends EvaluatorOptions {
  /** The project's own request wrappers (settings `calls`). */
  calls?: readonly CallDeclaration[];
  /** Where system prompts are handed to code the analyzer cannot see (settings `promptSinks`). */
  promptSinks?: PromptSinkOptions;
}

/**
 * The nodes discovery looks at, gathered in a pass over the tree that happens anyway: the parse's
 * (parse.ts, which adds `loc` to oxc's tree: `parseForAnalysis`) for the CLI, ESLint's own
 * traversal in the rules.
 */
export class DiscoveryNodes {
  /** The node types `visit` keeps: what an ESLint rule listens to. */
  static readonly TYPES = ["CallExpression", "NewExpression", "ArrayExpression", "ImportDeclaration", "FunctionDeclaration", "VariableDeclarator", "MethodDefinition"] as const;

  readonly calls: TSESTree.CallExpression[] = [];
  readonly constructions: TSESTree.NewExpression[] = [];
  readonly arrays: TSESTree.ArrayExpression[] = [];
  readonly functions: Array<[FunctionNode, string]> = [];
  readonly modules = new Set<string>();

  /** Takes one node, in source order. */
  visit(node: TSESTree.Node): void {
    if (node.type === "CallExpression") {
      this.calls.push(node);
      const module = requiredModule(node);
      if (module) this.modules.add(module);
    } else if (node.type === "NewExpression") {
      this.constructions.push(node);
    } else if (node.type === "ArrayExpression") {
      this.arrays.push(node);
    } else if (node.type === "ImportDeclaration") {
      this.modules.add(node.source.value.replace(/^node:/, ""));
    } else {
      const named = namedFunction(node);
      if (named) this.functions.push(named);
    }
  }
}

export function analyzeProgram(
  program: TSESTree.Program,
  scopeManager: ScopeManagerLike,
  source: string,
  options: AnalysisOptions = {},
  nodes: DiscoveryNodes,
): FileAnalysis {
  const { calls, constructions, arrays, functions, modules } = nodes;
  const evaluator = new Evaluator(source, scopeManager, options);
  const imports: FileImports = { modules };
  const sites: RequestSite[] = [];
  const known = options.calls?.length ? [wrapperDiscoverer(options.calls), ...discoverers] : discoverers;
  for (const call of calls) {
    for (const discover of known) {
      const site = discover(evaluator, call, imports);
      if (site) {
        sites.push(site);
        break;
      }
    }
  }
  const usesLangChain = [...modules].some(isLangChainModule);
  const messageArrays: MessageArray[] = [];
  const langChainArrays: MessageArray[] = [];
  for (const array of arrays) {
    const plain = messageArray(evaluator, array);
    if (plain) messageArrays.push(plain);
    // LangChain's tuples and message classes carry roles too; they are read by its discoverer.
    const langChain = !plain && usesLangChain ? langChainMessageArray(evaluator, array) : null;
    if (langChain) langChainArrays.push(langChain);
  }
  sites.push(...standaloneSites(evaluator, messageArrays, sites, imports));
  messageArrays.push(...langChainArrays);
  sites.push(...sinkSites(evaluator, [...calls, ...constructions], functions, sites, providerFromImports(imports), options.promptSinks ?? {}));
  sites.sort((a, b) => a.node.range[0] - b.node.range[0]);
  return { program, source, sites, messageArrays, variableOf: (identifier) => evaluator.variableOf(identifier) };
}

/** An array literal of `{ role, content }` objects, wherever it is. */
function messageArray(evaluator: Evaluator, node: TSESTree.ArrayExpression): MessageArray | null {
  const elements = node.elements.filter((element): element is NonNullable<typeof element> => element !== null);
  if (!elements.some(isMessageLiteral)) return null;
  const entries: MessageEntry[] = elements.map((element, index) => {
    const roleProperty = element.type === "ObjectExpression" ? findProperty(element, "role") : null;
    const role = roleProperty ? knownText(evaluator.evaluate(roleProperty.value)) : null;
    return { role, node: element, index };
  });
  return { node, entries };
}

function isMessageLiteral(node: TSESTree.Node): boolean {
  return node.type === "ObjectExpression" && findProperty(node, "role") !== null && findProperty(node, "content") !== null;
}

function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | null {
  for (const property of object.properties) {
    if (property.type === "Property" && propertyKey(property) === name) return property;
  }
  return null;
}

/**
 * A message array that no request in this file sends is still a prompt (it is sent elsewhere):
 * analyze it as a request of its own, with the provider the file's imports suggest.
 */
function standaloneSites(evaluator: Evaluator, arrays: MessageArray[], sites: RequestSite[], imports: FileImports): RequestSite[] {
  const sent = new Set<TSESTree.Node>(sites.flatMap((site) => site.segments.map((segment) => segment.node)));
  const provider = providerFromImports(imports);
  return arrays
    .filter((array) => !array.entries.some((entry) => sent.has(entry.node)) && !isNested(array, arrays))
    .map((array) => ({
      node: array.node,
      provider,
      sdk: "messages",
      api: "messages",
      model: null,
      segments: conversationSegments(evaluator, { node: array.node, value: evaluator.evaluate(array.node) }, "message"),
      parameters: new Map(),
      headers: new Map(),
      breakpoints: [],
    }));
}

/** An array literal spread into another message array is analyzed as part of that one. */
function isNested(array: MessageArray, arrays: MessageArray[]): boolean {
  const parent = array.node.parent;
  return parent?.type === "SpreadElement" && parent.parent?.type === "ArrayExpression" && arrays.some((other) => other.node === parent.parent);
}

function requiredModule(node: TSESTree.CallExpression): string | null {
  const argument = node.arguments[0];
  if (node.callee.type === "Identifier" && node.callee.name === "require" && argument?.type === "Literal" && typeof argument.value === "string") {
    return argument.value.replace(/^node:/, "");
  }
  return null;
}

/** Prompts handed to frameworks (`new Agent({ systemPrompt })`) and prompt-building functions. */
function sinkSites(
  evaluator: Evaluator,
  candidates: Array<TSESTree.CallExpression | TSESTree.NewExpression>,
  functions: Array<[FunctionNode, string]>,
  sites: RequestSite[],
  provider: ProviderName,
  options: PromptSinkOptions,
): RequestSite[] {
  const claimed = sites.map((site) => site.node.range);
  const inside = (node: TSESTree.Node) => claimed.some(([start, end]) => start <= node.range[0] && node.range[1] <= end);
  const found: RequestSite[] = [];
  for (const candidate of candidates) {
    if (inside(candidate)) continue;
    const site = sinkArgumentSite(evaluator, candidate, provider, options);
    if (site) found.push(site);
  }
  for (const [fn, name] of functions) {
    const site = promptFunctionSite(evaluator, fn, name, provider, options);
    if (site) found.push(site);
  }
  return found;
}

/** `function buildPrompt() {}`, `const buildPrompt = () => ...`, and class methods, with their names. */
function namedFunction(node: TSESTree.Node): [FunctionNode, string] | null {
  if (node.type === "FunctionDeclaration" && node.id) return [node, node.id.name];
  if (node.type === "VariableDeclarator" && node.id.type === "Identifier" && (node.init?.type === "ArrowFunctionExpression" || node.init?.type === "FunctionExpression")) {
    return [node.init, node.id.name];
  }
  if (node.type === "MethodDefinition" && !node.computed && node.key.type === "Identifier" && node.kind === "method" && node.value.type === "FunctionExpression") {
    return [node.value, node.key.name];
  }
  return null;
}

/** The provider a file most likely talks to, from the SDKs it imports. */
function providerFromImports(imports: FileImports): ProviderName {
  const modules = imports.modules;
  if (modules.has("openai")) return "openai";
  if (modules.has("groq-sdk")) return "groq";
  if (modules.has("@anthropic-ai/sdk")) return "anthropic";
  if (modules.has("@google/genai")) return "google";
  if (modules.has("@mistralai/mistralai")) return "mistral";
  if (modules.has("ollama")) return "ollama";
  return "openai";
}
