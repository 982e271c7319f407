import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { analyzeProgram, type AnalysisOptions, type FileAnalysis } from "../src/analysis.js";
import { analyzeText, parseForAnalysis, type AnalyzeTextOptions } from "../src/analyze-text.js";
import type { Piece, RequestSite } from "../src/model/types.js";
import type { CallSiteReport } from "../src/report/types.js";

/** Parses and analyzes a snippet as the CLI does. */
export function analyze(code: string, settings: AnalysisOptions = {}, file = "example.ts"): FileAnalysis {
  const { program, scopeManager, nodes } = parseForAnalysis(code, file);
  return analyzeProgram(program, scopeManager, code, settings, nodes);
}

/** The only request site of a snippet. */
export function onlySite(code: string, settings: AnalysisOptions = {}): RequestSite {
  const { sites } = analyze(code, settings);
  if (sites.length !== 1) throw new Error(`expected one request site, found ${sites.length}`);
  return sites[0]!;
}

/** A compact view of pieces for assertions: `[stability, text or source]`. */
export function pieceView(code: string, pieces: Piece[]): Array<[string, string]> {
  return pieces.map((piece) => [piece.stability, piece.text ?? `<${code.slice(piece.node.range[0], piece.node.range[1])}>`]);
}

/** The call sites of every `.ts` file under a fixture project's `src`, with paths relative to the project. */
export function fixtureReports(root: string, options: AnalyzeTextOptions = {}): CallSiteReport[] {
  return tsFiles(join(root, "src")).flatMap((file) => analyzeText(readFileSync(file, "utf8"), relative(root, file), options));
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/** Each segment's kind, role and whether it is the final part. */
export function segmentView(site: RequestSite): Array<[string, string | null, boolean]> {
  return site.segments.map((segment) => [segment.kind, segment.role, segment.isFinal]);
}

/** Each breakpoint's segment, TTL and line. */
export function breakpointView(site: RequestSite): Array<[number | null, string | null, number]> {
  return site.breakpoints.map((breakpoint) => [breakpoint.segment, breakpoint.ttl, breakpoint.node.loc.start.line]);
}
