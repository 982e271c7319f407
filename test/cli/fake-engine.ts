import { vi } from "vitest";
import type { analyzeText as realAnalyzeText } from "../../src/analyze-text.js";

// Stands in for src/analyze-text.ts (same exports) so that the CLI's unit tests exercise
// orchestration without loading the engine's modules; bin.e2e.test.ts runs the real engine.

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
