/*
 * `npm run bench`: how much the plugin costs in ESLint and how fast the analyzer runs, against the
 * goals of the performance issue. Every measurement runs in a fresh process (scripts/bench-task.mjs)
 * and is the median of BENCH_RUNS runs (default 3). Needs `npm run build` first.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const root = path.resolve(import.meta.dirname, "..");
const runs = Number(process.env.BENCH_RUNS ?? 3);
const bin = path.join(root, "dist/src/cli/bin.js");
const task = path.join(root, "scripts/bench-task.mjs");

/** Real code with few requests: the SDK packages' own sources, installed as dev dependencies. */
const REAL_PACKAGES = ["openai", "@anthropic-ai/sdk", "ai", "@ai-sdk/openai", "@ai-sdk/anthropic", "@ai-sdk/provider-utils", "@google/genai", "@mistralai/mistralai", "groq-sdk"];

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

/** Request-dense code: every fixture file that holds requests, copied until there are `count`. */
function denseCorpus(target: string, count: number): string[] {
  const seeds = sourceFiles(path.join(root, "fixtures"), /\.(ts|tsx|js|mjs)$/).filter((file) => /completions|messages|generate|role/.test(readFileSync(file, "utf8")));
  const files: string[] = [];
  for (let index = 0; files.length < count && seeds.length > 0; index++) {
    const seed = seeds[index % seeds.length]!;
    const copy = path.join(target, `copy${Math.floor(index / seeds.length)}`, path.relative(path.join(root, "fixtures"), seed));
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

/** Runs one task `runs` times on a file list; medians of each numeric field. */
function measure(name: string, files: string[], cwd: string): Record<string, number> {
  const list = path.join(os.tmpdir(), `prompt-cache-bench-${process.pid}.json`);
  writeFileSync(list, JSON.stringify(files.map((file) => path.relative(cwd, file))));
  const results: Array<Record<string, number>> = [];
  for (let run = 0; run < runs; run++) {
    const output = execFileSync(process.execPath, ["--expose-gc", task, name, list], { cwd, encoding: "utf8", maxBuffer: 1 << 26 });
    results.push(JSON.parse(output) as Record<string, number>);
  }
  return Object.fromEntries(Object.keys(results[0]!).map((key) => [key, median(results.map((result) => Number(result[key])))]));
}

/** Wall time and peak memory of the CLI on a directory, median of `runs`. */
function cli(args: string[], cwd: string): { ms: number; maxRssMb: number } {
  const times: number[] = [];
  const memory: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, bin, ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 26 });
    times.push(performance.now() - start);
    memory.push(Number(result.stderr.trim().split("\n").at(-1)) / 1024);
  }
  return { ms: median(times), maxRssMb: median(memory) };
}

function line(label: string, value: string, goal = ""): void {
  console.log(`${label.padEnd(58)} ${value.padStart(14)}  ${goal}`);
}

const ms = (value: number) => `${(value / 1000).toFixed(2)} s`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const ratio = (value: number) => `${value.toFixed(2)}x`;

const work = mkdtempSync(path.join(os.tmpdir(), "prompt-cache-bench-"));
try {
  const real = REAL_PACKAGES.flatMap((name) => sourceFiles(path.join(root, "node_modules", name), /\.(ts|mts|cts)$/));
  const dense = denseCorpus(path.join(work, "dense"), 400);
  console.log(`prompt-cache benchmark: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown"}), Node ${process.version}, median of ${runs} runs`);
  console.log(`real corpus: ${real.length} files from ${REAL_PACKAGES.length} SDK packages; request-dense corpus: ${dense.length} files\n`);

  for (const [label, files] of [
    ["real", real],
    ["request-dense", dense],
  ] as const) {
    const parserOnly = measure("eslint-parser", files, root);
    const withPlugin = measure("eslint-plugin", files, root);
    const overhead = withPlugin.ms! / parserOnly.ms! - 1;
    const goal = label === "real" ? "goal <= 3%" : "goal <= 25%";
    line(`ESLint parser only, ${label} corpus`, ms(parserOnly.ms!), mb(parserOnly.maxRssMb!));
    line(`ESLint + prompt-cache all, ${label} corpus`, ms(withPlugin.ms!), mb(withPlugin.maxRssMb!));
    line(`  plugin overhead`, `${(overhead * 100).toFixed(1)}%`, goal);
    if (label === "real") {
      const parse = measure("parse", files, root);
      const analyze = measure("analyze", files, root);
      line("typescript-estree parse + scopes, real corpus", ms(parse.ms!), mb(parse.maxRssMb!));
      line("analyzer in-process (pre-filter, then parse candidates)", ms(analyze.ms!), mb(analyze.maxRssMb!));
      line("  analyzer / ESLint parser-only", ratio(analyze.ms! / parserOnly.ms!), "goal <= 0.3x");
      const copy = path.join(work, "real");
      for (const file of files) {
        const target = path.join(copy, path.relative(path.join(root, "node_modules"), file));
        mkdirSync(path.dirname(target), { recursive: true });
        cpSync(file, target);
      }
      const single = cli(["analyze", ".", "--format", "json"], copy);
      line("prompt-cache analyze (CLI, wall), real corpus", ms(single.ms), `${mb(single.maxRssMb)}  goal <= 300 MB`);
    }
  }

  const importCost = measure("import-plugin", [], root);
  line("import plugin + configs.recommended", `${importCost.importMs!.toFixed(0)} ms`, `goal <= 50 ms; ranks loaded: ${importCost.ranksLoaded ? "yes" : "no"}`);
  const firstCount = measure("first-count", [], root);
  line("first token count (o200k_base load)", `${firstCount.firstCountMs!.toFixed(0)} ms`, mb(firstCount.maxRssMb!));
  const editor = measure("editor", [dense[0]!], root);
  line("editor: same file linted 1,000 times, RSS growth", mb(editor.rssGrowthMb!), "goal: flat");

  // Pre-commit: a repository of the dense corpus with 5 changed, staged files.
  const repo = path.join(work, "dense");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });
  git("init", "-q");
  git("-c", "user.email=bench@example.com", "-c", "user.name=bench", "add", "-A");
  git("-c", "user.email=bench@example.com", "-c", "user.name=bench", "commit", "-qm", "corpus");
  for (const file of dense.slice(0, 5)) writeFileSync(file, `${readFileSync(file, "utf8")}\n// edited\n`);
  git("add", "-A");
  const staged = cli(["analyze", "--staged", "--format", "json"], repo);
  line("--staged with 5 changed files (wall, incl. Node start)", ms(staged.ms), "goal <= 0.5 s without counts, <= 1.2 s with");
} finally {
  rmSync(work, { recursive: true, force: true });
}
