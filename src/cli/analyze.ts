import fs from "node:fs";
import path from "node:path";
import type { AnalyzeTextOptions } from "../analyze-text.js";
import { configPathFilter } from "../config/file-filter.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import type { AnalysisReport } from "../report/types.js";
import { analyzeFiles } from "./analyze-files.js";
import type { AnalyzeOptions } from "./args.js";
import { applyBaseline, readBaseline, updatedBaseline, writeBaseline } from "./baseline.js";
import { hashText, ResultCache } from "./cache.js";
import { gateFailures } from "./gate.js";
import { useColor, type CliIO } from "./io.js";
import { reportPath, toPosix } from "./paths.js";
import { createProgress } from "./progress.js";
import { reporters } from "./reporters/index.js";
import { selectFiles } from "./select-files.js";
import { UsageError } from "./usage-error.js";
import { VERSION } from "./version.js";

/**
 * `prompt-cache analyze`: config, files, engine, baseline, gate, reporter. Returns the exit code:
 * 0 when the gate passes, 1 when it fails, 2 when the analyzer failed on a file.
 */
export async function analyze(options: AnalyzeOptions, io: CliIO): Promise<number> {
  const { cwd } = io;
  const config = await loadConfig(cwd, options.config);
  const engineOptions = engineOptionsOf(config, options.model);
  const { files, skipped, unreadable, read } = selectFiles(options, cwd, config && configPathFilter(config));
  if (skipped.length > 0) io.stderr.write(`prompt-cache: skipped files over 1 MB: ${skipped.map((file) => reportPath(file, cwd)).join(", ")}\n`);
  const cache = options.cache ? ResultCache.open(path.resolve(cwd, options.cacheLocation), hashText(JSON.stringify({ VERSION, engineOptions }))) : undefined;
  const progress = createProgress(io, files.length);
  const { report: analyzed, internalError } = await analyzeFiles({ files, read, cwd, options: engineOptions, cache, onFile: progress.tick, workers: options.workers });
  progress.done();
  // Like an unreadable file: listed under errors (so the gate fails), and the rest still counts.
  analyzed.errors.push(...unreadable.map(({ directory, code }) => ({ file: reportPath(directory, cwd), message: `Cannot read the directory: ${code}` })));
  cache?.save();
  const report = options.baseline === undefined ? analyzed : withBaseline(analyzed, options.baseline, options.updateBaseline, files, cwd);
  const failures = gateFailures(report, options);
  const text = await reporters[options.format](options.quiet ? errorsOnly(report) : report, { color: options.output === undefined && useColor(io) });
  if (options.output === undefined) {
    io.stdout.write(text);
  } else {
    const output = path.resolve(cwd, options.output);
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, text);
  }
  for (const failure of failures) io.stderr.write(`prompt-cache: ${failure}\n`);
  return internalError ? 2 : failures.length > 0 ? 1 : 0;
}

/** The config's settings and rules, with --model over the config's default model. */
function engineOptionsOf(config: LoadedConfig | undefined, model: string | undefined): AnalyzeTextOptions {
  return { ...config?.settings, defaultModel: model ?? config?.settings.defaultModel, rules: config?.rules, ruleOptions: config?.ruleOptions };
}

/** Applies the --baseline file, after writing it first with --update-baseline. */
function withBaseline(report: AnalysisReport, given: string, updateBaseline: boolean, files: readonly string[], cwd: string): AnalysisReport {
  const location = path.resolve(cwd, given);
  const baselinePath = (reportFile: string) => toPosix(path.relative(path.dirname(location), path.resolve(cwd, reportFile)));
  let baseline = readBaseline(location, given);
  if (updateBaseline) {
    // A file that failed to parse keeps its old entries: its findings are unknown this time.
    const failed = new Set(report.errors.map((error) => error.file));
    const analyzed = files.map((file) => reportPath(file, cwd)).filter((file) => !failed.has(file));
    baseline = updatedBaseline(baseline, report, analyzed, baselinePath);
    writeBaseline(location, baseline);
  } else if (baseline === undefined) {
    throw new UsageError(`Baseline file not found: '${given}'. Create it with --update-baseline.`);
  }
  return applyBaseline(report, baseline, baselinePath);
}

/** --quiet: only findings of severity error, and the call sites that have one. */
function errorsOnly(report: AnalysisReport): AnalysisReport {
  const callSites = report.callSites.flatMap((site) => {
    const findings = site.findings.filter((finding) => finding.severity === "error");
    return findings.length > 0 ? [{ ...site, findings }] : [];
  });
  return { ...report, callSites };
}
