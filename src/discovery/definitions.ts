import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walk } from "../ast/walk.js";
import type { Evaluator, ModuleCode } from "../eval/evaluator.js";
import { importOf, moduleName } from "../eval/imports.js";
import { reassignments } from "../eval/scope.js";
import type { ObjectValue } from "../eval/values.js";

/*
 * Following an expression back to where it was made in this file: a `const` (or a never
 * reassigned `let`), or a class member (`this.client`) given one value in the whole class (its
 * field initializer, or one assignment). Discoverers follow these to the construction (`new Anthropic()`,
 * `new ChatOpenAI(...).bindTools(tools)`, `ai.chats.create()`, `anthropic("claude-…")`).
 */

/** How many hops `definitionOf` follows before giving up (`a = b`, `b = c`...). */
const MAX_HOPS = 6;

/** An expression without the wrappers that do not change what it is: `await`, casts, `!`, `satisfies`, `?.` chains. */
export function unwrap(node: TSESTree.Expression): TSESTree.Expression;
export function unwrap(node: TSESTree.Node): TSESTree.Node;
export function unwrap(node: TSESTree.Expression | null | undefined): TSESTree.Expression | null;
export function unwrap(node: TSESTree.Node | null | undefined): TSESTree.Node | null;
export function unwrap(node: TSESTree.Node | null | undefined): TSESTree.Node | null {
  let current = node ?? null;
  while (
    current &&
    (current.type === "TSAsExpression" ||
      current.type === "TSNonNullExpression" ||
      current.type === "TSSatisfiesExpression" ||
      current.type === "TSTypeAssertion" ||
      current.type === "AwaitExpression" ||
      current.type === "ChainExpression")
  ) {
    current = current.type === "AwaitExpression" ? current.argument : current.expression;
  }
  return current;
}

/** The wrapper (`?.` chain, `!`, `as`) around an expression, as a template or an operand holds it. */
export function outermostWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && unwrap(current.parent) !== current.parent && unwrap(current.parent) === unwrap(current)) current = current.parent;
  return current;
}

/**
 * What `node` (an identifier or `this.name`) was initialized with, unwrapped: the initializer of
 * the `const` (or never reassigned `let`) it names, or the class field's value or what the
 * constructor assigns to `this.name`. Null for parameters, imports, destructuring and anything
 * else whose making is not in sight.
 */
export function initializerOf(evaluator: Evaluator, node: TSESTree.Node): TSESTree.Expression | null {
  if (node.type === "MemberExpression") {
    const name = thisMemberName(node);
    return name === null ? null : classMemberInitializer(node, name);
  }
  if (node.type !== "Identifier") return null;
  const variable = evaluator.variableOf(node);
  const def = variable?.defs[0];
  if (!variable || def?.type !== "Variable" || def.node.type !== "VariableDeclarator" || def.node.id.type !== "Identifier") return null;
  // A binding written again later may hold something else by the time it is used.
  if (reassignments(variable).length > 0) return null;
  return unwrap(def.node.init);
}

/**
 * The expression a node stands for: itself, or (through up to `MAX_HOPS` names) what the
 * identifier or `this.name` it is was initialized with (`initializerOf`). Null when a hop's making
 * is not in sight.
 */
export function definitionOf(evaluator: Evaluator, node: TSESTree.Node | null | undefined): TSESTree.Node | null {
  let current = unwrap(node);
  for (let hop = 0; current && hop < MAX_HOPS; hop++) {
    if (current.type !== "Identifier" && thisMemberName(current) === null) return current;
    current = initializerOf(evaluator, current);
  }
  return null;
}

/** The `new X(...)` an expression refers to: written in place, a `const`'s initializer, or a class member's. */
export function constructionOf(evaluator: Evaluator, node: TSESTree.Node): TSESTree.NewExpression | null {
  const expression = unwrap(node);
  if (!expression) return null;
  const made = expression.type === "NewExpression" ? expression : initializerOf(evaluator, expression);
  return made?.type === "NewExpression" ? made : null;
}

/**
 * The module and exported name behind a callee (a constructor, a factory, an imported object):
 * `Anthropic` imported by name, as the default or a namespace (`*`), or required; or
 * `sdk.Anthropic` on a namespace or default import.
 */
export function constructorSource(evaluator: Evaluator, callee: TSESTree.Node): { module: string; className: string } | null {
  if (callee.type === "Identifier") {
    const variable = evaluator.variableOf(callee);
    const source = variable ? importOf(variable) : null;
    return source ? { module: moduleName(source), className: source.imported } : null;
  }
  if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier" && callee.object.type === "Identifier") {
    const variable = evaluator.variableOf(callee.object);
    const source = variable ? importOf(variable) : null;
    if (!source || (source.imported !== "*" && source.imported !== "default")) return null;
    return { module: moduleName(source), className: callee.property.name };
  }
  return null;
}

/** The SDK class a request's receiver was constructed from: `new Anthropic({...})`. */
export interface SdkClient {
  /** The module the class is imported from, without a `node:` prefix. */
  module: string;
  /** The exported name: `default`, `*`, a named export, or the member of a namespace (`sdk.Anthropic`). */
  className: string;
  /** The constructor options when they are an object. */
  options: ObjectValue | null;
  /** The `new X(...)` itself, in the module that makes the client. */
  construction: TSESTree.NewExpression;
}

