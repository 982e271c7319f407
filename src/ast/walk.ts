import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { visitorKeys } from "@typescript-eslint/visitor-keys";

/**
 * Visits every node of a tree in source order without recursion (a 20,000-deep expression must
 * not overflow the stack), and sets `parent` where the parser did not (ESLint already has).
 */
export function walk(root: TSESTree.Node, visit: (node: TSESTree.Node) => void): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    const keys = visitorKeys[node.type] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) push(stack, child[i], node);
      } else {
        push(stack, child, node);
      }
    }
  }
}

function push(stack: TSESTree.Node[], value: unknown, parent: TSESTree.Node): void {
  if (value && typeof (value as TSESTree.Node).type === "string") {
    const child = value as TSESTree.Node;
    (child as { parent?: TSESTree.Node }).parent ??= parent;
    stack.push(child);
  }
}
