import { summaryLine } from "../report-stats.js";
import type { Reporter } from "./types.js";

/**
 * GitHub Actions workflow commands: one annotation per finding and per file that does not parse,
 * shown on the pull request's diff, then the summary line for the log.
 */
export const github: Reporter = (report) => {
  const lines = report.callSites.flatMap((site) =>
    site.findings.map((finding) => annotation(finding.severity, { file: site.file, line: finding.line, col: finding.column, title: finding.ruleId }, finding.message)),
  );
  for (const error of report.errors) lines.push(annotation("error", { file: error.file, title: "prompt-cache" }, error.message));
  return [...lines, summaryLine(report)].join("\n") + "\n";
};

function annotation(level: "error" | "warning", properties: Record<string, string | number>, message: string): string {
  const fields = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${level} ${fields.join(",")}::${escapeData(message)}`;
}

// The escapes of @actions/core's toCommandValue: data cannot hold line breaks, properties neither "," nor ":".
function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
