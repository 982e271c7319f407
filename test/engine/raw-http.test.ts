import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeText } from "../../src/analyze-text.js";

/* Requests sent with fetch or axios to each provider's endpoint (fixtures/raw-http). */
const file = "src/providers.ts";
const sites = analyzeText(readFileSync(join(import.meta.dirname, "../../fixtures/raw-http", file), "utf8"), file);

describe("raw HTTP requests", () => {
  it("reads the endpoint, provider and model of each request", () => {
    expect(sites.map((site) => [site.provider, site.api, site.model, site.segments.map((segment) => segment.kind)])).toEqual([
      ["openai", "chat.completions", "gpt-4.1", ["system", "history", "message"]],
      ["xai", "chat.completions", "grok-4", ["system", "history", "message"]],
      ["anthropic", "messages", "claude-sonnet-4-5", ["system", "history", "message"]],
      ["google", "models.generateContent", "gemini-2.5-flash", ["system", "message"]],
    ]);
  });

  it("reports the body's and headers' faults like an SDK call's", () => {
    expect(sites.map((site) => site.findings.map((finding) => [finding.ruleId, finding.line]))).toEqual([
      [
        ["prompt-cache/no-volatile-prefix", 23],
        ["prompt-cache/static-before-dynamic", 23],
      ],
      [["prompt-cache/cache-routing-key", 33]],
      [],
      [["prompt-cache/static-before-dynamic", 61]],
    ]);
  });
});
