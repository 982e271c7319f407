import { describe, expect, it } from "vitest";
import { analyzeText } from "../../src/analyze-text.js";
import { applyBaseline, updatedBaseline, type Baseline } from "../../src/cli/baseline.js";
import type { AnalysisReport } from "../../src/report/types.js";

// The real engine: fingerprints come from the source text of each finding's line.

const SYSTEM = "You are the support assistant of Acme Cloud. Answer questions about billing and deployments, cite the help-center article for every answer, and escalate to a human when the customer mentions legal action.";

function source({ before = "", volatileLines = 1 } = {}): string {
  const volatile = Array.from({ length: volatileLines }, () => "      { role: \"system\", content: `Now: ${new Date().toISOString()}\\n${RULES}` },").join("\n");
  return `import OpenAI from "openai";
${before}
const client = new OpenAI();
const RULES = ${JSON.stringify(SYSTEM)};

export async function answer(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
${volatile}
      { role: "user", content: question },
    ],
  });
}
`;
}

function reportOf(text: string, file = "src/answer.ts"): AnalysisReport {
  return { version: 1, files: 1, callSites: analyzeText(text, file, { rules: { "no-volatile-prefix": "error" } }), errors: [] };
}

const same = (file: string) => file;
const volatileFindings = (report: AnalysisReport) => report.callSites.flatMap((site) => site.findings).filter((finding) => finding.ruleId === "prompt-cache/no-volatile-prefix");

describe("baseline", () => {
  const original = reportOf(source());
  const baseline = updatedBaseline(undefined, original, ["src/answer.ts"], same);

  it("records each finding by file, rule and fingerprint", () => {
    expect(volatileFindings(original)).toHaveLength(1);
    const [fingerprint] = volatileFindings(original).map((finding) => finding.fingerprint);
    expect(baseline.findings["src/answer.ts"]?.["prompt-cache/no-volatile-prefix"]).toEqual({ [fingerprint!]: 1 });
  });

  it("still suppresses a finding after lines are added above it and it is re-indented", () => {
    const moved = reportOf(source({ before: "\n// A comment and a helper that have nothing to do with the prompt.\nexport const retries = 3;\n" }).replace("      { role: \"system\"", "        { role: \"system\""));
    expect(volatileFindings(moved)[0]!.line).toBeGreaterThan(volatileFindings(original)[0]!.line);
    const result = applyBaseline(moved, baseline, same);
    expect(volatileFindings(result)).toEqual([]);
    expect(result.suppressed).toBe(original.callSites.flatMap((site) => site.findings).length);
  });

  it("reports a finding whose line changed, and one more of the same line than recorded", () => {
    const edited = reportOf(source().replace("Now: ", "Current time: "));
    expect(volatileFindings(applyBaseline(edited, baseline, same))).toHaveLength(1);
    const twice = reportOf(source({ volatileLines: 2 }));
    expect(volatileFindings(twice)).toHaveLength(2);
    expect(volatileFindings(applyBaseline(twice, baseline, same))).toHaveLength(1);
  });

  it("does not carry over to another file, and maps report paths to the baseline's", () => {
    const elsewhere = reportOf(source(), "src/other.ts");
    expect(volatileFindings(applyBaseline(elsewhere, baseline, same))).toHaveLength(1);
    expect(volatileFindings(applyBaseline(elsewhere, baseline, () => "src/answer.ts"))).toEqual([]);
  });

  it("on update keeps the entries of files not analyzed this time and drops fixed findings of analyzed ones", () => {
    const previous: Baseline = { version: 1, findings: { "src/untouched.ts": { "prompt-cache/x": { abc: 2 } }, "src/answer.ts": { "prompt-cache/x": { old: 1 } } } };
    const updated = updatedBaseline(previous, original, ["src/answer.ts"], same);
    expect(Object.keys(updated.findings)).toEqual(["src/answer.ts", "src/untouched.ts"]);
    expect(updated.findings["src/untouched.ts"]).toEqual({ "prompt-cache/x": { abc: 2 } });
    expect(updated.findings["src/answer.ts"]).toEqual(baseline.findings["src/answer.ts"]);
  });
});
