/*
 * `npm run bench`: how much the plugin costs in ESLint and how fast the analyzer runs, against the
 * goals of the performance issue. Every measurement runs in a fresh process (scripts/bench-task.mjs)
 * and is the median of BENCH_RUNS runs (default 3). Needs `npm run build` first (`npm run bench`
 * does it). BENCH_JSON=<file> also writes the medians as JSON; BENCH_KEEP=1 keeps the corpora (to profile
 * a task: `node --cpu-prof scripts/bench-task.mjs eslint-plugin <list>` in that directory).
 *
 * Corpora, both copied to a temporary directory (ESLint ignores node_modules, and the CLI skips it):
 * - real: the .ts/.mts/.cts sources (not .d.ts) of the SDK packages installed as dev dependencies;
 * - request-dense: the fixtures in which the analyzer finds a request, copied until there are 400.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const runs = Number(process.env.BENCH_RUNS ?? 3);
const bin = path.join(root, "dist/src/cli/bin.js");
const task = path.join(root, "scripts/bench-task.mjs");
const DENSE_FILES = 400;
/** Cold-start measurements take a fraction of a second: more runs for a steadier median. */
const coldRuns = Math.max(runs, 5);

/** Real code with few requests: the SDK packages' own sources. */
const REAL_PACKAGES = ["openai", "@anthropic-ai/sdk", "ai", "@ai-sdk/openai", "@ai-sdk/anthropic", "@ai-sdk/provider-utils", "@google/genai", "@mistralai/mistralai", "groq-sdk"];

interface Engine {
  analyzeText(text: string, file: string): unknown[];
  mightContainRequests(text: string): boolean;
}

/** Files below `directory` (not in node_modules) whose names match, under 1 MB, sorted. */
function sourceFiles(directory: string, extensions: RegExp): string[] {
  const found: string[] = [];
  const stack = [directory];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") stack.push(full);
      else if (entry.isFile() && extensions.test(entry.name) && statSync(full).size < 1_000_000) found.push(full);
    }
  }
  return found.sort();
}

function copyAll(files: readonly string[], from: string, to: string): string[] {
  return files.map((file) => {
    const target = path.join(to, path.relative(from, file));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file, target);
    return target;
  });
}

/** The package sources, as a project of their own (no node_modules or dist in any path). */
function realCorpus(target: string): string[] {
  const modules = path.join(root, "node_modules");
  const sources = REAL_PACKAGES.flatMap((name) => sourceFiles(path.join(modules, name), /(?<!\.d)\.[cm]?ts$/));
  return copyAll(sources, modules, target);
}

