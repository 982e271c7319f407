import type { PrefixReport } from "../../report/types.js";
import { formatNumber, summaryLine } from "../report-stats.js";
import { ruleDocs } from "./rule-docs.js";
import type { Reporter } from "./types.js";

/**
 * A pull-request comment: the summary, a table of call sites with their cacheable prefix, the
 * findings with links to the rules' documentation, and files that do not parse.
 */
export const markdown: Reporter = (report) => {
  const docs = new Map(ruleDocs().map((rule) => [rule.id, rule.url]));
  const sections = [`### prompt-cache\n\n${summaryLine(report)}`];
  if (report.callSites.length > 0) {
    sections.push(
      table(
        ["Call site", "Provider", "Model", "Cacheable prefix", "Findings"],
        report.callSites.map((site) => [code(location(site.file, site)), `${site.provider} ${site.api}`, site.model === null ? "" : code(site.model), prefixCell(site.prefix), String(site.findings.length)]),
        ["left", "left", "left", "right", "right"],
      ),
    );
  }
  const findings = report.callSites.flatMap((site) => site.findings.map((finding) => ({ site, finding })));
  if (findings.length > 0) {
    sections.push(
      "#### Findings\n\n" +
        table(
          ["Severity", "Location", "Rule", "Message"],
          findings.map(({ site, finding }) => {
            const url = docs.get(finding.ruleId);
            return [finding.severity, code(location(site.file, finding)), url ? `[${finding.ruleId}](${url})` : finding.ruleId, finding.message];
          }),
          ["left", "left", "left", "left"],
        ),
    );
  }
  if (report.errors.length > 0) {
    sections.push(`#### Files that could not be analyzed\n\n${report.errors.map((error) => `- ${code(error.file)}: ${cell(error.message)}`).join("\n")}`);
  }
  return `${sections.join("\n\n")}\n`;
};

function location(file: string, { line, column }: { line: number; column: number }): string {
  return `${file}:${line}:${column}`;
}

function prefixCell(prefix: PrefixReport): string {
  const tokens = `${prefix.approximate ? "~" : ""}${formatNumber(prefix.cacheableTokens)}`;
  if (prefix.minimumTokens === null) return tokens;
  return `${tokens} / ${formatNumber(prefix.minimumTokens)}${prefix.meetsMinimum ? "" : " (below minimum)"}`;
}

function table(header: string[], rows: string[][], align: Array<"left" | "right">): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `| ${align.map((side) => (side === "right" ? "---:" : ":---")).join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** Table cells cannot hold a pipe or a line break. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${text}\``;
}
