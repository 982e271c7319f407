import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { FileAnalysis } from "../analysis.js";
import { isGlobalCall, outermostWrapper } from "../discovery/definitions.js";
import type { Parameter, RequestSite } from "../model/types.js";
import { inFile } from "./edits.js";

/*
 * What the source says about the parts of a request the prompt model does not record: whether its
 * body or headers could hold more than the analyzer saw (a spread, a computed key, a property
 * assigned later, options the analyzer cannot read), and which client sends it. Checks that report
 * something *missing* ask here first, so that they stay quiet when it may be set where they cannot see.
 */

/**
 * True when every property of the request body is known: the body is one object literal (written
 * in the call, bound to the variable passed, or returned by the builder called) with no spread or
 * computed key, and no property is assigned to it after it is built.
 */
export function bodyIsComplete(site: RequestSite, analysis: FileAnalysis): boolean {
  // A custom fetch the analyzer does not follow may rewrite the body on the way out.
  if (site.customFetch && !site.customFetch.understood) return false;
  if (site.node.type !== "CallExpression" || site.parameters.size === 0) return false;
  const holders = parameterHolders(site.parameters.values());
  const [body] = holders;
  if (holders.length !== 1 || !body || !isClosedObject(body)) return false;
  if ([...site.parameters.values()].some((parameter) => parameter.node.parent !== body)) return false;
  const argument = unwrap(site.node.arguments[0]);
  const parent = body.parent;
  const isBody =
    argument === body ||
    (argument?.type === "Identifier" && parent?.type === "VariableDeclarator" && parent.id.type === "Identifier" && parent.id.name === argument.name) ||
    (argument?.type === "CallExpression" && (parent?.type === "ReturnStatement" || parent?.type === "ArrowFunctionExpression"));
  return isBody && !isMutated(body as TSESTree.ObjectExpression, analysis);
}

/**
 * True when every header the request sends is known: the client's construction and the request
 * options are object literals the analyzer reads whole, or absent. Only OpenAI-style calls
 * (`client.….create(body, options)`) are understood; any other shape is taken as unknown.
 */
export function headersAreComplete(site: RequestSite): boolean {
  if (site.customFetch && !site.customFetch.understood) return false;
  if (site.node.type !== "CallExpression") return false;
  const options = site.node.arguments[1];
  if (options && !(options.type === "ObjectExpression" && isClosedObject(options) && isClosedProperty(options, "headers"))) return false;
  const client = site.clientConstruction;
  if (!client) return false;
  const clientOptions = client.arguments[0];
  return !clientOptions || (clientOptions.type === "ObjectExpression" && isClosedObject(clientOptions) && isClosedProperty(clientOptions, "defaultHeaders"));
}

/**
 * The base URL of the client the request is sent through, when the analyzer found where the
 * client is made (this file, or the module it is imported from) with its options written out: the
 * literal URL, or `""` when the options set none (the SDK's own default host). Null when the
 * client or its base URL is not known.
 */
export function clientBaseURL(site: RequestSite): string | null {
  const construction = site.clientConstruction;
  if (!construction) return null;
  const options = construction.arguments[0];
  if (!options) return "";
  if (options.type !== "ObjectExpression" || !isClosedObject(options)) return null;
  const value = propertyValue(options, "baseURL") ?? propertyValue(options, "baseUrl");
  if (value === null) return "";
  if (value.type === "Literal" && typeof value.value === "string") return value.value;
  if (value.type === "TemplateLiteral" && value.expressions.length === 0) return value.quasis[0]?.value.cooked ?? null;
  return null;
}

/** The object literals that hold the parameters, for "used only by this request" tests. */
export function parameterHolders(parameters: Iterable<Parameter>): TSESTree.Node[] {
  const holders = new Set<TSESTree.Node>();
  for (const parameter of parameters) {
    if (parameter.node.parent?.type === "ObjectExpression") holders.add(parameter.node.parent);
  }
  return [...holders];
}

/** The expression under `await`, `as`, `!` and `satisfies`. */
export function unwrap(node: TSESTree.Node | null | undefined): TSESTree.Node | null {
  let current = node ?? null;
  while (current && (current.type === "TSAsExpression" || current.type === "TSNonNullExpression" || current.type === "TSSatisfiesExpression" || current.type === "AwaitExpression")) {
    current = current.type === "AwaitExpression" ? current.argument : current.expression;
  }
  return current;
}

/** An object literal whose keys are all written out: no spread, no computed key. */
function isClosedObject(node: TSESTree.Node): boolean {
  return node.type === "ObjectExpression" && node.properties.every((property) => property.type === "Property" && !property.computed);
}

/** The property is absent, or an object literal whose keys are all written out. */
function isClosedProperty(object: TSESTree.ObjectExpression, key: string): boolean {
  const value = propertyValue(object, key);
  return value === null || isClosedObject(value);
}

function propertyValue(object: TSESTree.ObjectExpression, key: string): TSESTree.Node | null {
  for (const property of object.properties) {
    if (property.type !== "Property" || property.computed) continue;
    const name = property.key.type === "Identifier" ? property.key.name : property.key.type === "Literal" ? String(property.key.value) : null;
    if (name === key) return property.value;
  }
  return null;
}

/**
 * `body.key = …`, `body[key] = …` (at any depth) or `Object.assign(body, …)` for a literal bound
 * to `body`; true when the binding is in another module, where the analyzer does not look.
 */
function isMutated(object: TSESTree.ObjectExpression, analysis: FileAnalysis): boolean {
  const declarator = object.parent;
  if (declarator?.type !== "VariableDeclarator" || declarator.id.type !== "Identifier") return false;
  if (!inFile(analysis, declarator)) return true;
  const variable = analysis.variableOf(declarator.id);
  return variable === null || variable.references.some((reference) => changesObject(reference.identifier, analysis));
}

/** A use of the body that changes it: `body.key = …` (at any depth, through `as` and `!`), or `Object.assign(body, …)`. */
function changesObject(use: TSESTree.Node, analysis: FileAnalysis): boolean {
  const wrapped = outermostWrapper(use);
  let target = wrapped;
  while (target.parent?.type === "MemberExpression" && target.parent.object === target) target = outermostWrapper(target.parent);
  const parent = target.parent;
  if (target !== wrapped) return parent?.type === "AssignmentExpression" && parent.left === target;
  return parent?.type === "CallExpression" && parent.arguments[0] === wrapped && isGlobalCall(analysis, parent, "Object", "assign");
}

export function isFunction(node: TSESTree.Node): node is TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression {
  return node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";
}
