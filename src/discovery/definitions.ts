import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { importOf, moduleName } from "../eval/imports.js";
import { reassignments } from "../eval/scope.js";

/*
 * Following an expression back to where it was made, for SDKs whose requests go through objects
 * built in several steps: `const model = new ChatOpenAI(...).bindTools(tools)`, `this.client`.
 */

/** How many `const` hops to follow before giving up (`a = b`, `b = c`...). */
const MAX_HOPS = 6;

/** An expression without the wrappers that do not change what it is: casts, `await`, `!`. */
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
    current = "expression" in current ? current.expression : current.argument;
  }
  return current;
}

/**
 * The expression a node stands for: itself, the initializer of the `const` (or never reassigned
 * `let`) it names, or what `this.name` is set to in the enclosing class. Null for parameters,
 * imports and anything else whose making is not in sight.
 */
export function definitionOf(evaluator: Evaluator, node: TSESTree.Node | null | undefined): TSESTree.Node | null {
  let current = unwrap(node);
  for (let hop = 0; current && hop < MAX_HOPS; hop++) {
    if (current.type === "Identifier") {
      const variable = evaluator.variableOf(current);
      const def = variable?.defs[0];
      if (!variable || def?.type !== "Variable" || def.node.type !== "VariableDeclarator" || def.node.id.type !== "Identifier") return null;
      if (reassignments(variable).length > 0) return null;
      current = unwrap(def.node.init);
    } else if (current.type === "MemberExpression" && current.object.type === "ThisExpression" && !current.computed && current.property.type === "Identifier") {
      current = unwrap(classMemberValue(current, current.property.name));
    } else {
      return current;
    }
  }
  return null;
}

/** The module and exported name behind a callee: `ChatOpenAI` imported, or `lc.ChatOpenAI` of a namespace. */
export function importedName(evaluator: Evaluator, callee: TSESTree.Node): { module: string; name: string } | null {
  if (callee.type === "Identifier") {
    const variable = evaluator.variableOf(callee);
    const source = variable ? importOf(variable) : null;
    return source ? { module: moduleName(source), name: source.imported } : null;
  }
  if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier" && callee.object.type === "Identifier") {
    const variable = evaluator.variableOf(callee.object);
    const source = variable ? importOf(variable) : null;
    if (!source || (source.imported !== "*" && source.imported !== "default")) return null;
    return { module: moduleName(source), name: callee.property.name };
  }
  return null;
}

/** The name of a non-computed member (`invoke` in `model.invoke`), else null. */
export function propertyName(node: TSESTree.Node): string | null {
  return node.type === "MemberExpression" && !node.computed && node.property.type === "Identifier" ? node.property.name : null;
}

/** `name = value` as a class field, or `this.name = value` in the constructor. */
function classMemberValue(node: TSESTree.Node, name: string): TSESTree.Node | null {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current.type !== "ClassBody") current = current.parent;
  if (!current) return null;
  for (const member of current.body) {
    if (member.type === "PropertyDefinition" && !member.computed && member.key.type === "Identifier" && member.key.name === name) return member.value;
    if (member.type !== "MethodDefinition" || member.kind !== "constructor") continue;
    for (const statement of member.value.body?.body ?? []) {
      if (statement.type !== "ExpressionStatement" || statement.expression.type !== "AssignmentExpression") continue;
      const target = statement.expression.left;
      if (target.type === "MemberExpression" && target.object.type === "ThisExpression" && propertyName(target) === name) return statement.expression.right;
    }
  }
  return null;
}
