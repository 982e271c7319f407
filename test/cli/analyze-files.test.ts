import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { analyzeText } from "../../src/analyze-text.js";
import { analyzeFiles } from "../../src/cli/analyze-files.js";
import { loadEngine, type Job } from "../../src/cli/engine.js";
import { jobQueue, takeJobs } from "../../src/cli/threads.js";
import { hashText, ResultCache } from "../../src/cli/cache.js";
import { fakeAnalyzeText } from "./fake-engine.js";
import { makeTempTree, removeTempTree } from "./temp-tree.js";

vi.mock("../../src/analyze-text.js", () => import("./fake-engine.js"));

const readFile = (file: string) => fs.readFileSync(file, "utf8");

describe("analyzeFiles", () => {
  let root = "";
  const analyzeTree = (files: Record<string, string>, options = {}, cache?: ResultCache) => {
    root = makeTempTree(files);
    const paths = Object.keys(files).map((file) => path.join(root, file));
    return analyzeFiles({ files: paths, cwd: root, read: readFile, options, cache });
  };
  beforeEach(() => {
    vi.mocked(analyzeText).mockImplementation(fakeAnalyzeText);
  });
  afterEach(() => {
    vi.mocked(analyzeText).mockReset();
    removeTempTree(root);
  });

  it("reports every file relative to cwd with / and passes the options on", async () => {
    const { report, internalError } = await analyzeTree({ "src/a.ts": "prompt warning", "src/nested/b.js": "prompt" }, { defaultModel: "gpt-4o" });
    expect(internalError).toBe(false);
    expect(report).toMatchObject({ version: 1, files: 2, errors: [] });
    expect(report.callSites.map((site) => [site.file, site.model])).toEqual([
      ["src/a.ts", "gpt-4o"],
      ["src/nested/b.js", "gpt-4o"],
    ]);
  });

  it("counts a file without any sign of a request as analyzed without running the engine on it", async () => {
    const { report } = await analyzeTree({ "util.ts": "export const add = (a: number, b: number) => a + b;" });
    expect(report).toEqual({ version: 1, files: 1, callSites: [], errors: [] });
    expect(analyzeText).not.toHaveBeenCalled();
  });

  it("lists a file that does not parse under errors with its position and analyzes the rest", async () => {
    const { report, internalError } = await analyzeTree({ "a.ts": "prompt", "broken.ts": "prompt syntax error", "c.ts": "prompt" });
    expect(internalError).toBe(false);
    expect(report.files).toBe(2);
    expect(report.callSites.map((site) => site.file)).toEqual(["a.ts", "c.ts"]);
    expect(report.errors).toEqual([{ file: "broken.ts", message: "Parse error at 2:5: ',' expected." }]);
  });

  it("lists an analyzer failure on one file under errors, flags it and analyzes the rest", async () => {
    const { report, internalError } = await analyzeTree({ "a.ts": "prompt crash", "b.ts": "prompt" });
    expect(internalError).toBe(true);
    expect(report.files).toBe(1);
    expect(report.errors).toEqual([{ file: "a.ts", message: "Internal error (a bug in prompt-cache, please report it): cannot read 'x'" }]);
  });

  describe("with a cache", () => {
    it("reuses the results of unchanged files, parse errors included, and analyzes changed ones", async () => {
      const files = { "a.ts": "prompt warning", "b.ts": "prompt", "broken.ts": "prompt syntax error" };
      root = makeTempTree(files);
      const run = async () => {
        const cache = ResultCache.open(path.join(root, ".prompt-cache-cache"), "key");
        const result = await analyzeFiles({ files: Object.keys(files).map((file) => path.join(root, file)), cwd: root, read: readFile, options: {}, cache });
        cache.save();
        return result;
      };
      await run();
      expect(analyzeText).toHaveBeenCalledTimes(3);

      vi.mocked(analyzeText).mockClear();
      fs.writeFileSync(path.join(root, "b.ts"), "prompt error");
      const second = await run();
      expect(vi.mocked(analyzeText).mock.calls.map(([, file]) => file)).toEqual(["b.ts"]);
      expect(second.report.errors).toEqual([{ file: "broken.ts", message: "Parse error at 2:5: ',' expected." }]);
      expect(second.report.callSites.map((site) => [site.file, site.findings.map((finding) => finding.severity)])).toEqual([
        ["a.ts", ["warning"]],
        ["b.ts", ["error"]],
      ]);
    });

    it("starts over when the key (tool version and options) differs, and drops deleted files when saved", async () => {
      root = makeTempTree({ "a.ts": "prompt", "gone.ts": "prompt" });
      const location = path.join(root, "cache/results.json");
      const cache = ResultCache.open(location, "v1");
      await analyzeFiles({ files: [path.join(root, "a.ts"), path.join(root, "gone.ts")], cwd: root, read: readFile, options: {}, cache });
      fs.rmSync(path.join(root, "gone.ts"));
      cache.save();
      expect(Object.keys(JSON.parse(fs.readFileSync(location, "utf8")).files)).toEqual(["../a.ts"]);
      expect(ResultCache.open(location, "v1").get(path.join(root, "a.ts"), hashText("prompt"))).toBeDefined();
      expect(ResultCache.open(location, "v2").get(path.join(root, "a.ts"), hashText("prompt"))).toBeUndefined();
    });

    it("ignores a corrupt cache file", async () => {
      root = makeTempTree({ ".prompt-cache-cache": "{not json", "a.ts": "prompt" });
      const cache = ResultCache.open(path.join(root, ".prompt-cache-cache"), "key");
      const { report } = await analyzeFiles({ files: [path.join(root, "a.ts")], cwd: root, read: readFile, options: {}, cache });
      expect(report.callSites).toHaveLength(1);
    });
  });
});

