import { styleText } from "node:util";
import type { CallSiteReport, FileError, FindingReport, PrefixReport } from "../../report/types.js";
import { formatNumber, summaryLine } from "../report-stats.js";
import type { Reporter } from "./types.js";

type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;

const BAR_WIDTH = 20;

/**
 * Human-readable text grouped by file: each call site with a bar of its cacheable prefix against
 * the provider's minimum and its findings, files that do not parse, then a summary line.
 */
export const pretty: Reporter = (report, { color }) => {
  // The caller has already decided about color, so styleText must not second-guess the stream.
  const paint: Paint = color ? (style, text) => styleText(style, text, { validateStream: false }) : (_, text) => text;
  const byFile = new Map<string, CallSiteReport[]>();
  for (const site of report.callSites) byFile.set(site.file, [...(byFile.get(site.file) ?? []), site]);
  const blocks = [
    ...[...byFile].map(([file, sites]) => [paint("underline", file), ...sites.flatMap((site) => callSiteLines(site, paint))].join("\n")),
    ...report.errors.map((error) => fileErrorBlock(error, paint)),
  ];
  return [...blocks, paint("bold", summaryLine(report))].join("\n\n") + "\n";
};

function callSiteLines(site: CallSiteReport, paint: Paint): string[] {
  const model = site.model ?? paint("dim", "(no model)");
  return [`  ${paint("bold", `${site.line}:${site.column}`)}  ${site.provider} ${site.api} ${model}`, `    ${prefixLine(site.prefix, paint)}`, ...findingLines(site.findings, paint)];
}

/** "████░░░░ 512 / 1,024 cacheable tokens, below minimum": the bar fills up to the provider's minimum. */
function prefixLine(prefix: PrefixReport, paint: Paint): string {
  const approximate = prefix.approximate ? " (approx)" : "";
  if (prefix.minimumTokens === null) return `${formatNumber(prefix.cacheableTokens)} cacheable tokens${approximate}, no published minimum`;
  const filled = prefix.minimumTokens === 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.floor((prefix.cacheableTokens / prefix.minimumTokens) * BAR_WIDTH));
  const bar = paint(prefix.meetsMinimum ? "green" : "yellow", "█".repeat(filled)) + paint("dim", "░".repeat(BAR_WIDTH - filled));
  const verdict = prefix.meetsMinimum ? "" : `, ${paint("yellow", "below minimum")}`;
  return `${bar} ${formatNumber(prefix.cacheableTokens)} / ${formatNumber(prefix.minimumTokens)} cacheable tokens${approximate}${verdict}`;
}

/** Like ESLint's stylish output: position and severity padded into columns, the rule id last. */
function findingLines(findings: FindingReport[], paint: Paint): string[] {
  const rows = findings.map((finding) => ({ finding, position: `${finding.line}:${finding.column}` }));
  const width = Math.max(0, ...rows.map((row) => row.position.length));
  return rows.map(({ finding, position }) => {
    const severity = paint(finding.severity === "error" ? "red" : "yellow", finding.severity.padEnd("warning".length));
    return `    ${paint("dim", position.padEnd(width))}  ${severity}  ${finding.message}  ${paint("dim", finding.ruleId)}`;
  });
}

function fileErrorBlock(error: FileError, paint: Paint): string {
  return `${paint("underline", error.file)}\n  ${paint("red", "error")}  ${error.message}`;
}
