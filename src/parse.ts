import { createRequire } from "node:module";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { ScopeManagerLike } from "./eval/scope.js";

type Estree = typeof import("@typescript-eslint/typescript-estree");
type Scopes = typeof import("@typescript-eslint/scope-manager");

/*
 * The parser loads TypeScript (about a second): only when a file must be parsed here, never when
 * the ESLint plugin is imported (ESLint hands the rules a parsed file).
 */
let parser: { estree: Estree; scopes: Scopes } | undefined;

function loadParser(): { estree: Estree; scopes: Scopes } {
  const require = createRequire(import.meta.url);
  parser ??= { estree: require("@typescript-eslint/typescript-estree") as Estree, scopes: require("@typescript-eslint/scope-manager") as Scopes };
  return parser;
}

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
  const { estree, scopes } = loadParser();
  let program: TSESTree.Program;
  try {
    program = estree.parse(text, { filePath, jsx: /\.[cm]?jsx?$/.test(filePath), loc: true, range: true, comment: false, tokens: false });
  } catch (error) {
    if (error instanceof estree.TSError) throw new ParseError(error.message, error.location.start.line, error.location.start.column + 1);
    throw tooDeep(error) ?? error;
  }
  const sourceType = /\.c[jt]s$/.test(filePath) ? "script" : "module";
  try {
    return { program, scopeManager: scopes.analyze(program, { sourceType }) as unknown as ScopeManagerLike };
  } catch (error) {
    throw tooDeep(error) ?? error;
  }
}

/**
 * TypeScript's parser, typescript-estree's converter and the scope manager all recurse: nesting
 * a few hundred to a few thousand levels deep (`[[[[...]]]]`, `a + b + ... + z` in a generated
 * file) overflows the stack. That is a file the analyzer cannot read, like a syntax error, not a
 * crash of the run: reported as a ParseError (there is no position; the whole file is skipped).
 */
function tooDeep(error: unknown): ParseError | null {
  if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) return null;
  return new ParseError("The file is nested too deeply to parse (the parser ran out of stack); it is not analyzed.", 1, 1);
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
