import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Piece } from "../model/types.js";
import type { Change, PropertyEntry, Value } from "../eval/values.js";

/**
 * A value computed in another module, as the importing file sees it: every piece is placed at the
 * use in this file (findings must point into the file being linted), and each reason says which
 * file the value comes from.
 */
export function relocate(value: Value, use: TSESTree.Node, file: string): Value {
  const piece = (original: Piece): Piece => ({
    ...original,
    node: use,
    origin: undefined,
    reason: original.chain ? original.reason : `${original.reason} in ${file}`,
    // Where it was made first; then, through re-exports and helpers, each module it was placed in.
    chain: original.chain
      ? [...original.chain, { file, line: original.node.loc.start.line }]
      : [{ file, line: (original.origin ?? original.node).loc.start.line }],
  });
  const change = (original: Change): Change => ({ ...original, node: use, reason: `${original.reason} in ${file}` });
  switch (value.kind) {
    case "string":
      return { kind: "string", pieces: value.pieces.map(piece) };
    case "opaque":
      return { ...value, node: use, reason: `${value.reason} in ${file}`, ...(value.changes && { changes: value.changes.map(change) }) };
    case "array":
      return {
        ...value,
        node: use,
        elements: value.elements.map((element) => ({ ...element, node: use, value: relocate(element.value, use, file) })),
        ...(value.changes && { changes: value.changes.map(change) }),
      };
    case "object": {
      const properties = new Map<string, PropertyEntry>();
      for (const [key, entry] of value.properties) {
        let moved: Value | undefined;
        properties.set(key, {
          node: use,
          get value() {
            moved ??= relocate(entry.value, use, file);
            return moved;
          },
        });
      }
      const openSpread = value.openSpread ? (relocate(value.openSpread, use, file) as typeof value.openSpread) : null;
      return { ...value, node: use, properties, openSpread };
    }
    case "function":
      return value;
  }
}
