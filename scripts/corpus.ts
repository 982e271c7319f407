/**
 * Runs the engine, the ESLint plugin and the CLI over a corpus of real JS/TS that no one here
 * wrote (by default every `.js`, `.jsx`, `.mjs`, `.cjs`, `.ts`, `.tsx`, `.mts`, `.cts` and `.d.ts`
 * file under `node_modules`) and prints counts: files, call sites, findings per rule, parse
 * errors, crashes, timeouts and the slowest files. Exits 1 when anything the plugin is
 * responsible for went wrong: an exception, a hang, a file over the time bound, an invalid
 * position, an exception in an ESLint rule, or a CLI run that failed.
 *
 * Every file is analyzed fully, bypassing the cheap text test that rejects most files in real
 * use (a corpus of libraries hardly ever mentions `role`): the point is that no syntax crashes
 * the engine. Files run in child processes, one file at a time each, with a hard timeout: a hang
 * or a crash of a child is recorded against its file and a fresh child takes over.
 *
 * Usage: npm run corpus -- [--root <dir>]... [--jobs <n>] [--bound <ms>] [--timeout <ms>]
 *                          [--eslint-sample <n>] [--eslint-hinted <n>] [--no-eslint] [--no-cli]
 *                          [--sample <n>] [--json <file>]
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, realpathSync, statSync, existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import plugin from "../index.js";
import { analyzeProgram, mightContainRequests, type AnalysisOptions } from "../src/analysis.js";
import { parseForAnalysis } from "../src/analyze-text.js";
import { checks, type CheckName } from "../src/checks/index.js";
import { runCheck } from "../src/checks/run.js";
import type { Check, Finding } from "../src/checks/types.js";
import { ParseError, stripBom, type ParsedFile } from "../src/parse.js";
import { fileSystemHost, Project } from "../src/project/project.js";
import { buildCallSiteReports, type ReportedFinding } from "../src/report/build.js";
import { splitLines } from "../src/report/fingerprint.js";
import { countTokens } from "../src/tokens/count.js";
import type { AnalysisReport, CallSiteReport } from "../src/report/types.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CORPUS_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;
/** Engine CPU time (everything after parsing and scope analysis) allowed per file by default. */
export const DEFAULT_BOUND_MS = 2000;

// ---------------------------------------------------------------------------------------------
// Collecting the corpus

export interface CorpusFile {
  /** Absolute path. */
  path: string;
  bytes: number;
}

/**
 * Every JS/TS file below the roots, once each (by real path), without recursion; symlinks are
 * followed, and a directory reached twice (a symlink loop, pnpm's links) is walked once.
 */
export function collectCorpusFiles(roots: readonly string[]): CorpusFile[] {
  const byRealPath = new Map<string, CorpusFile>();
  const visited = new Set<string>();
  const stack = roots.map((root) => path.resolve(root)).reverse();
  while (stack.length > 0) {
    const directory = stack.pop()!;
    let real: string;
    let names: string[];
    try {
      real = realpathSync(directory);
      if (visited.has(real)) continue;
      visited.add(real);
      names = readdirSync(directory).sort();
    } catch {
      continue; // unreadable or vanished: not part of the corpus
    }
    const subdirectories: string[] = [];
    for (const name of names) {
      const entry = path.join(directory, name);
      let stats;
      try {
        stats = statSync(entry);
      } catch {
        continue; // a broken link or a loop
      }
      if (stats.isDirectory()) subdirectories.push(entry);
      else if (stats.isFile() && CORPUS_EXTENSION.test(name)) {
        const realFile = realpathSync(entry);
        if (!byRealPath.has(realFile)) byRealPath.set(realFile, { path: entry, bytes: stats.size });
      }
    }
    stack.push(...subdirectories.reverse());
  }
  return [...byRealPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A deterministic sample of `count` files spread over the whole (sorted) list. */
export function sampleEvenly<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, index) => items[Math.floor(index * step)]!);
}

// ---------------------------------------------------------------------------------------------
// One file through the engine

