import { vi } from "vitest";
import type { analyzeText as realAnalyzeText, AnalyzeTextOptions } from "../../src/analyze-text.js";
import type { CallSiteReport, Severity } from "../../src/report/types.js";

// Stands in for src/analyze-text.ts (same exports) so that the CLI's unit tests exercise
// orchestration without loading the engine's modules; the e2e tests run the real engine.

export class ParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "ParseError";
  }
}

export const analyzeText = vi.fn<typeof realAnalyzeText>();

/**
 * One call site per file, for texts that pass the engine's cheap check (they mention "prompt"):
 * "prompt syntax error" does not parse, "prompt crash" is an analyzer bug, and "prompt error" or
 * "prompt warning" gives one finding of that severity, with `tokens=<n>` cacheable tokens.
 */
export function fakeAnalyzeText(text: string, file: string, options?: AnalyzeTextOptions): CallSiteReport[] {
  if (text.includes("syntax error")) throw new ParseError("',' expected.", 2, 5);
  if (text.includes("crash")) throw new TypeError("cannot read 'x'");
  const severity = /\b(error|warning)\b/.exec(text)?.[1] as Severity | undefined;
  return [
    {
      file,
      line: 1,
      column: 1,
      provider: "openai",
      api: "chat.completions",
      model: options?.defaultModel ?? null,
      prefix: {
        cacheableTokens: Number(/tokens=(\d+)/.exec(text)?.[1] ?? 0),
        encoding: "o200k_base",
        approximate: false,
        minimumTokens: 1024,
        meetsMinimum: false,
        firstDynamic: null,
      },
      segments: [],
      findings: severity ? [{ ruleId: "prompt-cache/x", severity, message: "m", file, line: 1, column: 1, fingerprint: `fp-${severity}` }] : [],
    },
  ];
}
