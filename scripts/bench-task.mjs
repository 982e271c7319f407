// One benchmark task in a fresh process, so that module caches and the heap start cold.
// Usage: node --expose-gc scripts/bench-task.mjs <task> [file-list.json]
// Paths in the list are relative to the current directory. Prints one JSON object: `loadMs`
// (imports and setup), `ms` (the work on the files), `maxRssMb` (the process's peak RSS, all
// threads) and task-specific fields.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";

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
  if (withPlugin === "noop") {
    // The floor for any plugin: one rule that visits every call and does nothing.
    const noop = { create: () => ({ CallExpression() {} }) };
    config.push({ files: [SOURCE], plugins: { bench: { rules: { noop } } }, rules: { "bench/noop": "warn" } });
  } else if (withPlugin) {
    config.push({ files: [SOURCE], ...(await import(new URL("index.js", dist))).default.configs[process.env.BENCH_CONFIG ?? "all"] });
  }
  const linter = new Linter({ configType: "flat" });
  // ESLint's own per-file stats (as `eslint --stats`): the time in the parser and in each rule,
  // so the plugin's share is measured directly, not only as the difference of two noisy totals.
  let parseMs = 0;
  let rulesMs = 0;
  const run = (file, text) => {
    // verifyAndFix, as the ESLint class calls it (`fix: false`: one pass, as `eslint` without --fix).
    const { messages } = linter.verifyAndFix(text, config, { filename: file, fix: false, stats: true });
    const unlinted = messages.find((message) => message.ruleId === null && !message.fatal);
    if (unlinted) throw new Error(`${file} was not linted: ${unlinted.message}`);
    for (const pass of linter.getTimes().passes) {
      parseMs += pass.parse?.total ?? 0;
      for (const rule of Object.values(pass.rules ?? {})) rulesMs += rule.total;
    }
    return { fatal: messages.some((message) => message.fatal) ? 1 : 0, found: messages.filter((message) => !message.fatal).length };
  };
  run.extra = () => ({ parseMs, rulesMs });
  return run;
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

/** The analyzer's own parser (src/parse.ts uses it for most files): oxc-parser with TS-ESTree output, no scope analysis. */
async function oxcParse() {
  const { parseSync } = await import("oxc-parser");
  return (file, text) => {
    const result = parseSync(file, text, { astType: "ts", range: true, preserveParens: false });
    // `program` is built from oxc's JSON when first read: read it, as the analyzer does.
    return { fatal: result.errors.length > 0 || result.program.type !== "Program" ? 1 : 0, found: 0 };
  };
}

/**
 * The CLI's engine loop (src/cli/analyze-files.ts) over all the files at once: the cheap text
 * check, then parse and analyze the candidates in one cross-module project, as `prompt-cache
 * analyze` does, without its walk, config and report formatting.
 */
async function analyzer(workers = 1) {
  const { analyzeFiles } = await import(new URL("src/cli/analyze-files.js", dist));
  const { mightContainRequests } = await import(new URL("src/analysis.js", dist));
  const cwd = process.cwd();
  const byFile = new Map(texts.map(([file, text]) => [path.resolve(cwd, file), text]));
  const run = async () => {
    const { report } = await analyzeFiles({ files: [...byFile.keys()], cwd, read: (file) => byFile.get(file), options: {}, workers });
    return { found: report.callSites.length, fatal: report.errors.length };
  };
  run.extra = () => ({ candidates: texts.filter(([, text]) => mightContainRequests(text)).length });
  return run;
}

const workerCount = Number(process.env.BENCH_WORKERS ?? os.availableParallelism());

/** Time in GC pauses on the main thread (the scavenges and mark-compact finalizations). */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ["gc"] });

/** Runs `make()`'s function on every file; loadMs is the time to make it. */
async function overFiles(make) {
  const cpu = process.cpuUsage();
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
  await new Promise((resolve) => setTimeout(resolve, 10)); // GC entries arrive on the event loop
  return { loadMs: loaded - start, ms: end - loaded, totalMs: end - start, cpuMs: cpuMs(cpu), gcMs, files: texts.length, found, fatal, ...run.extra?.() };
}

/** Runs `make()`'s function once on all the files. */
async function allFiles(make) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const run = await make();
  const loaded = performance.now();
  const { found, fatal } = await run();
  const end = performance.now();
  return { loadMs: loaded - start, ms: end - loaded, totalMs: end - start, cpuMs: cpuMs(cpu), gcMs, files: texts.length, found, fatal, ...run.extra?.() };
}

/** CPU time (user + system, all threads) since `since`: unlike wall time, barely changed by other processes. */
function cpuMs(since) {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
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
  "eslint-noop": () => overFiles(() => eslintLinter("noop")),
  "eslint-plugin": () => overFiles(() => eslintLinter(true)),
  parse: () => overFiles(() => estreeParse(false)),
  "parse-scopes": () => overFiles(() => estreeParse(true)),
  "parse-oxc": () => overFiles(oxcParse),
  analyze: () => allFiles(analyzer),

  /** The same with the CLI's worker threads (`--workers`, one per core or BENCH_WORKERS). */
  "analyze-workers": async () => ({ ...(await allFiles(() => analyzer(workerCount))), workers: workerCount }),

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

  /**
   * An editor's ESLint server: the same file linted 100 times (warm-up), then twice 1,000 times in
   * the same process, with a full GC before each sample. A leak grows heapUsed in both rounds;
   * V8 sizing its heap up grows RSS in the first one and then stops.
   */
  async editor() {
    const lint = await eslintLinter(true);
    const [file, text] = texts[0];
    let found = 0;
    for (let round = 0; round < 100; round++) found = lint(file, text).found;
    const sample = () => {
      globalThis.gc?.();
      return process.memoryUsage();
    };
    const samples = [sample()];
    const start = performance.now();
    for (let block = 0; block < 2; block++) {
      for (let round = 0; round < 1000; round++) lint(file, text);
      samples.push(sample());
    }
    const mb = (bytes) => bytes / 2 ** 20;
    const [first, second, third] = samples;
    return {
      ms: (performance.now() - start) / 2,
      found,
      rssGrowthMb: mb(second.rss - first.rss),
      rssGrowthSecondMb: mb(third.rss - second.rss),
      heapGrowthMb: mb(second.heapUsed - first.heapUsed),
      heapGrowthSecondMb: mb(third.heapUsed - second.heapUsed),
    };
  },
};

if (!tasks[task]) throw new Error(`Unknown task '${task}': expected ${Object.keys(tasks).join(", ")}`);
const result = await tasks[task]();
result.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(result));
