import { createRequire } from "node:module";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { LINE_BREAK } from "./ast/lines.js";
import { walk } from "./ast/walk.js";
import type { ScopeManagerLike } from "./eval/scope.js";
import { nestingMayExceed } from "./nesting.js";

type Oxc = typeof import("oxc-parser");
type Estree = typeof import("@typescript-eslint/typescript-estree");
type Scopes = typeof import("@typescript-eslint/scope-manager");

/*
 * Everything here loads on first use, never when the ESLint plugin is imported (ESLint hands the
 * rules a parsed file). oxc-parser (native) parses about 3.5× faster than typescript-estree and
 * does not load TypeScript (about 0.3 s); its TS-ESTree output matched typescript-estree's on
 * every file of the benchmark's real corpus (2,689 files) but for `null` where typescript-estree
 * leaves a property out, `computed: false` on enum members and a template's raw CRLF
 * (test/parse.test.ts); the engine reads none of those. typescript-estree stays
 * for what oxc does not take (see parseFile), for deeply nested files (see nesting.ts) and where
 * oxc's native binding is missing.
 */
const require = createRequire(import.meta.url);
let oxc: Oxc | null | undefined;
let estree: Estree | undefined;
let scopes: Scopes | undefined;

function loadOxc(): Oxc | null {
  if (oxc === undefined) {
    try {
      oxc = require("oxc-parser") as Oxc;
    } catch {
      oxc = null; // No binding for this platform: typescript-estree parses everything.
    }
  }
  return oxc;
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
 * `visit` sees every node once, in source order, with its `parent` and `loc` set.
 *
 * oxc parses first. A file it rejects goes to typescript-estree, the parser ESLint runs: it
 * accepts what TypeScript accepts (type annotations in a .js file, say), and when the file really
 * is broken its message is the one the user sees in ESLint too.
 */
export function parseFile(text: string, filePath: string, visit?: (node: TSESTree.Node) => void): ParsedFile {
  const oxcProgram = parseWithOxc(text, filePath, visit);
  const program = oxcProgram ?? parseWithTypeScript(text, filePath);
  // oxc's tree is walked once anyway (to add `loc`), and `visit` rides along; typescript-estree's needs its own walk.
  if (!oxcProgram && visit) walk(program, visit);
  const sourceType = /\.c[jt]s$/.test(filePath) ? "script" : "module";
  const analyze = (): ScopeManagerLike => {
    scopes ??= require("@typescript-eslint/scope-manager") as Scopes;
    try {
      return scopes.analyze(program, { sourceType }) as unknown as ScopeManagerLike;
    } catch (error) {
      throw tooDeep(error) ?? error;
    }
  };
  // Scope analysis costs about as much as oxc's parse, and most files the text test lets through
  // resolve no name: it runs when first read. A file typescript-estree took may be nested deeply
  // enough to overflow the scope manager's recursion: analyzed now, so that the ParseError comes
  // from parseFile and not from the middle of the analysis.
  if (!oxcProgram) return { program, scopeManager: analyze() };
  let analyzed: ScopeManagerLike | undefined;
  const scopeManager: ScopeManagerLike = {
    get scopes() {
      analyzed ??= analyze();
      return analyzed.scopes;
    },
  };
  return { program, scopeManager };
}

/** oxc's native stack overflows without a guard (nesting.ts): a crash, not an error. */
const OXC_NESTING_LIMIT = 1000;

function parseWithOxc(text: string, filePath: string, visit: ((node: TSESTree.Node) => void) | undefined): TSESTree.Program | null {
  const parser = loadOxc();
  if (!parser || nestingMayExceed(text, OXC_NESTING_LIMIT)) return null;
  let program: TSESTree.Program;
  try {
    const result = parser.parseSync(filePath, text, { lang: oxcLanguage(filePath), astType: "ts", range: true, preserveParens: false });
    if (result.errors.length > 0) return null;
    program = result.program as unknown as TSESTree.Program;
  } catch {
    return null; // JSON.parse of a tree too deep for the JS stack: typescript-estree reports it.
  }
  // typescript-estree's Program spans the whole text; oxc's starts at the first statement.
  program.range = [0, text.length];
  addLocations(program, text, visit);
  return program;
}

/** As typescript-estree reads the name: JSX is allowed in .js, .jsx, .cjs and .mjs files, never in .ts. */
function isJavaScript(filePath: string): boolean {
  return /\.[cm]?jsx?$/.test(filePath);
}

function oxcLanguage(filePath: string): "js" | "jsx" | "ts" | "tsx" {
  if (isJavaScript(filePath)) return "jsx";
  return filePath.endsWith(".tsx") ? "tsx" : "ts";
}

function parseWithTypeScript(text: string, filePath: string): TSESTree.Program {
  estree ??= require("@typescript-eslint/typescript-estree") as Estree;
  try {
    return estree.parse(text, { filePath, jsx: isJavaScript(filePath), loc: true, range: true, comment: false, tokens: false });
  } catch (error) {
    if (error instanceof estree.TSError) throw new ParseError(error.message, error.location.start.line, error.location.start.column + 1);
    throw tooDeep(error) ?? error;
  }
}

/**
 * oxc gives offsets only; the engine reports lines and columns as typescript-estree computes them
 * (line breaks are \n, \r\n, \r, U+2028 and U+2029; columns count UTF-16 units from 0).
 */
function addLocations(program: TSESTree.Program, text: string, visit: ((node: TSESTree.Node) => void) | undefined): void {
  const lineStarts = [0];
  for (const match of text.matchAll(new RegExp(LINE_BREAK.source, "g"))) lineStarts.push(match.index + match[0].length);
  // Nodes come in source order, so the start line is found by moving a cursor, not by searching.
  let line = 0;
  walk(program, (node) => {
    const [start, end] = node.range;
    while (line > 0 && lineStarts[line]! > start) line--;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= start) line++;
    const endLine = lineOf(lineStarts, end, line);
    node.loc = { start: { line: line + 1, column: start - lineStarts[line]! }, end: { line: endLine + 1, column: end - lineStarts[endLine]! } };
    visit?.(node);
  });
}

/** The 0-based line of `offset`, searching from `from` (a line at or before it). */
function lineOf(lineStarts: readonly number[], offset: number, from: number): number {
  let low = from;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
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
