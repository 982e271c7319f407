import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeText, ParseError } from "../../src/analyze-text.js";
import { checks, type CheckName } from "../../src/checks/index.js";
import { runCheck } from "../../src/checks/run.js";
import { isChanging, type Piece } from "../../src/model/types.js";
import type { CallSiteReport } from "../../src/report/types.js";
import { analyze } from "../helpers.js";
import {
  BASE_STYLE,
  expectedPrefixTokens,
  expectedSegments,
  expectedVolatileFindings,
  normalizePieces,
  programArb,
  render,
  styleArb,
  type ExpectedPiece,
} from "./prompt-program.js";

/*
 * Property tests over generated prompt-building code (see prompt-program.ts): the engine never
 * throws, classifies each generated piece as it was generated, estimates the static prefix as
 * js-tiktoken counts it, and reaches the same conclusions from every equivalent way of writing
 * the same program.
 */

const ALL_RULES = Object.fromEntries(Object.keys(checks).map((name) => [name, "warning"])) as Record<CheckName, "warning">;
// Seeded, so a failure reproduces; FC_SEED overrides it to explore.
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 150), seed: Number(process.env.FC_SEED ?? 20261122) };

function view(pieces: readonly Piece[]): ExpectedPiece[] {
  return normalizePieces(pieces.map((piece) => ({ stability: piece.stability, text: piece.text })));
}

/** What a report says, without positions or names: what must survive a meaning-preserving rewrite. */
function conclusions(reports: CallSiteReport[]) {
  return reports.map((report) => ({
    api: report.api,
    model: report.model,
    cacheableTokens: report.prefix.cacheableTokens,
    firstDynamic: report.prefix.firstDynamic?.kind ?? null,
    segments: report.segments.map(({ kind, role, stability, tokens }) => ({ kind, role, stability, tokens })),
    findings: report.findings.map((finding) => `${finding.ruleId}:${finding.severity}`).sort(),
  }));
}

describe("generated prompt-building code", () => {
  it("is classified as it was generated, piece by piece", () => {
    fc.assert(
      fc.property(programArb, styleArb, (program, style) => {
        const code = render(program, style);
        const { sites } = analyze(code);
        expect(sites).toHaveLength(1);
        const site = sites[0]!;
        const expected = expectedSegments(program);
        expect(site.segments.map((segment) => ({ kind: segment.kind, role: segment.role, isFinal: segment.isFinal, pieces: view(segment.pieces) }))).toEqual(
          expected.map((segment) => ({ kind: segment.kind, role: segment.role, isFinal: segment.isFinal, pieces: segment.pieces })),
        );
      }),
      RUNS,
    );
  });

  it("estimates the cacheable prefix as js-tiktoken counts the generated static prefix, with OpenAI's framing", () => {
    fc.assert(
      fc.property(programArb, styleArb, (program, style) => {
        const [report] = analyzeText(render(program, style), "generated.ts");
        expect(report?.prefix.cacheableTokens).toBe(expectedPrefixTokens(expectedSegments(program)));
        expect(report?.prefix.encoding).toBe("o200k_base");
      }),
      RUNS,
    );
  });

  it("reports only changing pieces, and every volatile piece that breaks a prefix", () => {
    fc.assert(
      fc.property(programArb, styleArb, (program, style) => {
        const analysis = analyze(render(program, style));
        const changing = new Set(analysis.sites.flatMap((site) => site.segments.flatMap((segment) => segment.pieces.filter((piece) => isChanging(piece.stability)).map((piece) => piece.node))));
        const context = { analysis, settings: {} };
        const volatile = runCheck(checks["no-volatile-prefix"], context, {});
        const dynamic = runCheck(checks["static-before-dynamic"], context, checks["static-before-dynamic"].defaultOptions);
        for (const finding of [...volatile, ...dynamic]) expect(changing.has(finding.node)).toBe(true);
        expect(volatile).toHaveLength(expectedVolatileFindings(expectedSegments(program)));
      }),
      RUNS,
    );
  });

  it("reaches the same conclusions however the program is written (names, layout, CRLF, extracted consts)", () => {
    fc.assert(
      fc.property(programArb, styleArb, (program, style) => {
        const base = analyzeText(render(program, BASE_STYLE), "generated.ts", { rules: ALL_RULES });
        const rewritten = analyzeText(render(program, style), "generated.ts", { rules: ALL_RULES });
        expect(conclusions(rewritten)).toEqual(conclusions(base));
      }),
      RUNS,
    );
  });

  // An empty text part before an unknown value changes nothing: the message ends the prefix at 0,
  // as the same message without the empty part does (it used to count its framing, 4 tokens).
  it("an empty text part before an unknown value adds nothing to the estimate", () => {
    const program = {
      messages: [
        { spread: false as const, role: "system" as const, content: { atoms: [{ kind: "static" as const, text: "", form: "literal" as const }, { kind: "deployment" as const, form: "env" as const }], shape: "parts" as const } },
        { spread: true as const },
      ],
    };
    const [report] = analyzeText(render(program), "generated.ts");
    expect(report?.prefix.cacheableTokens).toBe(expectedPrefixTokens(expectedSegments(program)));
  });

  // An empty message after a volatile value is not "1 more message", whether its content is the
  // literal `""` or `"" + ""` (it used to count for the literal only).
  it('an empty message after a volatile value counts the same however "" is written', () => {
    const findings = (empty: string) =>
      analyzeText(render({ messages: [{ spread: false, role: "system", content: { atoms: [{ kind: "volatile", form: "dateNow" }, { kind: "static", text: "", form: "literal" }], shape: "template" } }] }).replace('"system", content: `${Date.now()}` },', `"system", content: \`\${Date.now()}\` },\n{ role: "system", content: ${empty} },\n{ role: "user", content: userInput },`), "generated.ts");
    const literal = findings('""')[0]!.findings.map((finding) => finding.ruleId);
    expect(findings('"" + ""')[0]!.findings.map((finding) => finding.ruleId)).toEqual(literal);
    // The time is followed by nothing worth caching: the empty message is not "1 more message".
    expect(literal).not.toContain("prompt-cache/no-volatile-prefix");
    // The control: the message was inserted, and one with text after the time is reported.
    expect(findings('"Be brief."')[0]!.findings.map((finding) => finding.ruleId)).toContain("prompt-cache/no-volatile-prefix");
  });

  it("never throws on generated code with random edits: it reports or it raises ParseError", () => {
    const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 12 }), insert: fc.string({ unit: fc.constantFrom(..."()[]{}`'\"$;,.+?:=<>/\\ \n\r\t0aZ…\u2028\ufeff"), maxLength: 6 }) });
    fc.assert(
      fc.property(programArb, styleArb, fc.array(edit, { maxLength: 4 }), (program, style, edits) => {
        let code = render(program, style);
        for (const { at, length, insert } of edits) {
          const start = at % (code.length + 1);
          code = code.slice(0, start) + insert + code.slice(start + length);
        }
        try {
          analyzeText(code, "edited.ts", { rules: ALL_RULES });
        } catch (error) {
          if (!(error instanceof ParseError)) throw error;
        }
      }),
      { ...RUNS, numRuns: RUNS.numRuns * 2 },
    );
  });
});
