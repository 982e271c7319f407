import { LogAnalyzer, type LogAnalyzerOptions } from "../../src/logs/analyze.js";
import { UnreadableLine } from "../../src/logs/entry.js";
import type { LogReport } from "../../src/logs/types.js";
import { countTokens } from "../../src/tokens/count.js";
import type { Shape } from "./shapes.js";

/** Runs the analyzer over lines as the command does (without the file and the format). */
export function analyzeLines(lines: string[], options: LogAnalyzerOptions = {}): Omit<LogReport, "version"> {
  const analyzer = new LogAnalyzer(options);
  const report: Omit<LogReport, "version"> = { requests: [], errors: [], summary: analyzer.summary(0) };
  lines.forEach((text, position) => {
    try {
      const request = analyzer.add(text, position + 1);
      if (request) report.requests.push(request);
    } catch (error) {
      if (!(error instanceof UnreadableLine)) throw error;
      report.errors.push({ line: position + 1, message: error.message });
    }
  });
  report.summary = analyzer.summary(report.errors.length);
  return report;
}

/** The rendering model of docs/logs.md, spelled out: each message is 3 tokens + its role + its text; tools and schemas are their JSON. */
export function chatPromptTokens(body: Shape["request"]): number {
  let total = 0;
  for (const tool of (body.tools ?? []) as object[]) total += tokens(JSON.stringify(tool));
  if (body.response_format) total += tokens(JSON.stringify(body.response_format));
  for (const message of body.messages as Array<{ role: string; content: string }>) total += 3 + tokens(message.role) + tokens(message.content);
  return total;
}

export function tokens(text: string): number {
  return countTokens(text, "o200k_base");
}

/** OpenAI before GPT-5.6: nothing below 1,024 tokens, then steps of 128. */
export function openaiCached(shared: number): number {
  return shared < 1024 ? 0 : Math.floor(shared / 128) * 128;
}
