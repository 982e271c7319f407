import { Worker } from "node:worker_threads";
import type { AnalyzeTextOptions } from "../analyze-text.js";
import { analyzeJob, loadEngine, type Engine, type Job, type JobOutcome } from "./engine.js";

/*
 * `prompt-cache analyze --workers <n>`: this thread and n-1 worker threads (analyze-worker.ts)
 * take the files from one queue in shared memory, each with an engine and a project of its own.
 */

/** The jobs of a run, as every thread reads them, and the shared count of those taken. */
export interface JobQueue {
  /** Report paths, by job index. */
  shown: readonly string[];
  /** Every job's text in UTF-8, one after the other, in memory the threads share: no worker gets a copy of them all. */
  texts: Uint8Array;
  /** Where job `i`'s text starts in `texts`; `starts[i + 1]` is where it ends. */
  starts: Int32Array;
  /** Job indexes, the largest text first: a long file taken last would leave the other threads idle. */
  order: readonly number[];
  /** `taken[0]`: how many of `order` a thread has taken (shared, so that every thread sees it). */
  taken: Int32Array;
}

export function jobQueue(jobs: readonly Job[]): JobQueue {
  const starts = new Int32Array(jobs.length + 1);
  jobs.forEach((job, index) => (starts[index + 1] = starts[index]! + Buffer.byteLength(job.text, "utf8")));
  const texts = new Uint8Array(new SharedArrayBuffer(starts[jobs.length]!));
  const writer = Buffer.from(texts.buffer);
  jobs.forEach((job, index) => writer.write(job.text, starts[index]!, "utf8"));
  const order = jobs.map((_, index) => index).sort((a, b) => starts[b + 1]! - starts[b]! - (starts[a + 1]! - starts[a]!));
  return { shown: jobs.map((job) => job.shown), texts, starts, order, taken: new Int32Array(new SharedArrayBuffer(4)) };
}

/**
 * Takes the jobs no other thread has taken, one at a time, and analyzes each (`onStart` first):
 * its index and outcome. `jobOf` gives a job by index: decoded from the shared texts in a worker,
 * the job itself in the thread that made the queue.
 */
export function* takeJobs(
  engine: Engine,
  queue: JobQueue,
  options: AnalyzeTextOptions,
  onStart: (job: Job) => void,
  jobOf: (index: number) => Job = (index) => jobAt(queue, index),
): Generator<[number, JobOutcome], void> {
  for (let position = Atomics.add(queue.taken, 0, 1); position < queue.order.length; position = Atomics.add(queue.taken, 0, 1)) {
    const index = queue.order[position]!;
    const job = jobOf(index);
    onStart(job);
    yield [index, analyzeJob(engine, job, options)];
  }
}

function jobAt(queue: JobQueue, index: number): Job {
  const start = queue.starts[index]!;
  const text = Buffer.from(queue.texts.buffer, queue.texts.byteOffset + start, queue.starts[index + 1]! - start).toString("utf8");
  return { text, shown: queue.shown[index]! };
}

/**
 * The jobs shared between this thread and `count - 1` worker threads. Every thread takes the next
 * job when it is free, so that none waits on another's long tail, and this thread works too: on
 * a small machine, one worker less is one start-up less (modules, parser, and the JIT warming up
 * again). The outcomes come in job order. A worker that fails fails the run, and no worker
 * outlives it.
 */
export async function inThreads(jobs: readonly Job[], count: number, cwd: string, options: AnalyzeTextOptions, onFile: ((file: string) => void) | undefined): Promise<JobOutcome[]> {
  const queue = jobQueue(jobs);
  const workers: Array<ReturnType<typeof startWorker>> = [];
  try {
    // Inside the `try`: a worker that cannot even be made still ends the ones made before it.
    for (let made = 1; made < count; made++) workers.push(startWorker({ cwd, options, queue }, onFile));
    let failed = false;
    // Handled at once: a worker may fail while this thread is still busy with its own share.
    const finished = Promise.all(workers.map((worker) => worker.outcomes));
    finished.catch(() => (failed = true));
    const outcomes: JobOutcome[] = new Array(jobs.length);
    const engine = await loadEngine(cwd, options);
    for (const [index, outcome] of takeJobs(engine, queue, options, (job) => onFile?.(job.shown), (index) => jobs[index]!)) {
      outcomes[index] = outcome;
      // Lets the workers' messages through between two files.
      await new Promise(setImmediate);
      if (failed) break;
    }
    for (const results of await finished) for (const [index, outcome] of results) outcomes[index] = outcome;
    return outcomes;
  } finally {
    for (const { thread } of workers) void thread.terminate();
  }
}

/** Starts src/cli/analyze-worker.ts on the shared queue; it posts each file's report path as it starts, then its outcomes by job index. */
function startWorker(data: { cwd: string; options: AnalyzeTextOptions; queue: JobQueue }, onFile: ((file: string) => void) | undefined): { thread: Worker; outcomes: Promise<Array<[number, JobOutcome]>> } {
  const thread = new Worker(new URL("./analyze-worker.js", import.meta.url), { workerData: data });
  const outcomes = new Promise<Array<[number, JobOutcome]>>((resolve, reject) => {
    thread.on("message", (message: { started: string } | { outcomes: Array<[number, JobOutcome]> }) => {
      if ("started" in message) onFile?.(message.started);
      else resolve(message.outcomes);
    });
    thread.once("error", reject);
    thread.once("exit", (code) => reject(new Error(`an analysis worker stopped with exit code ${code}`)));
  });
  return { thread, outcomes };
}
