import { analyzeProgram, type AnalysisOptions, type FileAnalysis } from "../src/analysis.js";
import type { Piece, RequestSite } from "../src/model/types.js";
import { parseFile } from "../src/parse.js";

/** Parses and analyzes a snippet as the CLI does. */
export function analyze(code: string, settings: AnalysisOptions = {}, file = "example.ts"): FileAnalysis {
  const { program, scopeManager } = parseFile(code, file);
  return analyzeProgram(program, scopeManager, code, settings);
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
