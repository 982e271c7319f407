import { mightContainRequests } from "../analysis.js";
import type { AnalyzeTextOptions } from "../analyze-text.js";
import type { AnalysisReport } from "../report/types.js";
import { hashText, type FileResult, type ResultCache } from "./cache.js";
import { analyzeJob, loadEngine, type Job, type JobOutcome } from "./engine.js";
import { reportPath } from "./paths.js";
import { inThreads } from "./threads.js";

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
  /** Threads that parse and analyze the files that need it: this one and `workers - 1` worker threads (default 1: this thread only). */
  workers?: number | undefined;
}

export interface AnalyzeFilesResult {
  report: AnalysisReport;
  /** The analyzer failed on a file (a bug): the file is listed under `errors` and the others still analyzed. */
  internalError: boolean;
}

/**
 * Analyzes each file into one report. A file that does not parse, or on which the analyzer
 * fails, goes to `report.errors` and the others continue.
 */
export async function analyzeFiles({ files, cwd, read, options, cache, onFile, workers = 1 }: AnalyzeFilesInput): Promise<AnalyzeFilesResult> {
  // First the cheap part in this thread: read each file, test its text, look it up in the cache.
  const outcomes: Array<{ file: string; shown: string; error?: string; result?: FileResult; job?: Job; hash?: string }> = [];
  for (const file of files) {
    const shown = reportPath(file, cwd);
    let text: string;
    try {
      text = read(file);
    } catch (error) {
      // An unreadable file is listed like one that does not parse; the others are still analyzed.
      onFile?.(shown);
      outcomes.push({ file, shown, error: `Cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    // The engine's own cheap check, with the project's wrappers: most files make no request and
    // need neither the parser nor the tokenizer (their modules and tables take time to load).
    if (!mightContainRequests(text, options)) {
      onFile?.(shown);
      outcomes.push({ file, shown, result: { callSites: [] } });
      continue;
    }
    const hash = cache && hashText(text);
    const cached = hash === undefined ? undefined : cache?.get(file, hash);
    if (cached !== undefined) onFile?.(shown);
    outcomes.push(cached === undefined ? { file, shown, job: { text, shown }, ...(hash !== undefined && { hash }) } : { file, shown, result: cached });
  }
  const pending = outcomes.filter((outcome) => outcome.job !== undefined);
  const jobs = pending.map((outcome) => outcome.job!);
  const done = workers > 1 && jobs.length > 1 ? await inThreads(jobs, Math.min(workers, jobs.length), cwd, options, onFile) : await inThisThread(jobs, cwd, options, onFile);

  const report: AnalysisReport = { version: 1, files: 0, callSites: [], errors: [] };
  let internalError = false;
  pending.forEach((outcome, index) => {
    const analyzed = done[index]!;
    if ("internal" in analyzed) {
      internalError = true;
      outcome.error = `Internal error (a bug in prompt-cache, please report it): ${analyzed.internal}`;
      return;
    }
    outcome.result = analyzed.result;
    // A result that read imported modules or prompt files depends on more than this file's text.
    if (outcome.hash !== undefined && !analyzed.followed) cache?.set(outcome.file, outcome.hash, analyzed.result);
  });
  for (const { shown, error, result } of outcomes) {
    if (error !== undefined) {
      report.errors.push({ file: shown, message: error });
    } else if (result && "parseError" in result) {
      report.errors.push({ file: shown, message: result.parseError });
    } else if (result) {
      report.files++;
      // A cached result keeps the path of the run that stored it.
      report.callSites.push(...result.callSites.map((site) => ({ ...site, file: shown })));
    }
  }
  return { report, internalError };
}

async function inThisThread(jobs: readonly Job[], cwd: string, options: AnalyzeTextOptions, onFile: AnalyzeFilesInput["onFile"]): Promise<JobOutcome[]> {
  if (jobs.length === 0) return [];
  const engine = await loadEngine(cwd, options);
  return jobs.map((job) => {
    onFile?.(job.shown);
    return analyzeJob(engine, job, options);
  });
}