export interface EngineOutcome {
  status: "ok" | "parse-error" | "crash";
  /** The parse error or the exception, with its position or stack. */
  message?: string;
  callSites: number;
  findings: Partial<Record<CheckName, number>>;
  /**
   * CPU time of parsing (oxc-parser, or typescript-estree where parse.ts hands a file to it) and
   * scope analysis: not this project's code. CPU time, not wall time: a busy machine (CI, other
   * jobs) does not inflate it.
   */
  parseMs: number;
  /** CPU time of everything after: discovery, evaluation, every check, token estimates and the report. */
  engineMs: number;
  /** Wall time of the whole file, for the record. */
  wallMs: number;
  /** Reported positions that are not in the file: a line past the end, a column past the line. */
  badPositions: string[];
  /** Every finding as `rule line:column message`, to review for false positives. */
  details: string[];
}

const ALL_RULES = Object.fromEntries(Object.keys(checks).map((name) => [name, "warning"])) as Record<CheckName, "warning">;

/**
 * The CLI analyzes scopes on first use (src/parse.ts); the corpus counts that analysis with the
 * parse, so that the engine's time is this project's code alone. Every program has a global scope.
 */
function withScopes<Parsed extends ParsedFile>(parsed: Parsed): Parsed {
  if (parsed.scopeManager.scopes.length === 0) throw new Error("scope analysis found no scope");
  return parsed;
}

/**
 * What `analyzeText` does, with every check on and without the text test that skips files
 * without a request hint, so that every file is parsed, walked, evaluated and checked.
 */
export function analyzeForced(text: string, file: string, evaluation: AnalysisOptions = {}): EngineOutcome {
  const source = stripBom(text);
  const outcome: EngineOutcome = { status: "ok", callSites: 0, findings: {}, parseMs: 0, engineMs: 0, wallMs: 0, badPositions: [], details: [] };
  const wall = performance.now();
  let start = process.cpuUsage();
  let parsed;
  try {
    parsed = withScopes(parseForAnalysis(source, file));
  } catch (error) {
    outcome.parseMs = cpuMs(start);
    outcome.wallMs = performance.now() - wall;
    if (error instanceof ParseError) return { ...outcome, status: "parse-error", message: `${error.line}:${error.column}: ${error.message}` };
    return { ...outcome, status: "crash", message: `while parsing: ${describe(error)}` };
  }
  outcome.parseMs = cpuMs(start);
  start = process.cpuUsage();
  try {
    const analysis = analyzeProgram(parsed.program, parsed.scopeManager, source, evaluation, parsed.nodes);
    const findings: ReportedFinding[] = [];
    for (const [name, check] of Object.entries(checks) as Array<[CheckName, Check<object>]>) {
      for (const finding of runCheck(check, { analysis, settings: {} }, check.defaultOptions)) {
        findings.push({ finding, severity: ALL_RULES[name], template: check.messages[finding.messageId]! });
        outcome.findings[name] = (outcome.findings[name] ?? 0) + 1;
        checkFindingNode(finding, source, outcome.badPositions);
      }
    }
    const reports = buildCallSiteReports(analysis, findings, file, {});
    outcome.callSites = reports.length;
    for (const report of reports) {
      checkReportPositions(report, source, outcome.badPositions);
      for (const finding of report.findings) outcome.details.push(`${finding.ruleId} ${finding.line}:${finding.column} ${finding.message}`);
    }
  } catch (error) {
    outcome.status = "crash";
    outcome.message = describe(error);
  }
  outcome.engineMs = cpuMs(start);
  outcome.wallMs = performance.now() - wall;
  return outcome;
}

/** CPU milliseconds (user and system) of this process since `start`. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at ")).slice(0, 6);
  return [`${error.name}: ${error.message}`, ...frames.map((frame) => frame.trim())].join("\n    ");
}

/** Line and column (both 1-based) must fall inside the text: a line that exists, a column up to its end. */
export function positionProblem(source: string, line: number, column: number, what: string): string | null {
  const lines = splitLines(source);
  if (!Number.isInteger(line) || line < 1 || line > lines.length) return `${what} at line ${line} of ${lines.length}`;
  if (!Number.isInteger(column) || column < 1 || column > lines[line - 1]!.length + 1) return `${what} at ${line}:${column}, past the end of the line`;
  return null;
}

