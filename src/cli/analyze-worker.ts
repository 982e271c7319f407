import { parentPort, workerData } from "node:worker_threads";
import type { AnalyzeTextOptions } from "../analyze-text.js";
import { analyzeJob, loadEngine, type Job } from "./analyze-files.js";

/*
 * A worker thread of `prompt-cache analyze --workers <n>` (analyze-files.ts): analyzes its share
 * of the files with an engine and a project of its own, and posts the outcomes in job order.
 */
const { cwd, options, jobs } = workerData as { cwd: string; options: AnalyzeTextOptions; jobs: Job[] };
const engine = await loadEngine(cwd, options);
const outcomes = jobs.map((job) => {
  parentPort!.postMessage({ started: job.shown });
  return analyzeJob(engine, job, options);
});
parentPort!.postMessage({ outcomes });
