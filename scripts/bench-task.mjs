// One benchmark task in a fresh process, so that module caches and the heap start cold.
// Usage: node --expose-gc scripts/bench-task.mjs <task> [file-list.json]
// Paths in the list are relative to the current directory. Prints one JSON object: `loadMs`
// (imports and setup), `ms` (the work on the files), `maxRssMb` (the process's peak RSS, all
// threads) and task-specific fields.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";

const [task, listFile] = process.argv.slice(2);
const files = listFile ? JSON.parse(readFileSync(listFile, "utf8")) : [];
const texts = files.map((file) => [file, readFileSync(file, "utf8")]);
const dist = new URL("../dist/", import.meta.url);
const require = createRequire(import.meta.url);
const SOURCE = "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}";

/**
 * ESLint's Linter with the typescript-eslint parser, as `eslint` runs it on each file (tokens,
 * comments, scope analysis), with or without the plugin's `all` config. The config names the
 * extensions: a flat config whose only pattern is `**\/*` matches no file ("No matching
 * configuration"), and the corpus lives outside node_modules, which ESLint ignores.
 */
async function eslintLinter(withPlugin) {
  const { Linter } = await import("eslint");
  const parser = (await import("@typescript-eslint/parser")).default;
  const config = [{ files: [SOURCE], languageOptions: { parser, sourceType: "module" } }];
  if (withPlugin) config.push({ files: [SOURCE], ...(await import(new URL("index.js", dist))).default.configs.all });
  const linter = new Linter({ configType: "flat" });
  return (file, text) => {
    const messages = linter.verify(text, config, { filename: file });
    const unlinted = messages.find((message) => message.ruleId === null && !message.fatal);
    if (unlinted) throw new Error(`${file} was not linted: ${unlinted.message}`);
    return { fatal: messages.some((message) => message.fatal) ? 1 : 0, found: messages.filter((message) => !message.fatal).length };
  };
}

/** The analyzer's own parse options (src/parse.ts): no tokens, no comments. */
async function estreeParse(withScopes) {
  const { parse } = await import("@typescript-eslint/typescript-estree");
  const { analyze } = await import("@typescript-eslint/scope-manager");
  return (file, text) => {
    try {
      const program = parse(text, { filePath: file, loc: true, range: true, comment: false, tokens: false, jsx: /\.[cm]?jsx?$/.test(file) });
      if (withScopes) analyze(program, { sourceType: /\.c[jt]s$/.test(file) ? "script" : "module" });
      return { fatal: 0, found: 0 };
    } catch {
      return { fatal: 1, found: 0 };
    }
  };
}

/** analyzeText as the CLI calls it: the cheap text check, then parse and analyze candidates. */
async function analyzer() {
  const { analyzeText, ParseError } = await import(new URL("src/analyze-text.js", dist));
  const { mightContainRequests } = await import(new URL("src/analysis.js", dist));
  let candidates = 0;
  const run = (file, text) => {
    if (mightContainRequests(text)) candidates++;
    try {
      return { fatal: 0, found: analyzeText(text, file).length };
    } catch (error) {
      if (error instanceof ParseError) return { fatal: 1, found: 0 };
      throw error;
    }
  };
  run.extra = () => ({ candidates });
  return run;
}

/** Runs `make()`'s function on every file; loadMs is the time to make it. */
async function overFiles(make) {
  const start = performance.now();
  const run = await make();
  const loaded = performance.now();
  let found = 0;
  let fatal = 0;
  for (const [file, text] of texts) {
    const result = run(file, text);
    found += result.found;
    fatal += result.fatal;
  }
  const end = performance.now();
  return { loadMs: loaded - start, ms: end - loaded, totalMs: end - start, files: texts.length, found, fatal, ...run.extra?.() };
}

function loadedModules() {
  const paths = Object.keys(require.cache);
  return {
    typescriptLoaded: paths.some((file) => /[\\/]typescript[\\/]lib[\\/]typescript\.js$/.test(file)),
    parserLoaded: paths.some((file) => /[\\/]@typescript-eslint[\\/]typescript-estree[\\/]/.test(file)),
  };
}