/**
 * The SDK class behind a receiver (`constructionOf`): null when the construction is not in this
 * file or its class is not imported.
 */
export function sdkClient(evaluator: Evaluator, receiver: TSESTree.Node): SdkClient | null {
  const construction = constructionOf(evaluator, receiver);
  if (!construction) return null;
  const source = constructorSource(evaluator, construction.callee);
  if (!source) return null;
  const optionsNode = construction.arguments[0];
  const optionsValue = optionsNode && optionsNode.type !== "SpreadElement" ? evaluator.evaluate(optionsNode) : null;
  return { ...source, options: optionsValue?.kind === "object" ? optionsValue : null, construction };
}

/** A client made in another module, with that module's code (to place its values in this one). */
export type ImportedSdkClient = SdkClient & { code: ModuleCode };

/**
 * The SDK client a receiver imported from another module is (`import { xai } from "./clients"`),
 * read in that module when the analysis follows imports (the CLI's project, typed ESLint). Its
 * options are that module's values: `code.place` puts them at the receiver of this file.
 */
export function importedSdkClient(evaluator: Evaluator, receiver: TSESTree.Node): ImportedSdkClient | null {
  const root = unwrap(receiver);
  const variable = root?.type === "Identifier" ? evaluator.variableOf(root) : null;
  const source = variable ? importOf(variable) : null;
  const declaration = source ? evaluator.options.resolver?.importedDeclaration?.(source, root!) : null;
  if (!declaration) return null;
  const client = sdkClient(declaration.code.evaluator, declaration.node);
  return client && { ...client, code: declaration.code };
}

/** The name of a non-computed member (`invoke` in `model.invoke`), else null. */
export function propertyName(node: TSESTree.Node): string | null {
  return node.type === "MemberExpression" && !node.computed && node.property.type === "Identifier" ? node.property.name : null;
}

/**
 * Whether an expression can be evaluated again on its own for the request `site`: it is at module
 * level, or inside a function that also holds the request. An expression inside another function
 * (a helper the request calls) depends on that function's arguments, which are lost when it is
 * read again out of its call.
 */
export function inScopeOf(node: TSESTree.Node, site: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "FunctionDeclaration" || current.type === "FunctionExpression" || current.type === "ArrowFunctionExpression") {
      return current.range[0] <= site.range[0] && site.range[1] <= current.range[1];
    }
  }
  return true;
}

/** `name` in `this.name`, else null. */
function thisMemberName(node: TSESTree.Node): string | null {
  return node.type === "MemberExpression" && node.object.type === "ThisExpression" ? propertyName(node) : null;
}

/**
 * `this.name` in a class: the field's initializer, or what the constructor (or another method)
 * assigns to it, when that is the only value the class ever gives it. A member written in two
 * places (a method that swaps the client) may hold either.
 */
function classMemberInitializer(node: TSESTree.Node, name: string): TSESTree.Expression | null {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current.type !== "ClassBody") current = current.parent;
  if (!current) return null;
  const written = memberWrites(current).get(name) ?? [];
  return written.length === 1 ? unwrap(written[0]!) : null;
}

/** What a class body writes to each `this.name`: field initializers and assignments, in one walk per class. */
const classWrites = new WeakMap<TSESTree.ClassBody, Map<string, TSESTree.Expression[]>>();

function memberWrites(body: TSESTree.ClassBody): Map<string, TSESTree.Expression[]> {
  let writes = classWrites.get(body);
  if (writes) return writes;
  const found = new Map<string, TSESTree.Expression[]>();
  const add = (name: string, value: TSESTree.Expression) => found.set(name, [...(found.get(name) ?? []), value]);
  walk(body, (inner) => {
    // A field declared without a value (`private client: Anthropic;`) is set elsewhere.
    if (inner.type === "PropertyDefinition" && inner.value && !inner.computed && inner.key.type === "Identifier") add(inner.key.name, inner.value);
    const target = inner.type === "AssignmentExpression" ? thisMemberName(inner.left) : null;
    if (target !== null) add(target, (inner as TSESTree.AssignmentExpression).right);
  });
  classWrites.set(body, (writes = found));
  return writes;
}

/** `JSON.parse(...)`, `JSON.stringify(...)` and the like, on the global object (not a local `JSON`). */
export function isGlobalCall(evaluator: Pick<Evaluator, "variableOf">, call: TSESTree.CallExpression, object: string, method: string): boolean {
  const callee = unwrap(call.callee);
  return callee.type === "MemberExpression" && isGlobalName(evaluator, callee.object, object) && propertyName(callee) === method;
}

/** The global `name` (one of `names`), not a local binding of that name. */
export function isGlobalName(evaluator: Pick<Evaluator, "variableOf">, node: TSESTree.Node, ...names: string[]): boolean {
  return node.type === "Identifier" && names.includes(node.name) && !evaluator.variableOf(node);
}

/** `String`, `Number` and `Boolean`, which convert their argument without changing it. */
export const CONVERSIONS = ["String", "Number", "Boolean"];