function checkFindingNode(finding: Finding, source: string, problems: string[]): void {
  const node = finding.node;
  const [start, end] = node.range;
  const text = source.slice(start, end);
  if (!(start >= 0 && end <= source.length && start <= end)) problems.push(`${finding.rule}: range ${start}-${end} outside the text`);
  // The node's loc must agree with its range: the same place in the text, by two routes.
  const before = splitLines(source.slice(0, start));
  if (before.length !== node.loc.start.line || before.at(-1)!.length !== node.loc.start.column) {
    problems.push(`${finding.rule}: loc ${node.loc.start.line}:${node.loc.start.column} disagrees with range start ${start} (${JSON.stringify(text.slice(0, 20))})`);
  }
}

function checkReportPositions(report: CallSiteReport, source: string, problems: string[]): void {
  const found = [
    positionProblem(source, report.line, report.column, "call site"),
    report.prefix.firstDynamic ? positionProblem(source, report.prefix.firstDynamic.line, report.prefix.firstDynamic.column, "firstDynamic") : null,
    ...report.findings.map((finding) => positionProblem(source, finding.line, finding.column, finding.ruleId)),
    ...report.segments.map((segment) => positionProblem(source, segment.line, 1, `${segment.kind} segment`)),
  ];
  if (!Number.isInteger(report.prefix.cacheableTokens) || report.prefix.cacheableTokens < 0) found.push(`cacheableTokens ${report.prefix.cacheableTokens}`);
  problems.push(...found.filter((problem): problem is string => problem !== null));
}

// ---------------------------------------------------------------------------------------------
// One file through ESLint

export interface LintOutcome {
  /** Messages of the plugin's rules, by rule id. */
  messages: Record<string, number>;
  /** Each message as `rule line:column`, to compare with the engine's report of the same file. */
  positions: string[];
  /** The parser could not parse the file (not the plugin's doing). */
  parseError: string | null;
  /** A rule threw, or ESLint reported a fatal message that is not a parse error. */
  pluginError: string | null;
  /** ESLint's messages differ from the engine's findings on the same file (rule, line, column). */
  mismatch?: string;
}

const linter = new Linter({ configType: "flat" });
const pluginConfig = plugin.configs.all as unknown as Linter.Config;

function eslintConfig(file: string, sourceType: "module" | "commonjs"): Linter.Config[] {
  const typescript = /\.[cm]?tsx?$/.test(file);
  return [
    {
      // Not "**/*": ESLint does not lint a file that only a catch-all pattern matches.
      files: ["**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"],
      languageOptions: typescript
        ? { parser: tseslint.parser as Linter.Parser, sourceType }
        : { ecmaVersion: "latest", sourceType, parserOptions: { ecmaFeatures: { jsx: /\.[cm]?jsx?$/.test(file) } } },
      linterOptions: { reportUnusedDisableDirectives: "off", reportUnusedInlineConfigs: "off" },
    },
    pluginConfig,
  ];
}

/**
 * Lints one file with `configs.all` (espree for JS, typescript-eslint's parser for TS). A line
 * comment mentioning `role` is appended so the rules' text test lets every file through.
 */
