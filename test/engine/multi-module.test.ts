import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getEncoding } from "js-tiktoken";
import { describe, expect, it } from "vitest";
import { analyzeText } from "../../src/analyze-text.js";
import { fileSystemHost, Project } from "../../src/project/project.js";

const root = join(import.meta.dirname, "../../fixtures/multi-module");
const file = "src/onboarding.ts";
const text = readFileSync(join(root, file), "utf8");

describe("cross-module analysis (fixtures/multi-module)", () => {
  const reports = analyzeText(text, file, { project: new Project(fileSystemHost(root)) });
  const [clean, faulty] = reports;

  it("knows the text of prompts imported through re-exports and read from a Markdown file", () => {
    const encoder = getEncoding("o200k_base");
    const systemPrompt = readFileSync(join(root, "src/prompts/system.md"), "utf8");
    const policy = "Escalation policy:\n1. Payroll that did not run on the scheduled date is always urgent.\n2. Tax notices from a government agency go to the compliance team.\n3. Requests to change bank details require identity verification first.";
    // Framing of one message (3 tokens and the role), then the content: js-tiktoken's own count.
    const expected = 3 + encoder.encode("system").length + encoder.encode(`${systemPrompt}\n${policy}`).length;
    expect(clean!.segments[0]).toMatchObject({ kind: "system", stability: "static" });
    expect(clean!.prefix.cacheableTokens).toBe(expected);
    expect(clean!.findings).toEqual([]);
  });

  it("follows an imported time helper through a tsconfig path alias and reports it where it is used", () => {
    expect(faulty!.findings.map((finding) => [finding.ruleId, finding.line, finding.column])).toEqual([
      ["prompt-cache/no-volatile-prefix", 30, 51],
      ["prompt-cache/static-before-dynamic", 30, 51],
    ]);
    expect(faulty!.prefix.firstDynamic?.reason).toBe("`new Date().toISOString()` at line 3 in src/lib/clock.ts");
  });

  it("keeps imports unknown without a project, as single-file ESLint does", () => {
    const [alone] = analyzeText(text, file);
    expect(alone!.segments[0]!.stability).toBe("unknown");
    expect(analyzeText(text, file)[1]!.findings).toEqual([]);
  });
});
