import { mightContainRequests } from "../analysis.js";
import type { AnalyzeTextOptions } from "../analyze-text.js";
import type { AnalysisReport } from "../report/types.js";
import { hashText, type FileResult, type ResultCache } from "./cache.js";
import { reportPath } from "./paths.js";

export interface AnalyzeFilesInput {
  /** Absolute paths, in report order. */
  files: readonly string[];
  /** Files are reported relative to it. */
  cwd: string;
  read(file: string): string;
  options: AnalyzeTextOptions;
  cache?: ResultCache | undefined;
  /** Called as each file starts, with its report path. */
  onFile?: ((file: string) => void) | undefined;
}

export interface AnalyzeFilesResult {
  report: AnalysisReport;
  /** The analyzer failed on a file (a bug): the file is listed under `errors` and the others still analyzed. */
  internalError: boolean;
}

interface Engine {
  text: typeof import("../analyze-text.js");
  /** One project for the run: modules imported by several files are parsed once. */
  project: import("../project/project.js").Project;
}

async function loadEngine(cwd: string, options: AnalyzeTextOptions): Promise<Engine> {
  const [text, { Project, fileSystemHost }] = await Promise.all([import("../analyze-text.js"), import("../project/project.js")]);
  return { text, project: new Project(fileSystemHost(cwd), { volatileFunctions: options.volatileFunctions }) };
}

/**
 * Analyzes each file into one report. A file that does not parse, or on which the analyzer
 * fails, goes to `report.errors` and the others continue.
 */
export async function analyzeFiles({ files, cwd, read, options, cache, onFile }: AnalyzeFilesInput): Promise<AnalyzeFilesResult> {
  const report: AnalysisReport = { version: 1, files: 0, callSites: [], errors: [] };
  let engine: Engine | undefined;
  let internalError = false;
  for (const file of files) {
    const shown = reportPath(file, cwd);
    onFile?.(shown);
    let text: string;
    try {
      text = read(file);
    } catch (error) {
      // An unreadable file is listed like one that does not parse; the others are still analyzed.
      report.errors.push({ file: shown, message: `Cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    // The engine's own cheap check, with the project's wrappers: most files make no request and
    // need neither the parser nor the tokenizer, which take a second to load.
    if (!mightContainRequests(text, options)) {
      report.files++;
      continue;
    }
    const hash = cache && hashText(text);
    let result = hash === undefined ? undefined : cache?.get(file, hash);
    if (result === undefined) {
      engine ??= await loadEngine(cwd, options);
      const followedBefore = engine.project.followed;
      try {
        result = analyzeOne(engine, text, shown, options);
      } catch (error) {
        internalError = true;
        report.errors.push({ file: shown, message: `Internal error (a bug in prompt-cache, please report it): ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
      // A result that read imported modules or prompt files depends on more than this file's text.
      if (hash !== undefined && engine.project.followed === followedBefore) cache?.set(file, hash, result);
    }
    if ("parseError" in result) {
      report.errors.push({ file: shown, message: result.parseError });
    } else {
      report.files++;
      // A cached result keeps the path of the run that stored it.
      report.callSites.push(...result.callSites.map((site) => ({ ...site, file: shown })));
    }
  }
  return { report, internalError };
}

function analyzeOne(engine: Engine, text: string, file: string, options: AnalyzeTextOptions): FileResult {
  try {
    return { callSites: engine.text.analyzeText(text, file, { ...options, project: engine.project }) };
  } catch (error) {
    if (error instanceof engine.text.ParseError) return { parseError: `Parse error at ${error.line}:${error.column}: ${error.message}` };
    throw error;
  }
}
