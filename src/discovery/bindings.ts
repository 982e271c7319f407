import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import { reassignments } from "../eval/scope.js";

/*
 * Where a name used as an SDK object was made in this file: a `const` (or a never-reassigned
 * `let`), or a class member (`this.chat`) set by its field initializer or in the constructor.
 * Discoverers follow these to the construction (`new GoogleGenAI()`, `ai.chats.create()`,
 * `new ToolLoopAgent()`, `anthropic("claude-…")`).
 */

/** What `node` (an identifier or `this.name`) was initialized with, under `await` and type assertions. */
export function initializerOf(evaluator: Evaluator, node: TSESTree.Node): TSESTree.Expression | null {
  if (node.type === "MemberExpression") return classMemberInitializer(node);
  if (node.type !== "Identifier") return null;
  const variable = evaluator.variableOf(node);
  const def = variable?.defs[0];
  if (!variable || def?.type !== "Variable" || def.node.type !== "VariableDeclarator" || def.node.id.type !== "Identifier") return null;
  if (reassignments(variable).length > 0) return null;
  return unwrap(def.node.init);
}

/** The expression under `await`, `as`, `!`, `satisfies` and angle-bracket assertions. */
export function unwrap(node: TSESTree.Expression | null | undefined): TSESTree.Expression | null {
  let current = node ?? null;
  while (
    current &&
    (current.type === "AwaitExpression" || current.type === "TSAsExpression" || current.type === "TSNonNullExpression" || current.type === "TSSatisfiesExpression" || current.type === "TSTypeAssertion")
  ) {
    current = current.type === "AwaitExpression" ? current.argument : current.expression;
  }
  return current;
}

/** `this.name`: the class field's initializer, or what the constructor assigns to it. */
function classMemberInitializer(node: TSESTree.MemberExpression): TSESTree.Expression | null {
  if (node.object.type !== "ThisExpression" || node.computed || node.property.type !== "Identifier") return null;
  const name = node.property.name;
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current.type !== "ClassBody") current = current.parent;
  if (!current) return null;
  for (const member of current.body) {
    if (member.type === "PropertyDefinition" && !member.computed && member.key.type === "Identifier" && member.key.name === name && member.value) return unwrap(member.value);
    if (member.type !== "MethodDefinition" || member.kind !== "constructor") continue;
    for (const statement of member.value.body?.body ?? []) {
      if (statement.type !== "ExpressionStatement" || statement.expression.type !== "AssignmentExpression") continue;
      const target = statement.expression.left;
      if (target.type === "MemberExpression" && target.object.type === "ThisExpression" && !target.computed && target.property.type === "Identifier" && target.property.name === name) {
        return unwrap(statement.expression.right);
      }
    }
  }
  return null;
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
