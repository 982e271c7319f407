import { parentPort, workerData } from "node:worker_threads";
import type { AnalyzeTextOptions } from "../analyze-text.js";
import { loadEngine, type JobOutcome } from "./engine.js";
import { takeJobs, type JobQueue } from "./threads.js";

/*
 * A worker thread of `prompt-cache analyze --workers <n>` (threads.ts): takes jobs from the queue
 * it shares with the main thread and the other workers, analyzes them with an engine and a
 * project of its own, and posts the outcomes with their job indexes.
 */
const { cwd, options, queue } = workerData as { cwd: string; options: AnalyzeTextOptions; queue: JobQueue };
const engine = await loadEngine(cwd, options);
const outcomes: Array<[number, JobOutcome]> = [];
for (const taken of takeJobs(engine, queue, options, (job) => parentPort!.postMessage({ started: job.shown }))) outcomes.push(taken);
parentPort!.postMessage({ outcomes });
