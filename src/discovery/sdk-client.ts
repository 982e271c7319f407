import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { importOf, moduleName } from "../eval/imports.js";
import type { ObjectValue } from "../eval/values.js";

/** The SDK class a request's receiver was constructed from: `new Anthropic({...})`. */
export interface SdkClient {
  /** The module the class is imported from, without a `node:` prefix. */
  module: string;
  /** The exported name: `default`, a named export, or the member of a namespace (`sdk.Anthropic`). */
  className: string;
  /** The constructor options when they are an object. */
  options: ObjectValue | null;
}

/**
 * The SDK class behind a receiver: `client` bound to `new X(...)` in this file, `this.client`
 * set to one as a class field or in the constructor, or `new X(...)` written in place. Null when
 * the construction is not in this file or `X` is not imported.
 */
export function sdkClient(evaluator: Evaluator, receiver: TSESTree.Node): SdkClient | null {
  const construction = constructionOf(evaluator, receiver);
  if (!construction) return null;
  const source = constructorSource(evaluator, construction.callee);
  if (!source) return null;
  const optionsNode = construction.arguments[0];
  const optionsValue = optionsNode && optionsNode.type !== "SpreadElement" ? evaluator.evaluate(optionsNode) : null;
  return { ...source, options: optionsValue?.kind === "object" ? optionsValue : null };
}

/** The module and exported name of a constructor: `Anthropic` imported, or `sdk.Anthropic` of a namespace. */
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

/** The `new X(...)` an expression refers to: inline, through a `const`, or a class member. */
export function constructionOf(evaluator: Evaluator, node: TSESTree.Node): TSESTree.NewExpression | null {
  const expression = unwrap(node);
  if (!expression) return null;
  if (expression.type === "NewExpression") return expression;
  if (expression.type === "Identifier") {
    const variable = evaluator.variableOf(expression);
    const def = variable?.defs[0];
    if (def?.type !== "Variable" || def.node.type !== "VariableDeclarator" || def.node.id.type !== "Identifier") return null;
    // A binding written again later may hold something else by the time of the call.
    if (variable!.references.some((reference) => reference.isWrite() && !reference.init)) return null;
    const init = unwrap(def.node.init);
    return init?.type === "NewExpression" ? init : null;
  }
  if (expression.type === "MemberExpression" && expression.object.type === "ThisExpression" && !expression.computed && expression.property.type === "Identifier") {
    return classMemberConstruction(expression, expression.property.name);
  }
  return null;
}

function unwrap(node: TSESTree.Node | null | undefined): TSESTree.Node | null {
  let current = node ?? null;
  while (current && (current.type === "TSAsExpression" || current.type === "TSNonNullExpression" || current.type === "TSSatisfiesExpression" || current.type === "AwaitExpression")) {
    current = "expression" in current ? current.expression : current.argument;
  }
  return current;
}

/** `client = new X()` as a class field, or `this.client = new X()` in the constructor. */
function classMemberConstruction(node: TSESTree.Node, name: string): TSESTree.NewExpression | null {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current.type !== "ClassBody") current = current.parent;
  if (!current) return null;
  for (const member of current.body) {
    // A field declared without a value (`private client: Anthropic;`) is set in the constructor.
    if (member.type === "PropertyDefinition" && member.value && !member.computed && member.key.type === "Identifier" && member.key.name === name) {
      const value = unwrap(member.value);
      return value?.type === "NewExpression" ? value : null;
    }
    if (member.type === "MethodDefinition" && member.kind === "constructor") {
      for (const statement of member.value.body?.body ?? []) {
        if (statement.type !== "ExpressionStatement" || statement.expression.type !== "AssignmentExpression") continue;
        const target = statement.expression.left;
        if (target.type === "MemberExpression" && target.object.type === "ThisExpression" && !target.computed && target.property.type === "Identifier" && target.property.name === name) {
          const value = unwrap(statement.expression.right);
          return value?.type === "NewExpression" ? value : null;
        }
      }
    }
  }
  return null;
}
