import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { rootOf } from "../ast/tree.js";
import { propertyKey } from "../eval/evaluator.js";
import type { FileAnalysis } from "../analysis.js";
import type { Edit } from "./types.js";

/*
 * Text edits for suggestions, as plain ranges over the analyzed file. A suggestion must only edit
 * nodes of that file: with type information, a value may have been made in another module, whose
 * node ranges are offsets into another text.
 */

/** True when every node is in the analyzed file (not in a module followed through an import). */
export function inFile(analysis: FileAnalysis, ...nodes: TSESTree.Node[]): boolean {
  return nodes.every((node) => rootOf(node) === analysis.program);
}

/** Adds `text` right after a node. */
export function insertAfter(node: TSESTree.Node, text: string): Edit {
  return { range: [node.range[1], node.range[1]], text };
}

/** Replaces a node's text. */
export function replace(node: TSESTree.Node, text: string): Edit {
  return { range: [node.range[0], node.range[1]], text };
}

/**
 * Sets `key: value` in an object literal: the value of the property when it is written there,
 * else a new last property laid out like the others (on the same line, or on a line of its own
 * with the last property's indentation and trailing-comma style). Null for an empty literal.
 */
export function setProperty(object: TSESTree.ObjectExpression, key: string, value: string, source: string): Edit | null {
  const written = object.properties.find((property): property is TSESTree.Property => property.type === "Property" && !property.computed && propertyKey(property) === key);
  if (written) {
    // A shorthand `{ key }` shares one node between key and value, and a method or accessor has no
    // plain value: write the pair out.
    const plain = written.kind === "init" && !written.shorthand && !written.method;
    return plain ? replace(written.value, value) : replace(written, `${key}: ${value}`);
  }
  const last = object.properties.at(-1);
  if (!last) return null;
  if (object.loc.end.line === last.loc.end.line) return insertAfter(last, `, ${key}: ${value}`);
  const lineStart = source.lastIndexOf("\n", last.range[0] - 1) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart, last.range[0]))![0];
  const newline = source.includes("\r\n") ? "\r\n" : "\n";
  const comma = /^[ \t]*,/.exec(source.slice(last.range[1], object.range[1]));
  if (!comma) return insertAfter(last, `,${newline}${indent}${key}: ${value}`);
  // After the trailing comma and a comment that ends the line, so the comment stays with its property.
  const afterComma = last.range[1] + comma[0].length;
  const rest = /^[ \t]*(?:\/\/[^\n\r]*)?(?=\r?\n)/.exec(source.slice(afterComma, object.range[1]));
  const at = afterComma + (rest ? rest[0].length : 0);
  return { range: [at, at], text: `${newline}${indent}${key}: ${value},` };
}
