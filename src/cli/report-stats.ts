import type { AnalysisReport } from "../report/types.js";

/** Made on first use: building it loads ICU data (about 15 ms), which a JSON report never needs. */
let numberFormat: Intl.NumberFormat | undefined;

export function formatNumber(n: number): string {
  numberFormat ??= new Intl.NumberFormat("en-US");
  return numberFormat.format(n);
}

/** "1 warning", "2 warnings". */
export function count(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}${n === 1 ? "" : "s"}`;
}

export function findingCounts(report: AnalysisReport): { errors: number; warnings: number } {
  const findings = report.callSites.flatMap((site) => site.findings);
  const errors = findings.filter((finding) => finding.severity === "error").length;
  return { errors, warnings: findings.length - errors };
}

/** "3 call sites in 4 files, 1 warning, 1 error, 1 parse error, 2 suppressed by the baseline". */
export function summaryLine(report: AnalysisReport): string {
  const { errors, warnings } = findingCounts(report);
  return [
    `${count(report.callSites.length, "call site")} in ${count(report.files, "file")}`,
    count(warnings, "warning"),
    count(errors, "error"),
    ...(report.errors.length > 0 ? [count(report.errors.length, "parse error")] : []),
    ...(report.suppressed ? [`${formatNumber(report.suppressed)} suppressed by the baseline`] : []),
  ].join(", ");
}
