import type { AnalysisReport } from "../report/types.js";
import type { AnalyzeOptions } from "./args.js";
import { count, findingCounts, formatNumber } from "./report-stats.js";

export type GateOptions = Pick<AnalyzeOptions, "failOn" | "maxWarnings" | "minCacheableTokens">;

/**
 * Why the run fails (exit code 1), one sentence each; empty when it passes. Findings suppressed by
 * the baseline are already out of the report; warnings count even when --quiet hides them.
 */
export function gateFailures(report: AnalysisReport, { failOn, maxWarnings, minCacheableTokens }: GateOptions): string[] {
  const failures: string[] = [];
  const { errors, warnings } = findingCounts(report);
  if (failOn !== "never") {
    const failing = failOn === "warning" ? errors + warnings : errors;
    if (failing > 0) failures.push(`${count(failing, "finding")} of severity ${failOn === "warning" ? "warning or error" : "error"} (--fail-on ${failOn}).`);
  }
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    failures.push(`${count(warnings, "warning")}, more than --max-warnings ${formatNumber(maxWarnings)}.`);
  }
  if (minCacheableTokens !== undefined) {
    for (const site of report.callSites.filter((candidate) => candidate.prefix.cacheableTokens < minCacheableTokens)) {
      failures.push(
        `${site.file}:${site.line}:${site.column}: the cacheable prefix is ${count(site.prefix.cacheableTokens, "token")}, under --min-cacheable-tokens ${formatNumber(minCacheableTokens)}.`,
      );
    }
  }
  if (report.errors.length > 0) failures.push(`${count(report.errors.length, "file")} could not be analyzed.`);
  return failures;
}
