import { join } from "node:path";
import { fixtureReports } from "../helpers.js";
import { describe, expect, it } from "vitest";

/*
 * The bundled example app against its ground truth (fixtures/example-app/EXPECTED.md): every
 * request site, and exactly the expected findings, no more (false positives count as failures).
 */
const root = join(import.meta.dirname, "../../fixtures/example-app");

const reports = fixtureReports(root);

describe("fixtures/example-app", () => {
  it("finds every request site with its provider, api and model", () => {
    expect(reports.map((site) => [site.file, `${site.line}:${site.column}`, site.provider, site.api, site.model]).sort()).toEqual(
      [
        ["src/support/triage.ts", "76:28", "openai", "chat.completions", "gpt-5-mini"],
        ["src/support/triage.ts", "91:28", "openai", "chat.completions", "gpt-5-mini"],
        ["src/support/reply.ts", "104:10", "openai", "chat.completions", "gpt-5.2"],
        ["src/support/summarize.ts", "81:28", "openai", "chat.completions", "gpt-5-mini"],
        ["src/agents/research.ts", "85:28", "xai", "chat.completions", "grok-4"],
        ["src/agents/research.ts", "103:28", "xai", "chat.completions", "grok-4"],
        ["src/agents/planner.ts", "76:26", "openai", "responses", "gpt-5.2"],
        ["src/agents/planner.ts", "89:10", "openai", "responses", "gpt-5.2"],
        ["src/jobs/nightly-report.ts", "27:28", "groq", "chat.completions", "openai/gpt-oss-20b"],
        ["src/jobs/nightly-report.ts", "68:28", "openai", "chat.completions", "gpt-5-mini"],
        ["src/prompts/builders.ts", "65:28", "openai", "chat.completions", "gpt-5.2"],
        ["src/prompts/builders.ts", "74:10", "openai", "chat.completions", "gpt-5.2"],
        ["src/prompts/builders.ts", "50:10", "openai", "messages", null],
      ].sort(),
    );
  });

  it("reports exactly the expected findings, each under its request", () => {
    const findings = reports.flatMap((site) => site.findings.map((finding) => [site.file, `${site.line}:${site.column}`, `${finding.line}:${finding.column}`, finding.ruleId]));
    expect(findings.sort()).toEqual(
      [
        ["src/support/triage.ts", "76:28", "39:41", "prompt-cache/no-volatile-prefix"],
        ["src/support/triage.ts", "76:28", "39:41", "prompt-cache/static-before-dynamic"],
        ["src/support/summarize.ts", "81:28", "45:23", "prompt-cache/static-before-dynamic"],
        ["src/support/summarize.ts", "81:28", "46:17", "prompt-cache/static-before-dynamic"],
        ["src/agents/research.ts", "85:28", "92:9", "prompt-cache/single-leading-system"],
        ["src/agents/research.ts", "103:28", "109:9", "prompt-cache/single-leading-system"],
        ["src/prompts/builders.ts", "65:28", "29:46", "prompt-cache/no-volatile-prefix"],
        ["src/prompts/builders.ts", "65:28", "29:46", "prompt-cache/static-before-dynamic"],
        ["src/prompts/builders.ts", "74:10", "42:9", "prompt-cache/no-volatile-prefix"],
      ].sort(),
    );
  });

  it("estimates the clean reply's static prefix above OpenAI's minimum and the others below", () => {
    const above = reports.filter((site) => site.prefix.meetsMinimum).map((site) => `${site.file}:${site.line}`);
    expect(above).toEqual(["src/support/reply.ts:104"]);
    const reply = reports.find((site) => site.file === "src/support/reply.ts")!;
    expect(reply.prefix.firstDynamic).toMatchObject({ line: 109, kind: "dynamic" });
  });

  it("classifies the planner's startup constant and environment value as deployment", () => {
    const planner = reports.find((site) => site.file === "src/agents/planner.ts" && site.line === 76)!;
    const instructions = planner.segments.find((segment) => segment.kind === "instructions")!;
    expect(instructions.stability).toBe("deployment");
  });
});
