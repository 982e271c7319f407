import type { TSESTree } from "@typescript-eslint/typescript-estree";

/** `a.b.c` (or `this.a.b`) for an expression made of plain names, else null. */
export function memberPath(node: TSESTree.Node): string | null {
  if (node.type === "Identifier") return node.name;
  if (node.type === "ThisExpression") return "this";
  if (node.type === "MemberExpression" && !node.computed && node.property.type === "Identifier") {
    const object = memberPath(node.object);
    return object === null ? null : `${object}.${node.property.name}`;
  }
  return null;
}

/** An identifier that names a variable, not a property (`x.role`, `{ role: 1 }`). */
export function isReference(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  if (parent?.type === "MemberExpression" && parent.property === node && !parent.computed) return false;
  if (parent?.type === "Property" && parent.key === node && !parent.computed && !parent.shorthand) return false;
  return true;
}

/** The method name of a call (`create` in `client.messages.create(...)`): a short place to report. */
export function calleeName(node: TSESTree.Node): TSESTree.Node {
  if (node.type === "CallExpression" && node.callee.type === "MemberExpression") return node.callee.property;
  return node;
}
