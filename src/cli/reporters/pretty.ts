import { styleText } from "node:util";
import type { CallSiteReport, FileError, FindingReport, PrefixReport } from "../../report/types.js";
import type { Reporter } from "./types.js";

type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;

const numberFormat = new Intl.NumberFormat("en-US");

/** Human-readable text: one block per call site, one per unparsable file, then a summary line. */
export const pretty: Reporter = (report, { color }) => {
  // The caller has already decided about color, so styleText must not second-guess the stream.
  const paint: Paint = color ? (style, text) => styleText(style, text, { validateStream: false }) : (_, text) => text;
  const blocks = [
    ...report.callSites.map((site) => callSiteBlock(site, paint)),
    ...report.errors.map((error) => fileErrorBlock(error, paint)),
  ];
  const findings = report.callSites.flatMap((site) => site.findings);
  const errors = findings.filter((finding) => finding.severity === "error").length;
  const counts = [
    `${count(report.callSites.length, "call site")} in ${count(report.files, "file")}`,
    count(findings.length - errors, "warning"),
    count(errors, "error"),
    ...(report.errors.length > 0 ? [count(report.errors.length, "parse error")] : []),
  ];
  return [...blocks, paint("bold", counts.join(", "))].join("\n\n") + "\n";
};

function callSiteBlock(site: CallSiteReport, paint: Paint): string {
  const location = paint("bold", `${site.file}:${site.line}:${site.column}`);
  const model = site.model ?? paint("dim", "(no model)");
  const header = `${location}  ${site.provider} ${site.api} ${model}`;
  return [header, `  ${prefixLine(site.prefix, paint)}`, ...findingLines(site.findings, paint)].join("\n");
}

function prefixLine(prefix: PrefixReport, paint: Paint): string {
  const tokens =
    prefix.minimumTokens === null
      ? formatNumber(prefix.cacheableTokens)
      : `${formatNumber(prefix.cacheableTokens)} / ${formatNumber(prefix.minimumTokens)}`;
  const approximate = prefix.approximate ? " (approx)" : "";
  const verdict =
    prefix.meetsMinimum === null ? ", no published minimum" : prefix.meetsMinimum ? "" : `, ${paint("yellow", "below minimum")}`;
  return `cacheable prefix ${tokens} tokens${approximate}${verdict}`;
}

/** Like ESLint's stylish output: position and severity padded into columns, the rule id last. */
function findingLines(findings: FindingReport[], paint: Paint): string[] {
  const rows = findings.map((finding) => ({ finding, position: `${finding.line}:${finding.column}` }));
  const width = Math.max(0, ...rows.map((row) => row.position.length));
  return rows.map(({ finding, position }) => {
    const severity = paint(finding.severity === "error" ? "red" : "yellow", finding.severity.padEnd("warning".length));
    return `  ${paint("dim", position.padEnd(width))}  ${severity}  ${finding.message}  ${paint("dim", finding.ruleId)}`;
  });
}

function fileErrorBlock(error: FileError, paint: Paint): string {
  return `${paint("bold", error.file)}\n  ${paint("red", "error")}  ${error.message}`;
}

function count(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}${n === 1 ? "" : "s"}`;
}

function formatNumber(n: number): string {
  return numberFormat.format(n);
}
