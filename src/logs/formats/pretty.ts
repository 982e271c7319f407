import { styleText } from "node:util";
import type { Cause, LogSummary, RequestReport } from "../types.js";
import { location } from "./location.js";
import { formatNumber, formatRate } from "./numbers.js";
import type { CreateFormatter } from "./types.js";

type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;

/** One line per request, the excerpts under each miss, then the summary. */
export const pretty: CreateFormatter = (sink, { color }) => {
  const paint: Paint = color ? (style, text) => styleText(style, text, { validateStream: false }) : (_, text) => text;
  return {
    request(report) {
      sink.write(`${requestLines(report, paint).join("\n")}\n`);
    },
    error({ line, message }) {
      sink.write(`${paint("bold", `line ${line}`)}  ${paint("red", "unreadable")}  ${message}\n`);
    },
    end(summary) {
      sink.write(`\n${summaryLines(summary, paint).join("\n")}\n`);
    },
  };
};

function requestLines(report: RequestReport, paint: Paint): string[] {
  const fields = [
    paint("bold", `line ${report.line}`),
    paint("dim", `conversation ${report.conversation}, turn ${report.turn}`),
    `${report.provider} ${report.model}`,
    `prompt ${tokens(report.promptTokens, report.approximate)}`,
  ];
  if (report.sharedPrefixTokens !== null) fields.push(`shared ${tokens(report.sharedPrefixTokens, report.approximate)}`);
  const reported = report.reportedCachedTokens === null ? "" : `, ${formatNumber(report.reportedCachedTokens)} reported`;
  fields.push(`cached ${formatNumber(report.predictedCachedTokens)} predicted${reported}`);
  const { cause, divergence } = report;
  if (cause !== null) fields.push(cause === "appended" ? paint("green", cause) : paint("red", cause));
  if (divergence === null) return [fields.join("  ")];
  fields.push(`at ${location(divergence, report.api)}, ${formatNumber(report.lostTokens)} tokens lost`);
  return [
    fields.join("  "),
    `    ${paint("dim", "before:")} ${JSON.stringify(divergence.before)}`,
    `    ${paint("dim", "after: ")} ${JSON.stringify(divergence.after)}`,
  ];
}

function summaryLines(summary: LogSummary, paint: Paint): string[] {
  let head = `${count(summary.requests, "request")} in ${count(summary.conversations, "conversation")}`;
  if (summary.unreadableLines > 0) head += `, ${count(summary.unreadableLines, "unreadable line")}`;
  const { reported } = summary;
  const lines = [
    paint("bold", head),
    `Predicted cached tokens: ${formatNumber(summary.predictedCachedTokens)} of ${formatNumber(summary.promptTokens)} (${formatRate(summary.predictedHitRate)})`,
    reported.requests === 0
      ? "Reported cached tokens: no usage in the log"
      : `Reported cached tokens: ${formatNumber(reported.cachedTokens)} of ${formatNumber(reported.promptTokens)} (${formatRate(reported.hitRate)}) in ${count(reported.requests, "request")} with usage; predicted for them ${formatRate(reported.predictedHitRate)}`,
  ];
  const causes = (Object.entries(summary.missesByCause) as Array<[Cause, number]>).filter(([, misses]) => misses > 0);
  lines.push(
    causes.length === 0
      ? "Misses: none"
      : `Misses: ${causes.map(([cause, misses]) => `${cause} ${formatNumber(misses)} (${formatNumber(summary.lostTokensByCause[cause])} tokens lost)`).join(", ")}`,
  );
  if (summary.worstDivergences.length > 0) {
    lines.push("Worst divergence points:");
    for (const point of summary.worstDivergences) {
      lines.push(`  ${point.cause} at ${location(point, point.api)}: ${count(point.misses, "miss")}, ${formatNumber(point.lostTokens)} tokens lost (first at line ${point.line})`);
    }
  }
  return lines;
}

function tokens(n: number, approximate: boolean): string {
  return `${approximate ? "~" : ""}${formatNumber(n)}`;
}

function count(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}${n === 1 ? "" : noun.endsWith("s") ? "es" : "s"}`;
}
