import type { LineError, LogSummary, RequestReport } from "../types.js";
import { location } from "./location.js";
import { formatNumber, formatRate } from "./numbers.js";
import { MAX_ERRORS, type CreateFormatter } from "./types.js";

/** The chart has at most this many bars: longer logs are drawn in buckets of consecutive requests. */
const MAX_BARS = 400;
/** Misses listed in the table; the summary counts them all. */
const MAX_MISS_ROWS = 1_000;

interface Bar {
  firstLine: number;
  lastLine: number;
  requests: number;
  promptTokens: number;
  predictedCachedTokens: number;
  /** Summed over the requests with usage; shown only when all of them have it. */
  reportedCachedTokens: number;
  reported: number;
  misses: number;
}

/**
 * One self-contained HTML page (inline CSS and SVG, no script): the summary, a chart of predicted
 * cached and uncached tokens per request, the table of misses and the unreadable lines. Memory
 * stays bounded: bars are merged pairwise when there would be too many, rows are capped.
 */
export const html: CreateFormatter = (sink, { file }) => {
  let bars: Bar[] = [];
  let bucket = 1;
  const misses: RequestReport[] = [];
  const errors: LineError[] = [];
  return {
    request(report) {
      const last = bars.at(-1);
      if (!last || last.requests >= bucket) bars.push(emptyBar(report.line));
      addTo(bars.at(-1)!, report);
      if (bars.length > MAX_BARS) {
        bars = mergePairs(bars);
        bucket *= 2;
      }
      if (isMiss(report) && misses.length < MAX_MISS_ROWS) misses.push(report);
    },
    error(error) {
      if (errors.length < MAX_ERRORS) errors.push(error);
    },
    end(summary) {
      sink.write(page(file, summary, bars, misses, errors));
    },
  };
};

function emptyBar(line: number): Bar {
  return { firstLine: line, lastLine: line, requests: 0, promptTokens: 0, predictedCachedTokens: 0, reportedCachedTokens: 0, reported: 0, misses: 0 };
}

function addTo(bar: Bar, report: RequestReport): void {
  bar.lastLine = report.line;
  bar.requests++;
  bar.promptTokens += report.promptTokens;
  bar.predictedCachedTokens += report.predictedCachedTokens;
  if (report.reportedCachedTokens !== null) {
    bar.reportedCachedTokens += report.reportedCachedTokens;
    bar.reported++;
  }
  if (isMiss(report)) bar.misses++;
}

function mergePairs(bars: Bar[]): Bar[] {
  const merged: Bar[] = [];
  for (let index = 0; index < bars.length; index += 2) {
    const [a, b] = [bars[index]!, bars[index + 1]];
    merged.push(
      b === undefined
        ? a
        : {
            firstLine: a.firstLine,
            lastLine: b.lastLine,
            requests: a.requests + b.requests,
            promptTokens: a.promptTokens + b.promptTokens,
            predictedCachedTokens: a.predictedCachedTokens + b.predictedCachedTokens,
            reportedCachedTokens: a.reportedCachedTokens + b.reportedCachedTokens,
            reported: a.reported + b.reported,
            misses: a.misses + b.misses,
          },
    );
  }
  return merged;
}