export function lintForced(text: string, file: string): LintOutcome {
  // ESLint ignores paths under node_modules: lint it under a neutral name with the same extension.
  const filename = path.join("corpus", path.basename(file));
  const source = `${text}\n// role\n`;
  const sourceTypes: Array<"module" | "commonjs"> = /\.c[jt]s$/.test(file) ? ["commonjs"] : ["module", "commonjs"];
  let outcome: LintOutcome = { messages: {}, positions: [], parseError: null, pluginError: null };
  for (const sourceType of sourceTypes) {
    outcome = { messages: {}, positions: [], parseError: null, pluginError: null };
    let messages: Linter.LintMessage[];
    try {
      messages = linter.verify(source, eslintConfig(file, sourceType), { filename });
    } catch (error) {
      return { ...outcome, pluginError: describe(error) };
    }
    for (const message of messages) {
      if (message.fatal) {
        if (message.ruleId === null && message.message.startsWith("Parsing error")) outcome.parseError = `${message.line}:${message.column}: ${message.message}`;
        else outcome.pluginError = `${message.ruleId ?? "fatal"}: ${message.message}`;
      } else if (message.ruleId === null) {
        // The corpus's own `/* eslint ... */` comments draw warnings that are not ours; anything
        // else ("No matching configuration") means this harness is wrong: say so.
        if (!/configuration comment|inline config/i.test(message.message)) outcome.pluginError = `ESLint: ${message.message}`;
      } else if (message.ruleId.startsWith("prompt-cache/")) {
        outcome.messages[message.ruleId] = (outcome.messages[message.ruleId] ?? 0) + 1;
        outcome.positions.push(`${message.ruleId} ${message.line}:${message.column}`);
      }
    }
    if (outcome.parseError === null) return outcome;
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// The child process: one file at a time

interface Job {
  index: number;
  file: string;
  lint: boolean;
}

export interface FileResult extends EngineOutcome {
  file: string;
  bytes: number;
  lint?: LintOutcome;
  /** The child was killed after the hard timeout, or died while on this file. */
  killed?: string;
}

function childMain(): void {
  // The tokenizers load once per process (about a second): not part of any one file's time.
  for (const encoding of ["o200k_base", "cl100k_base"] as const) countTokens("warm up", encoding);
  const host = fileSystemHost(ROOT);
  let project: Project | null = null;
  let served = 0;
  process.on("message", (job: Job) => {
    // A project caches the modules it parsed for imports; start over now and then to bound memory.
    if (!project || served++ % 50 === 0) project = new Project(host);
    const text = readFileSync(job.file, "utf8");
    const relative = path.relative(ROOT, job.file);
    // As the CLI runs it: imports followed into the project's other modules.
    const result: FileResult = { file: relative, bytes: Buffer.byteLength(text), ...analyzeForced(text, relative, project.optionsFor(job.file)) };
    if (job.lint) {
      result.lint = lintForced(text, relative);
      // As ESLint without type information runs it: no imports followed, prompt files still read.
      const alone = analyzeForced(text, relative, { files: { path: job.file, cwd: ROOT, readText: host.readText } });
      const engine = alone.details.map((detail) => detail.split(" ").slice(0, 2).join(" ")).sort();
      const eslint = [...result.lint.positions].sort();
      if (result.lint.parseError === null && alone.status === "ok" && JSON.stringify(engine) !== JSON.stringify(eslint)) {
        result.lint.mismatch = `engine [${engine.join(", ")}] vs ESLint [${eslint.join(", ")}]`;
      }
    }
    process.send!({ index: job.index, result });
  });
  process.send!({ ready: true });
}

// ---------------------------------------------------------------------------------------------
// The parent: a pool of children

interface Options {
  roots: string[];
  jobs: number;
  boundMs: number;
  timeoutMs: number;
  eslintSample: number;
  eslintHinted: number;
  cli: boolean;
  sample: number | null;
  json: string | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    roots: [],
    jobs: Math.max(1, os.availableParallelism()),
    boundMs: DEFAULT_BOUND_MS,
    timeoutMs: 300_000,
    eslintSample: 600,
    eslintHinted: 3000,
    cli: true,
    sample: null,
    json: null,
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index]!;
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    const count = () => {
      const number = Number(value());
      if (!Number.isInteger(number) || number < 0) throw new Error(`${flag} needs a whole number`);
      return number;
    };
    if (flag === "--root") options.roots.push(value());
    else if (flag === "--jobs") options.jobs = Math.max(1, count());
    else if (flag === "--bound") options.boundMs = count();
    else if (flag === "--timeout") options.timeoutMs = count();
    else if (flag === "--eslint-sample") options.eslintSample = count();
    else if (flag === "--eslint-hinted") options.eslintHinted = count();
    else if (flag === "--no-eslint") options.eslintSample = 0;
    else if (flag === "--no-cli") options.cli = false;
    else if (flag === "--sample") options.sample = count();
    else if (flag === "--json") options.json = value();
    else throw new Error(`unknown flag ${flag}`);
  }
  if (options.roots.length === 0) options.roots.push(path.join(ROOT, "node_modules"));
  return options;
}

