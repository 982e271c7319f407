import type { AnalyzeTextOptions } from "../analyze-text.js";
import type { FileResult } from "./cache.js";

/*
 * The engine as the CLI runs it on one file at a time, in this thread or in a worker thread
 * (threads.ts): loaded once per thread, with one project per thread for the modules files import.
 */

export interface Engine {
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

/** One job: a file's call sites, or its parse error, or the analyzer's failure on it. */
export function analyzeJob(engine: Engine, job: Job, options: AnalyzeTextOptions): JobOutcome {
  const followedBefore = engine.project.followed;
  try {
    return { result: analyzeOne(engine, job.text, job.shown, options), followed: engine.project.followed !== followedBefore };
  } catch (error) {
    return { internal: error instanceof Error ? error.message : String(error) };
  }
}

function analyzeOne(engine: Engine, text: string, file: string, options: AnalyzeTextOptions): FileResult {
  try {
    return { callSites: engine.text.analyzeText(text, file, { ...options, project: engine.project }) };
  } catch (error) {
    if (error instanceof engine.text.ParseError) return { parseError: `Parse error at ${error.line}:${error.column}: ${error.message}` };
    throw error;
  }
}
