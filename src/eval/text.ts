import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Piece } from "../model/types.js";

/** A short, one-line excerpt of a node's source for human reasons. */
export function snippet(source: string, node: TSESTree.Node, max = 60): string {
  const [start, end] = node.range;
  // Only the start of a large node is needed (a whole bundle can be one node): collapse a bounded
  // head first, and the whole text only when that head is mostly white space.
  const head = source.slice(start, Math.min(end, start + 8 * max)).replace(/\s+/g, " ").trimStart();
  const text = head.length > max ? head : source.slice(start, end).replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function at(node: TSESTree.Node): string {
  return `line ${node.loc.start.line}`;
}

/**
 * Removes the common leading indentation of the static text, as the `dedent` family of tags
 * does. Interpolated pieces keep their place; only static text is rewritten.
 */
export function dedentPieces(pieces: Piece[]): Piece[] {
  const whole = pieces.map((piece) => piece.text ?? "\u0000").join("");
  const lines = whole.split("\n");
  const indents = lines
    .filter((line) => line.trim() !== "")
    .map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const indent = indents.length > 0 ? Math.min(...indents) : 0;
  const trimEdges = (text: string, first: boolean, last: boolean): string => {
    let result = text;
    if (first) result = result.replace(/^[ \t]*\n/, "");
    if (last) result = result.replace(/\n[ \t]*$/, "");
    return result;
  };
  const stripIndent = (text: string, atLineStart: boolean): string =>
    text
      .split("\n")
      .map((line, index) => (index > 0 || atLineStart ? line.replace(new RegExp(`^[ \\t]{0,${indent}}`), "") : line))
      .join("\n");
  let atLineStart = true;
  return pieces.map((piece, index) => {
    if (piece.text === null || piece.stability !== "static") {
      atLineStart = false;
      return piece;
    }
    const text = trimEdges(stripIndent(piece.text, atLineStart), index === 0, index === pieces.length - 1);
    atLineStart = piece.text.endsWith("\n");
    return { ...piece, text };
  });
}