function isMiss(report: RequestReport): boolean {
  return report.cause !== null && report.cause !== "appended";
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2330}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse}th,td{border-bottom:1px solid #dde1e8;padding:.3rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
code{white-space:pre-wrap;word-break:break-all;font-size:12px}
.cached{fill:#2f9e6b}.uncached{fill:#c9ced8}.reported{stroke:#1d2330;stroke-width:2}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
svg{max-width:100%;height:auto;border:1px solid #dde1e8}
`;

function page(file: string, summary: LogSummary, bars: Bar[], misses: RequestReport[], errors: LineError[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Prompt cache misses: ${escape(file)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Prompt cache misses in <code>${escape(file)}</code></h1>
${summarySection(summary)}
<h2>Cached and uncached tokens per request</h2>
${chart(bars)}
<h2>Misses</h2>
${missTable(misses, summary.misses)}
${errors.length === 0 ? "" : errorTable(errors, summary.unreadableLines)}
</body>
</html>
`;
}

function summarySection(summary: LogSummary): string {
  const { reported } = summary;
  const rows: Array<[string, string]> = [
    ["Requests", `${formatNumber(summary.requests)} in ${formatNumber(summary.conversations)} conversations`],
    ["Unreadable lines", formatNumber(summary.unreadableLines)],
    ["Predicted cached tokens", `${formatNumber(summary.predictedCachedTokens)} of ${formatNumber(summary.promptTokens)} (${formatRate(summary.predictedHitRate)})`],
    [
      "Reported cached tokens",
      reported.requests === 0
        ? "no usage in the log"
        : `${formatNumber(reported.cachedTokens)} of ${formatNumber(reported.promptTokens)} (${formatRate(reported.hitRate)}) in ${formatNumber(reported.requests)} requests with usage; predicted for them ${formatRate(reported.predictedHitRate)}`,
    ],
    ["Misses", formatNumber(summary.misses)],
  ];
  const causes = Object.entries(summary.missesByCause)
    .filter(([, count]) => count > 0)
    .map(([cause, count]) => `<tr><td>${escape(cause)}</td><td class="n">${formatNumber(count)}</td><td class="n">${formatNumber(summary.lostTokensByCause[cause as keyof typeof summary.lostTokensByCause])}</td></tr>`);
  const points = summary.worstDivergences.map(
    (point) =>
      `<tr><td>${escape(point.cause)}</td><td><code>${escape(location(point, point.api))}</code></td><td class="n">${formatNumber(point.misses)}</td><td class="n">${formatNumber(point.lostTokens)}</td><td class="n">${point.line}</td></tr>`,
  );
  return `<table class="summary">
${rows.map(([name, value]) => `<tr><th>${name}</th><td>${escape(value)}</td></tr>`).join("\n")}
</table>
${causes.length === 0 ? "" : `<h2>Tokens lost per cause</h2>\n<table>\n<tr><th>Cause</th><th>Misses</th><th>Tokens lost</th></tr>\n${causes.join("\n")}\n</table>`}
${points.length === 0 ? "" : `<h2>Worst divergence points</h2>\n<table>\n<tr><th>Cause</th><th>Where</th><th>Misses</th><th>Tokens lost</th><th>First line</th></tr>\n${points.join("\n")}\n</table>`}`;
}

const CHART_HEIGHT = 200;
const BAR_WIDTH = 6;
const BAR_GAP = 2;

/** Stacked bars: predicted cached (green) under uncached (grey), a dark tick at the reported cached tokens. */
function chart(bars: Bar[]): string {
  if (bars.length === 0) return "<p>No requests.</p>";
  const top = Math.max(1, ...bars.map((bar) => bar.promptTokens));
  const scale = (tokens: number) => (tokens / top) * CHART_HEIGHT;
  const width = bars.length * (BAR_WIDTH + BAR_GAP);
  const shapes = bars.map((bar, position) => {
    const x = position * (BAR_WIDTH + BAR_GAP);
    const cached = scale(Math.min(bar.predictedCachedTokens, bar.promptTokens));
    const total = scale(bar.promptTokens);
    const lines = bar.firstLine === bar.lastLine ? `line ${bar.firstLine}` : `lines ${bar.firstLine}–${bar.lastLine} (${bar.requests} requests)`;
    const reported = bar.reported === bar.requests ? `, ${formatNumber(bar.reportedCachedTokens)} reported` : "";
    const title = `${lines}: ${formatNumber(bar.predictedCachedTokens)} of ${formatNumber(bar.promptTokens)} tokens predicted cached${reported}${bar.misses > 0 ? `, ${bar.misses} missed` : ""}`;
    const tick = bar.reported === bar.requests ? `<line class="reported" x1="${x}" x2="${x + BAR_WIDTH}" y1="${y(scale(bar.reportedCachedTokens))}" y2="${y(scale(bar.reportedCachedTokens))}" />` : "";
    return `<g><title>${escape(title)}</title><rect class="uncached" x="${x}" y="${y(total)}" width="${BAR_WIDTH}" height="${round(total - cached)}" /><rect class="cached" x="${x}" y="${y(cached)}" width="${BAR_WIDTH}" height="${round(cached)}" />${tick}</g>`;
  });
  return `<p class="legend"><span style="background:#2f9e6b"></span>predicted cached<span style="background:#c9ced8"></span>uncached<span style="background:#1d2330;height:2px"></span>reported cached (tokens, tallest bar ${formatNumber(top)})</p>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${CHART_HEIGHT}" width="${width}" height="${CHART_HEIGHT}" role="img" aria-label="Cached and uncached tokens per request">
${shapes.join("\n")}
</svg>`;
}

function y(height: number): number {
  return round(CHART_HEIGHT - height);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function missTable(misses: RequestReport[], total: number): string {
  if (misses.length === 0) return "<p>No misses.</p>";
  const rows = misses.map((report) => {
    const divergence = report.divergence!;
    return `<tr><td class="n">${report.line}</td><td class="n">${report.conversation}</td><td class="n">${report.turn}</td><td>${escape(report.cause!)}</td><td><code>${escape(location(divergence, report.api))}</code></td><td class="n">${formatNumber(report.lostTokens)}</td><td class="n">${formatNumber(report.predictedCachedTokens)}</td><td class="n">${report.reportedCachedTokens === null ? "" : formatNumber(report.reportedCachedTokens)}</td><td><code>${escape(divergence.before)}</code></td><td><code>${escape(divergence.after)}</code></td></tr>`;
  });
  const more = total > misses.length ? `\n<p>${formatNumber(total - misses.length)} more misses are not listed.</p>` : "";
  return `<table class="misses">
<tr><th>Line</th><th>Conversation</th><th>Turn</th><th>Cause</th><th>Where</th><th>Tokens lost</th><th>Predicted cached</th><th>Reported cached</th><th>Before</th><th>After</th></tr>
${rows.join("\n")}
</table>${more}`;
}

function errorTable(errors: LineError[], total: number): string {
  const more = total > errors.length ? `\n<p>${formatNumber(total - errors.length)} more unreadable lines are not listed.</p>` : "";
  return `<h2>Unreadable lines</h2>
<table class="errors">
<tr><th>Line</th><th>Error</th></tr>
${errors.map((error) => `<tr><td class="n">${error.line}</td><td>${escape(error.message)}</td></tr>`).join("\n")}
</table>${more}`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