/** Request-dense code: every fixture source in which the analyzer finds a request, copied until there are `count`. */
function denseCorpus(target: string, count: number, engine: Engine): string[] {
  const fixtures = path.join(root, "fixtures");
  const seeds = sourceFiles(fixtures, /\.([cm]?[jt]sx?)$/).filter((file) => {
    try {
      return engine.analyzeText(readFileSync(file, "utf8"), path.relative(fixtures, file)).length > 0;
    } catch {
      return false; // fixtures/cli/syntax-error
    }
  });
  const files: string[] = [];
  for (let index = 0; files.length < count && seeds.length > 0; index++) {
    const seed = seeds[index % seeds.length]!;
    const copy = path.join(target, `copy${Math.floor(index / seeds.length)}`, path.relative(fixtures, seed));
    mkdirSync(path.dirname(copy), { recursive: true });
    cpSync(seed, copy);
    files.push(copy);
  }
  return files;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

type Result = Record<string, number>;
const results: Record<string, Result> = {};

/**
 * Runs tasks `runs` times each on a file list, each run in a fresh process, interleaved (A B A B,
 * not A A B B) so that a change in the machine's load hits all of them alike; medians of each
 * numeric field. `loadAverage` is the 1-minute load average before each run.
 */
function measure(tasks: Array<[key: string, task: string]>, files: readonly string[], cwd: string, repeat = runs): Result[] {
  const list = path.join(cwd, `.bench-files-${process.pid}.json`);
  writeFileSync(list, JSON.stringify(files.map((file) => path.relative(cwd, file))));
  const all: Result[][] = tasks.map(() => []);
  for (let run = 0; run < repeat; run++) {
    tasks.forEach(([, name], index) => {
      const loadAverage = os.loadavg()[0]!;
      const child = spawnSync(process.execPath, ["--expose-gc", task, name, list], { cwd, encoding: "utf8", maxBuffer: 1 << 26 });
      if (child.status !== 0) throw new Error(`bench task ${name} failed:\n${child.stderr.split("\n").slice(0, 12).join("\n")}`);
      all[index]!.push({ ...(JSON.parse(child.stdout) as Result), loadAverage });
    });
  }
  rmSync(list);
  return tasks.map(([key], index) => {
    const runsOfTask = all[index]!;
    const result = Object.fromEntries(Object.keys(runsOfTask[0]!).map((field) => [field, median(runsOfTask.map((one) => Number(one[field])))]));
    result.spreadPct = spread(runsOfTask.map((one) => one.totalMs ?? one.importMs ?? one.firstCountMs ?? 0));
    return (results[key] = result);
  });
}

/** (max - min) / median of the runs, in percent: how noisy a line is. */
function spread(values: number[]): number {
  return ((Math.max(...values) - Math.min(...values)) / median(values)) * 100;
}

/** Wall time (Node start included) and peak RSS of the CLI, median of `repeat` runs. */
function cli(key: string, args: string[], cwd: string, check: (report: { files: number; callSites: unknown[]; errors: unknown[] }) => void, repeat = runs): Result {
  const times: number[] = [];
  const memory: number[] = [];
  for (let run = 0; run < repeat; run++) {
    const start = performance.now();
    const result = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, bin, ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
    times.push(performance.now() - start);
    if (result.status !== 0 && result.status !== 1) throw new Error(`prompt-cache ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    check(JSON.parse(result.stdout) as { files: number; callSites: unknown[]; errors: unknown[] });
    memory.push(Number(result.stderr.trim().split("\n").at(-1)) / 1024);
  }
  return (results[key] = { ms: median(times), maxRssMb: median(memory), spreadPct: spread(times) });
}

function line(label: string, value: string, memory = "", goal = ""): void {
  console.log(`${label.padEnd(62)} ${value.padStart(10)} ${memory.padStart(8)}  ${goal}`);
}

const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const ratio = (value: number) => `${value.toFixed(2)}x`;
const percent = (value: number) => `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)}%`;
const verdict = (ok: boolean) => (ok ? "ok" : "MISS");

const engine = {
  ...((await import(pathToFileURL(path.join(root, "dist/src/analyze-text.js")).href)) as Pick<Engine, "analyzeText">),
  ...((await import(pathToFileURL(path.join(root, "dist/src/analysis.js")).href)) as Pick<Engine, "mightContainRequests">),
};
const work = mkdtempSync(path.join(os.tmpdir(), "prompt-cache-bench-"));
try {
  const real = realCorpus(path.join(work, "real"));
  const dense = denseCorpus(path.join(work, "dense"), DENSE_FILES, engine);
  const bytes = (files: string[]) => `${(files.reduce((sum, file) => sum + statSync(file).size, 0) / 2 ** 20).toFixed(1)} MB`;
  const cpu = os.cpus();
  console.log(`prompt-cache benchmark: ${cpu.length} cores (${cpu[0]?.model ?? "unknown"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, median of ${runs} runs, load average ${os.loadavg().map((load) => load.toFixed(1)).join(" ")}`);
  console.log(`real corpus: ${real.length} files (${bytes(real)}) from ${REAL_PACKAGES.join(", ")}; request-dense corpus: ${dense.length} files (${bytes(dense)})\n`);
  console.log(`${"".padEnd(62)} ${"time".padStart(10)} ${"peak RSS".padStart(8)}  goal`);

  // (1) ESLint with the parser only, with one no-op rule (the floor for any plugin), and with the
  // plugin's `all` config.
  const eslint: Record<string, Result> = {};
  for (const [label, files] of [
    ["real", real],
    ["request-dense", dense],
  ] as const) {
    const [parserOnly, noop, withPlugin] = measure(
      [
        [`eslint-parser-${label}`, "eslint-parser"],
        [`eslint-noop-${label}`, "eslint-noop"],
        [`eslint-plugin-${label}`, "eslint-plugin"],
      ],
      files,
      work,
    ) as [Result, Result, Result];
    eslint[label] = parserOnly;
    const overhead = withPlugin.totalMs! / parserOnly.totalMs! - 1;
    // The time ESLint's stats put in the plugin's rules (its analysis, checks and token counts),
    // against the parser-only run: what the plugin adds, without the noise of two totals.
    const inRules = withPlugin.rulesMs! / parserOnly.totalMs!;
    const limit = label === "real" ? 0.03 : 0.25;
    line(`ESLint, typescript-eslint parser, no rules, ${label} corpus`, seconds(parserOnly.totalMs!), mb(parserOnly.maxRssMb!));
    line(`ESLint + one no-op CallExpression rule, ${label} corpus`, seconds(noop.totalMs!), mb(noop.maxRssMb!), percent(noop.totalMs! / parserOnly.totalMs! - 1));
    line(`ESLint + prompt-cache "all" config, ${label} corpus`, seconds(withPlugin.totalMs!), mb(withPlugin.maxRssMb!), `${withPlugin.found} reports`);
    line(`  plugin overhead, wall`, percent(overhead), "", `<= ${limit * 100}%: ${verdict(overhead <= limit)}`);
    line(`  time in the plugin's rules (ESLint stats)`, percent(inRules), "", `${seconds(withPlugin.rulesMs!)}; <= ${limit * 100}%: ${verdict(inRules <= limit)}`);
  }

  // (2) The analyzer against a bare parse of the same files.
  const [parse, parseScopes, parseOxc, single, workers] = measure(
    [
      ["parse", "parse"],
      ["parse-scopes", "parse-scopes"],
      ["parse-oxc", "parse-oxc"],
      ["analyze", "analyze"],
      ["analyze-workers", "analyze-workers"],
    ],
    real,
    work,
  ) as [Result, Result, Result, Result, Result];
  const parserOnly = eslint.real!;
  line("typescript-estree parse only, real corpus", seconds(parse.totalMs!), mb(parse.maxRssMb!));
  line("typescript-estree parse + scope analysis, real corpus", seconds(parseScopes.totalMs!), mb(parseScopes.maxRssMb!));
  line("oxc-parser parse only (the analyzer's parser), real corpus", seconds(parseOxc.totalMs!), mb(parseOxc.maxRssMb!));
  line(`analyzer (CLI engine), 1 thread, ${single.candidates} candidates parsed, real corpus`, seconds(single.totalMs!), mb(single.maxRssMb!), `CPU ${seconds(single.cpuMs!)}`);
  line("  analyzer / ESLint parser-only", ratio(single.totalMs! / parserOnly.totalMs!), "", `<= 0.3x: ${verdict(single.totalMs! / parserOnly.totalMs! <= 0.3)}`);
  line(`analyzer (CLI engine), --workers ${workers.workers} (this thread + ${workers.workers! - 1}), real corpus`, seconds(workers.totalMs!), mb(workers.maxRssMb!), `CPU ${seconds(workers.cpuMs!)}`);
  line("  speed-up over 1 thread", ratio(single.totalMs! / workers.totalMs!), "", `near ${workers.workers}x`);
  const cliRun = cli("cli-real", ["analyze", "real", "--format", "json"], work, (report) => {
    if (report.files + report.errors.length !== real.length) throw new Error(`the CLI analyzed ${report.files} of ${real.length} files`);
  });
  line("prompt-cache analyze real --format json (CLI wall)", seconds(cliRun.ms!), mb(cliRun.maxRssMb!), `<= 300 MB: ${verdict(cliRun.maxRssMb! <= 300)}`);

  // (3) Cold start.
  const [importCost, firstCount] = measure(
    [
      ["import-plugin", "import-plugin"],
      ["first-count", "first-count"],
    ],
    [],
    work,
    coldRuns,
  ) as [Result, Result];
  line("import plugin + configs.recommended", `${importCost.importMs!.toFixed(0)} ms`, mb(importCost.maxRssMb!), `<= 50 ms: ${verdict(importCost.importMs! <= 50)}; ranks loaded: ${importCost.ranksLoaded ? "yes" : "no"}; TypeScript loaded: ${importCost.typescriptLoaded ? "yes" : "no"}`);
  line("first token count (loads o200k_base)", `${firstCount.firstCountMs!.toFixed(0)} ms`, mb(firstCount.maxRssMb!), `+${mb(firstCount.rssGrowthMb!)} RSS; same text again ${(firstCount.cachedCountMs! * 1000).toFixed(0)} µs`);

  // Pre-commit: a repository of both corpora (about 3,000 files), 5 files changed and staged.
  const repo = path.join(work, "repo");
  const repoReal = copyAll(real, work, repo);
  const repoDense = copyAll(dense, work, repo);
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=bench@example.com", "-c", "user.name=bench", ...args], { cwd: repo, stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "corpus");
  const noHint = repoReal.filter((file) => !engine.mightContainRequests(readFileSync(file, "utf8"))).slice(0, 5);
  const noRequest: string[] = [];
  for (const file of repoReal) {
    if (noRequest.length === 5) break;
    const text = readFileSync(file, "utf8");
    try {
      if (engine.mightContainRequests(text) && engine.analyzeText(text, file).length === 0) noRequest.push(file);
    } catch {
      // A file that does not parse is no example of the common case.
    }
  }
  const requests = repoDense.slice(0, 5);
  for (const [key, label, changed, goal] of [
    ["staged-no-hint", "no sign of a request", noHint, 500],
    ["staged-no-request", "parsed, no request", noRequest, 500],
    ["staged-requests", "requests, tokens counted", requests, 1200],
  ] as const) {
    git("reset", "-q", "--hard");
    for (const file of changed) writeFileSync(file, `${readFileSync(file, "utf8")}\n// edited\n`);
    git("add", "-A");
    const staged = cli(key, ["analyze", "--staged", "--format", "json"], repo, (report) => {
      if (report.files + report.errors.length !== 5) throw new Error(`--staged analyzed ${report.files} files, not 5`);
    }, coldRuns);
    line(`--staged, 5 changed files: ${label} (wall)`, seconds(staged.ms!), mb(staged.maxRssMb!), `<= ${goal / 1000} s: ${verdict(staged.ms! <= goal)}`);
  }

  // (4) Memory in a long-lived process.
  const [editor] = measure([["editor", "editor"]], [dense[0]!], work) as [Result];
  const signed = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(1)} MB`;
  line("editor: a request file linted 2 x 1,000 times, RSS growth", `${signed(editor.rssGrowthMb!)}, ${signed(editor.rssGrowthSecondMb!)}`, mb(editor.maxRssMb!), `flat; heap after GC ${signed(editor.heapGrowthMb!)}, ${signed(editor.heapGrowthSecondMb!)}; ${(editor.ms! / 1000).toFixed(1)} ms per lint`);
  console.log(`\nload average at the end: ${os.loadavg().map((load) => load.toFixed(1)).join(" ")}`);

  const noisy = Object.entries(results).filter(([, result]) => result.spreadPct! > 15);
  if (noisy.length > 0) console.log(`\nnoisy (runs differ by more than 15%): ${noisy.map(([key, result]) => `${key} ${result.spreadPct!.toFixed(0)}%`).join(", ")}`);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify({ machine: { cores: cpu.length, model: cpu[0]?.model, node: process.version }, runs, files: { real: real.length, dense: dense.length }, results }, null, 2)}\n`);
} finally {
  if (process.env.BENCH_KEEP) console.log(`\ncorpora kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
