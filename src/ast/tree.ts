import type { TSESTree } from "@typescript-eslint/typescript-estree";

/** The node types that open a function body. */
export const FUNCTIONS: ReadonlySet<string> = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

/** Statements that run their body any number of times. */
export const LOOPS: ReadonlySet<string> = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);

/** The root of a node's tree: a node of another module (followed through an import) is not in this file's program. */
export function rootOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

/** The innermost function around a node, null at the top level of its module. */
export function enclosingFunction(node: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTIONS.has(current.type)) return current;
  }
  return null;
}

/** The function a node is in, the node itself when it is a function, else the Program: its scope of execution. */
export function ownFunction(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && !FUNCTIONS.has(current.type)) current = current.parent;
  return current;
}

/** The inner node lies within the outer one in the source. */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}