describe("worker threads", () => {
  beforeEach(() => {
    vi.mocked(analyzeText).mockImplementation(fakeAnalyzeText);
  });
  afterEach(() => {
    vi.mocked(analyzeText).mockReset();
    removeTempTree(root);
  });
  let root = "";

  it("give each job to one thread only, the largest first, whichever thread asks, with its text intact", async () => {
    const jobs: Job[] = ["prompt", "prompt warning tokens=12 ✓ — ünïcode", "prompt crash", "prompt error, once more"].map((text, index) => ({ text, shown: `f${index}.ts` }));
    const queue = jobQueue(jobs);
    const engine = await loadEngine(process.cwd(), {});
    const started: Job[] = [];
    const [first, second] = [0, 1].map(() => takeJobs(engine, queue, {}, (job) => started.push(job)));
    // Two threads asking in turn, as the main thread and a worker do through the shared counter.
    const taken = [first!.next(), second!.next(), second!.next(), first!.next(), first!.next(), second!.next()];
    expect(started).toEqual([jobs[1], jobs[3], jobs[2], jobs[0]]);
    expect(taken.map((result) => (result.done ? null : result.value[0]))).toEqual([1, 3, 2, 0, null, null]);
    expect(taken[2]!.value).toEqual([2, { internal: "cannot read 'x'" }]);
    // What a worker gets is a copy of the queue: the count of taken jobs and the texts must be shared memory.
    expect(queue.taken.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(queue.texts.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it("fail the run with the error of a worker that cannot start, and leave no rejection unhandled", async () => {
    // From the sources, the worker module (analyze-worker.js) is not there: the worker fails to load.
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      // Files slow enough that the worker fails while this thread is still busy with them.
      vi.mocked(analyzeText).mockImplementation((text, file, options) => {
        const until = performance.now() + 5;
        while (performance.now() < until);
        return fakeAnalyzeText(text, file, options);
      });
      const names = Array.from({ length: 200 }, (_, index) => `f${index}.ts`);
      root = makeTempTree(Object.fromEntries(names.map((name) => [name, "prompt"])));
      const files = names.map((file) => path.join(root, file));
      await expect(analyzeFiles({ files, cwd: root, read: readFile, options: {}, workers: 3 })).rejects.toThrow(/analyze-worker/);
      // This thread had started on its share, and stopped early: it did not go on with the failed worker's.
      expect(analyzeText).toHaveBeenCalled();
      expect(vi.mocked(analyzeText).mock.calls.length).toBeLessThan(names.length);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});
