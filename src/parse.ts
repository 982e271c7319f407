import { analyze } from "@typescript-eslint/scope-manager";
import { parse, TSError, type TSESTree } from "@typescript-eslint/typescript-estree";
import type { ScopeManagerLike } from "./eval/scope.js";

/** A file that does not parse. Line is 1-based, column 1-based (as ESLint prints them). */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "ParseError";
  }
}

export interface ParsedFile {
  program: TSESTree.Program;
  scopeManager: ScopeManagerLike;
}

/**
 * Parses JS, JSX, TS or TSX (chosen from the file name, as ESLint's typescript-eslint parser
 * does) and analyzes its scopes. The text must not start with a BOM (ESLint strips it too).
 */
export function parseFile(text: string, filePath: string): ParsedFile {
  let program: TSESTree.Program;
  try {
    program = parse(text, { filePath, jsx: /\.[cm]?jsx?$/.test(filePath), loc: true, range: true, comment: false, tokens: false });
  } catch (error) {
    if (error instanceof TSError) throw new ParseError(error.message, error.location.start.line, error.location.start.column + 1);
    throw error;
  }
  const sourceType = /\.c[jt]s$/.test(filePath) ? "script" : "module";
  return { program, scopeManager: analyze(program, { sourceType }) as unknown as ScopeManagerLike };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