/**
 * Wall-clock limit for one file before its child is killed as hung: the timeout plus a minute per
 * MB, since parsing alone takes seconds per MB and a loaded machine stretches wall time several
 * times. The time bound itself is checked on CPU time, measured in the child.
 */
function hardLimit(options: Options, bytes: number): number {
  return options.timeoutMs + Math.ceil(bytes / 1e6) * 60_000;
}

async function runPool(files: CorpusFile[], lintSet: ReadonlySet<string>, options: Options, progress: (done: number) => void): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const script = fileURLToPath(import.meta.url);
  const startChild = (): Promise<ChildProcess> =>
    new Promise((resolve, reject) => {
      const child = fork(script, ["--child"], { execArgv: [...process.execArgv, "--max-old-space-size=4096"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
      child.once("message", () => resolve(child));
      child.once("error", reject);
    });
  const worker = async (): Promise<void> => {
    let child = await startChild();
    while (next < files.length) {
      const index = next++;
      const file = files[index]!;
      const job: Job = { index, file: file.path, lint: lintSet.has(file.path) };
      const result = await new Promise<FileResult>((resolve) => {
        const relative = path.relative(ROOT, file.path);
        const fail = (killed: string): void => {
          cleanup();
          resolve({ file: relative, bytes: file.bytes, status: "crash", message: killed, callSites: 0, findings: {}, parseMs: 0, engineMs: 0, wallMs: 0, badPositions: [], details: [], killed });
        };
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          fail(`no answer after ${hardLimit(options, file.bytes)} ms (killed)`);
        }, hardLimit(options, file.bytes));
        const onMessage = (message: { index: number; result: FileResult }): void => {
          if (message.index !== index) return;
          cleanup();
          resolve(message.result);
        };
        const onExit = (code: number | null, signal: string | null): void => fail(`the child process exited (code ${code}, signal ${signal})`);
        const cleanup = (): void => {
          clearTimeout(timer);
          child.off("message", onMessage);
          child.off("exit", onExit);
        };
        child.on("message", onMessage);
        child.on("exit", onExit);
        child.send(job);
      });
      results[index] = result;
      progress(++done);
      if (result.killed) child = await startChild();
    }
    child.kill();
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, files.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------
// The CLI over the same files

interface CliSummary {
  ran: boolean;
  note: string;
  batches: number;
  files: number;
  skipped: number;
  callSites: number;
  errors: number;
  internalErrors: string[];
  failures: string[];
  exitCodes: Record<string, number>;
}

async function runCli(files: CorpusFile[], options: Options): Promise<CliSummary> {
  const bin = path.join(ROOT, "dist/src/cli/bin.js");
  const summary: CliSummary = { ran: false, note: "", batches: 0, files: 0, skipped: 0, callSites: 0, errors: 0, internalErrors: [], failures: [], exitCodes: {} };
  if (!options.cli) return { ...summary, note: "skipped (--no-cli)" };
  if (!existsSync(bin)) return { ...summary, note: "skipped: dist/src/cli/bin.js is missing (run `npm run build`)" };
  summary.ran = true;
  // Files are named on the command line: the CLI analyzes them even under node_modules or dist.
  const relative = files.map((file) => path.relative(ROOT, file.path));
  const BATCH = 400;
  for (let start = 0; start < relative.length; start += BATCH) {
    const batch = relative.slice(start, start + BATCH);
    summary.batches++;
    const { code, stdout, stderr } = await runProcess(process.execPath, [bin, "analyze", ...batch, "--format", "json"], 600_000);
    summary.exitCodes[String(code)] = (summary.exitCodes[String(code)] ?? 0) + 1;
    if (code !== 0 && code !== 1) {
      summary.failures.push(`batch ${summary.batches}: exit ${code}: ${stderr.trim().slice(0, 500)}`);
      continue;
    }
    let report: AnalysisReport;
    try {
      report = JSON.parse(stdout) as AnalysisReport;
    } catch {
      summary.failures.push(`batch ${summary.batches}: the output is not JSON: ${stdout.slice(0, 200)}`);
      continue;
    }
    // The CLI leaves files over 1 MB out, and says so on stderr.
    summary.skipped += /skipped files over 1 MB: (.*)/.exec(stderr)?.[1]?.split(", ").length ?? 0;
    summary.files += report.files;
    summary.callSites += report.callSites.length;
    summary.errors += report.errors.length;
    for (const error of report.errors) if (/internal error/i.test(error.message)) summary.internalErrors.push(`${error.file}: ${error.message}`);
  }
  return summary;
}

function runProcess(command: string, args: string[], timeoutMs: number): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? `signal ${signal}`, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Summary

function printSummary(results: FileResult[], cli: CliSummary, options: Options, seconds: number): boolean {
  const out: string[] = [];
  const count = (predicate: (result: FileResult) => boolean) => results.filter(predicate).length;
  const byExtension = new Map<string, number>();
  for (const result of results) {
    const extension = /\.d\.[cm]?ts$/.test(result.file) ? ".d.ts" : path.extname(result.file);
    byExtension.set(extension, (byExtension.get(extension) ?? 0) + 1);
  }
  const bytes = results.reduce((sum, result) => sum + result.bytes, 0);
  const crashes = results.filter((result) => result.status === "crash");
  const slow = results.filter((result) => result.status !== "crash" && result.engineMs > options.boundMs);
  const positions = results.filter((result) => result.badPositions.length > 0);
  const findings = new Map<string, number>();
  for (const result of results) for (const [rule, n] of Object.entries(result.findings)) findings.set(rule, (findings.get(rule) ?? 0) + n);
  const linted = results.filter((result) => result.lint);
  const lintErrors = linted.filter((result) => result.lint!.pluginError !== null);
  const lintMessages = new Map<string, number>();
  for (const result of linted) for (const [rule, n] of Object.entries(result.lint!.messages)) lintMessages.set(rule, (lintMessages.get(rule) ?? 0) + n);

  out.push(`Corpus: ${options.roots.map((root) => path.relative(ROOT, root) || ".").join(", ")}`);
  out.push(`  files          ${results.length} (${(bytes / 1e6).toFixed(1)} MB): ${[...byExtension].sort((a, b) => b[1] - a[1]).map(([extension, n]) => `${extension} ${n}`).join(", ")}`);
  out.push(`  parsed         ${count((result) => result.status === "ok")}`);
  out.push(`  parse errors   ${count((result) => result.status === "parse-error")} (not valid JS/TS for oxc-parser nor typescript-estree; reported as parse errors, not crashes)`);
  out.push(`  call sites     ${results.reduce((sum, result) => sum + result.callSites, 0)} in ${count((result) => result.callSites > 0)} files`);
  out.push(`  findings       ${[...findings.values()].reduce((a, b) => a + b, 0)}`);
  for (const name of Object.keys(checks)) out.push(`    ${name.padEnd(26)} ${findings.get(name) ?? 0}`);
  out.push(`  crashes        ${crashes.length} (exceptions, hangs and dead children)`);
  for (const result of crashes.slice(0, 20)) out.push(`    ${result.file}: ${result.message}`);
  out.push(`  invalid positions ${positions.length} files`);
  for (const result of positions.slice(0, 10)) out.push(`    ${result.file}: ${result.badPositions.slice(0, 3).join("; ")}`);
  out.push(`  over the bound ${slow.length} files with engine CPU time > ${options.boundMs} ms`);
  for (const result of slow.slice(0, 10)) out.push(`    ${ms(result.engineMs)}  ${result.file}`);
  const total = (result: FileResult) => result.parseMs + result.engineMs;
  out.push(`  slowest files  (CPU time; parse = oxc-parser or typescript-estree + scope analysis, engine = this project)`);
  for (const result of [...results].sort((a, b) => total(b) - total(a)).slice(0, 8)) {
    out.push(`    ${ms(total(result))} total, ${ms(result.parseMs)} parse, ${ms(result.engineMs)} engine  ${result.file} (${(result.bytes / 1e6).toFixed(2)} MB)`);
  }
  out.push(`  slowest engine times`);
  for (const result of [...results].sort((a, b) => b.engineMs - a.engineMs).slice(0, 5)) out.push(`    ${ms(result.engineMs)}  ${result.file} (${(result.bytes / 1e6).toFixed(2)} MB)`);
  const median = [...results].map((result) => result.engineMs).sort((a, b) => a - b)[Math.floor(results.length / 2)] ?? 0;
  out.push(`  median engine time ${median.toFixed(1)} ms`);
  out.push(`ESLint (configs.all, ${linted.length} files sampled)`);
  out.push(`  parse errors   ${count((result) => result.lint?.parseError != null)}`);
  out.push(`  plugin errors  ${lintErrors.length}`);
  for (const result of lintErrors.slice(0, 10)) out.push(`    ${result.file}: ${result.lint!.pluginError}`);
  out.push(`  messages       ${[...lintMessages].map(([rule, n]) => `${rule} ${n}`).join(", ") || "none"}`);
  const mismatches = linted.filter((result) => result.lint!.mismatch);
  out.push(`  differ from the engine (rule, line, column) ${mismatches.length}`);
  for (const result of mismatches.slice(0, 10)) out.push(`    ${result.file}: ${result.lint!.mismatch}`);
  out.push(`CLI (prompt-cache analyze <files> --format json)`);
  if (!cli.ran) out.push(`  ${cli.note}`);
  else {
    out.push(`  batches        ${cli.batches}, exit codes ${Object.entries(cli.exitCodes).map(([code, n]) => `${code}: ${n}`).join(", ")}`);
    out.push(`  files          ${cli.files} analyzed, ${cli.skipped} skipped (over 1 MB), ${cli.errors} not parsed; ${cli.callSites} call sites`);
    out.push(`  internal errors ${cli.internalErrors.length}`);
    for (const error of cli.internalErrors.slice(0, 10)) out.push(`    ${error}`);
    out.push(`  failed runs    ${cli.failures.length}`);
    for (const failure of cli.failures.slice(0, 5)) out.push(`    ${failure}`);
  }
  out.push(`Time: ${seconds.toFixed(0)} s with ${options.jobs} processes.`);
  const clean = crashes.length === 0 && slow.length === 0 && positions.length === 0 && lintErrors.length === 0 && mismatches.length === 0 && cli.internalErrors.length === 0 && cli.failures.length === 0;
  out.push(clean ? "Result: clean." : "Result: FAILED (see above).");
  console.log(out.join("\n"));
  return clean;
}

function ms(value: number): string {
  return `${value.toFixed(0).padStart(6)} ms`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  let files = collectCorpusFiles(options.roots);
  if (options.sample !== null) files = sampleEvenly(files, options.sample);
  // ESLint: a sample spread over the corpus, and (up to --eslint-hinted) the files whose text
  // passes the rules' own request test, where the rules do more than return at once.
  const lintSet = new Set(sampleEvenly(files, options.eslintSample).map((file) => file.path));
  if (options.eslintSample > 0) {
    const hinted = files.filter((file) => file.bytes <= 5e6 && mightContainRequests(readFileSync(file.path, "utf8")));
    for (const file of sampleEvenly(hinted, options.eslintHinted)) lintSet.add(file.path);
  }
  console.error(`prompt-cache corpus: ${files.length} files, ${options.jobs} processes, ESLint on ${lintSet.size}`);
  let lastShown = 0;
  const results = await runPool(files, lintSet, options, (done) => {
    if (done - lastShown >= 250 || done === files.length) {
      lastShown = done;
      console.error(`  ${done}/${files.length} files`);
    }
  });
  const cli = await runCli(files, options);
  const clean = printSummary(results, cli, options, (performance.now() - started) / 1000);
  if (options.json) writeFileSync(options.json, `${JSON.stringify({ results, cli }, null, 2)}\n`);
  process.exitCode = clean ? 0 : 1;
}

const invoked = process.argv[1] ? pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url : false;
if (invoked && process.argv.includes("--child")) childMain();
else if (invoked) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  });
}