const tasks = {
  "eslint-parser": () => overFiles(() => eslintLinter(false)),
  "eslint-plugin": () => overFiles(() => eslintLinter(true)),
  parse: () => overFiles(() => estreeParse(false)),
  "parse-scopes": () => overFiles(() => estreeParse(true)),
  analyze: () => overFiles(analyzer),

  /**
   * The analyzer on worker threads (one per core, or BENCH_WORKERS): files dealt out largest
   * first to the least loaded worker. Time from spawning the workers to the last result, each
   * worker loading the engine and the parser itself. The CLI has no worker option yet: this is
   * what one would give.
   */
  async "analyze-workers"() {
    const count = Number(process.env.BENCH_WORKERS ?? os.cpus().length);
    const start = performance.now();
    const shares = Array.from({ length: count }, () => ({ bytes: 0, files: [] }));
    for (const [file, text] of [...texts].sort((a, b) => b[1].length - a[1].length)) {
      const share = shares.reduce((least, next) => (next.bytes < least.bytes ? next : least));
      share.bytes += text.length;
      share.files.push(file);
    }
    const source = `
      const { parentPort, workerData } = require("node:worker_threads");
      const { readFileSync } = require("node:fs");
      import(workerData.engine).then(({ analyzeText, ParseError }) => {
        let found = 0, fatal = 0;
        for (const file of workerData.files) {
          try { found += analyzeText(readFileSync(file, "utf8"), file).length; }
          catch (error) { if (error instanceof ParseError) fatal++; else throw error; }
        }
        parentPort.postMessage({ found, fatal });
      });`;
    const engine = new URL("src/analyze-text.js", dist).href;
    const results = await Promise.all(
      shares.map(
        (share) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(source, { eval: true, workerData: { engine, files: share.files } });
            worker.once("message", resolve);
            worker.once("error", reject);
          }),
      ),
    );
    const totalMs = performance.now() - start;
    return { workers: count, ms: totalMs, totalMs, files: texts.length, found: results.reduce((sum, r) => sum + r.found, 0), fatal: results.reduce((sum, r) => sum + r.fatal, 0) };
  },

  /** Importing the plugin and reading configs.recommended, as an eslint.config.js does. */
  async "import-plugin"() {
    const start = performance.now();
    const plugin = (await import(new URL("index.js", dist))).default;
    void plugin.configs.recommended.rules;
    const importMs = performance.now() - start;
    const { isEncoderLoaded } = await import(new URL("src/tokens/encoder.js", dist));
    return { importMs, ranksLoaded: isEncoderLoaded("o200k_base") ? 1 : 0, ...loadedModules(), modules: Object.keys(require.cache).length };
  },

  /** The first count loads o200k_base; the same text again is a cache hit. */
  async "first-count"() {
    const { countTokens } = await import(new URL("src/tokens/count.js", dist));
    const { isEncoderLoaded } = await import(new URL("src/tokens/encoder.js", dist));
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const text = "You are a helpful assistant. Answer in one short paragraph.";
    const start = performance.now();
    const tokens = countTokens(text, "o200k_base");
    const firstCountMs = performance.now() - start;
    const againStart = performance.now();
    countTokens(text, "o200k_base");
    const cachedCountMs = performance.now() - againStart;
    const otherStart = performance.now();
    countTokens("A different text of about the same length, never counted before.", "o200k_base");
    const newTextMs = performance.now() - otherStart;
    globalThis.gc?.();
    return { firstCountMs, cachedCountMs, newTextMs, tokens, loaded: isEncoderLoaded("o200k_base") ? 1 : 0, rssGrowthMb: (process.memoryUsage().rss - rssBefore) / 2 ** 20 };
  },

  /** An editor's ESLint server: the same file linted 1,000 times in one process. */
  async editor() {
    const lint = await eslintLinter(true);
    const [file, text] = texts[0];
    let found = 0;
    for (let round = 0; round < 100; round++) found = lint(file, text).found; // warm-up: JIT, caches
    globalThis.gc?.();
    const before = process.memoryUsage();
    const start = performance.now();
    for (let round = 0; round < 1000; round++) lint(file, text);
    const ms = performance.now() - start;
    globalThis.gc?.();
    const after = process.memoryUsage();
    return { ms, found, rssGrowthMb: (after.rss - before.rss) / 2 ** 20, heapGrowthMb: (after.heapUsed - before.heapUsed) / 2 ** 20 };
  },
};

if (!tasks[task]) throw new Error(`Unknown task '${task}': expected ${Object.keys(tasks).join(", ")}`);
const result = await tasks[task]();
result.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(result));
