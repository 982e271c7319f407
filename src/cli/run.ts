import fs from "node:fs";
import path from "node:path";
import type { AnalysisReport } from "../report/types.js";
import { walk } from "./walk.js";

export interface RunOptions {
  /** Files and directories as given on the command line. */
  paths: readonly string[];
  /** Paths are resolved against it and reported relative to it. */
  cwd: string;
  /** Model assumed when a call does not name one. */
  model?: string | undefined;
}

export interface RunResult {
  report: AnalysisReport;
  /**
   * 1 when a finding has severity "error" or a file does not parse (like ESLint's fatal errors);
   * 2 when the analyzer itself failed on a file (the other files are still analyzed).
   */
  exitCode: 0 | 1 | 2;
  /** Files left out for their size, relative to `cwd`. */
  skipped: string[];
}

/**
 * Analyzes every file the paths expand to. A file that does not parse, or on which the analyzer
 * fails, goes to `report.errors` and the others continue.
 */
export async function run({ paths, cwd, model }: RunOptions): Promise<RunResult> {
  const { files, skipped } = walk(paths, cwd);
  // Loaded only now, so that --help, --version and usage errors do not wait for TypeScript to load.
  const { analyzeText, ParseError } = await import("../analyze-text.js");
  const report: AnalysisReport = { version: 1, files: 0, callSites: [], errors: [] };
  let internalError = false;
  for (const file of files) {
    const shown = relativePath(file, cwd);
    try {
      report.callSites.push(...analyzeText(fs.readFileSync(file, "utf8"), shown, { defaultModel: model }));
      report.files++;
    } catch (error) {
      if (error instanceof ParseError) {
        report.errors.push({ file: shown, message: `Parse error at ${error.line}:${error.column}: ${error.message}` });
      } else {
        internalError = true;
        report.errors.push({ file: shown, message: `Internal error (a bug in prompt-cache, please report it): ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
  const failed =
    report.errors.length > 0 ||
    report.callSites.some((site) => site.findings.some((finding) => finding.severity === "error"));
  return { report, exitCode: internalError ? 2 : failed ? 1 : 0, skipped: skipped.map((file) => relativePath(file, cwd)) };
}

/** The report's path form: relative to `cwd`, with `/` on every platform. */
function relativePath(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join("/");
}
