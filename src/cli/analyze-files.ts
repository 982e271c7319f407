import { Worker } from "node:worker_threads";
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
  /** Threads that parse and analyze the files that need it: this one and `workers - 1` worker threads (default 1: this thread only). */
  workers?: number | undefined;
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

/** A file that passed the text test and is not in the cache: what the parser and the checks get. */
export interface Job {
  text: string;
  /** The report path. */
  shown: string;
}

/** What the engine made of a job: a result, or the message of an analyzer failure (a bug). */
export type JobOutcome = { result: FileResult; followed: boolean } | { internal: string };

export async function loadEngine(cwd: string, options: AnalyzeTextOptions): Promise<Engine> {
  const [text, { Project, fileSystemHost }] = await Promise.all([import("../analyze-text.js"), import("../project/project.js")]);
  return { text, project: new Project(fileSystemHost(cwd), { volatileFunctions: options.volatileFunctions }) };
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

/** One job: a file's call sites, or its parse error, or the analyzer's failure on it. */
export function analyzeJob(engine: Engine, job: Job, options: AnalyzeTextOptions): JobOutcome {
  const followedBefore = engine.project.followed;
  try {
    return { result: analyzeOne(engine, job.text, job.shown, options), followed: engine.project.followed !== followedBefore };
  } catch (error) {
    return { internal: error instanceof Error ? error.message : String(error) };
  }
}

/** The jobs of a run in the order threads take them, and the shared count of those taken. */
export interface JobQueue {
  jobs: readonly Job[];
  /** Job indexes, the largest text first: a long file taken last would leave the other threads idle. */
  order: readonly number[];
  /** `taken[0]`: how many of `order` a thread has taken (a SharedArrayBuffer, so that every thread sees it). */
  taken: Int32Array;
}

/** Takes the jobs no other thread has taken, one at a time, and analyzes each (`onStart` first): its index and outcome. */
export function* takeJobs(engine: Engine, queue: JobQueue, options: AnalyzeTextOptions, onStart: (job: Job) => void): Generator<[number, JobOutcome], void> {
  for (let position = Atomics.add(queue.taken, 0, 1); position < queue.order.length; position = Atomics.add(queue.taken, 0, 1)) {
    const index = queue.order[position]!;
    onStart(queue.jobs[index]!);
    yield [index, analyzeJob(engine, queue.jobs[index]!, options)];
  }
}

/**
 * The jobs shared between this thread and `count - 1` worker threads, each with an engine and a
 * project of its own. Every thread takes the next job when it is free, so that none waits on
 * another's long tail, and this thread works too: on a small machine, one worker less is one
 * start-up less (modules, parser, and the JIT warming up again). The outcomes come in job order.
 */
async function inThreads(jobs: readonly Job[], count: number, cwd: string, options: AnalyzeTextOptions, onFile: AnalyzeFilesInput["onFile"]): Promise<JobOutcome[]> {
  const order = jobs.map((_, index) => index).sort((a, b) => jobs[b]!.text.length - jobs[a]!.text.length);
  const queue: JobQueue = { jobs, order, taken: new Int32Array(new SharedArrayBuffer(4)) };
  const workers = Array.from({ length: count - 1 }, () => runWorker({ cwd, options, queue }, onFile));
  const outcomes: JobOutcome[] = new Array(jobs.length);
  const engine = await loadEngine(cwd, options);
  for (const [index, outcome] of takeJobs(engine, queue, options, (job) => onFile?.(job.shown))) {
    outcomes[index] = outcome;
    // Lets the workers' progress messages through between two files.
    await new Promise(setImmediate);
  }
  for (const results of await Promise.all(workers)) for (const [index, outcome] of results) outcomes[index] = outcome;
  return outcomes;
}

/** Runs src/cli/analyze-worker.ts on the shared queue; it posts each file's report path as it starts, then its outcomes by job index. */
function runWorker(data: { cwd: string; options: AnalyzeTextOptions; queue: JobQueue }, onFile: AnalyzeFilesInput["onFile"]): Promise<Array<[number, JobOutcome]>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./analyze-worker.js", import.meta.url), { workerData: data });
    worker.on("message", (message: { started: string } | { outcomes: Array<[number, JobOutcome]> }) => {
      if ("started" in message) onFile?.(message.started);
      else resolve(message.outcomes);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`an analysis worker stopped with exit code ${code}`)));
  });
}

function analyzeOne(engine: Engine, text: string, file: string, options: AnalyzeTextOptions): FileResult {
  try {
    return { callSites: engine.text.analyzeText(text, file, { ...options, project: engine.project }) };
  } catch (error) {
    if (error instanceof engine.text.ParseError) return { parseError: `Parse error at ${error.line}:${error.column}: ${error.message}` };
    throw error;
  }
}
