import { Linter } from "eslint";
import fc from "fast-check";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../index.js";
import { analyzeText } from "../../src/analyze-text.js";
import { checks, type CheckName } from "../../src/checks/index.js";
import { runCheck } from "../../src/checks/run.js";
import type { Check } from "../../src/checks/types.js";
import { analyze } from "../helpers.js";
import { programArb, render, styleArb } from "./prompt-program.js";

/*
 * Every location the plugin reports points at the offending node: ESLint's line, column, end line
 * and end column cover exactly the node the check reported, in JS (espree) and TS
 * (typescript-eslint), with CRLF line ends and tabs; the CLI's JSON report gives the same start.
 */

const ALL_RULES = Object.fromEntries(Object.keys(checks).map((name) => [name, "warning"])) as Record<CheckName, "warning">;
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 100), seed: Number(process.env.FC_SEED ?? 20261122) };
const linter = new Linter({ configType: "flat" });

function lint(code: string, js: boolean): Linter.LintMessage[] {
  const config: Linter.Config[] = [
    js
      ? { files: ["**/*.js"], languageOptions: { ecmaVersion: "latest", sourceType: "module" } }
      : { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser as Linter.Parser, sourceType: "module" } },
    plugin.configs.all as unknown as Linter.Config,
  ];
  const messages = linter.verify(code, config, { filename: js ? "app.js" : "app.ts" });
  expect(messages.filter((message) => message.ruleId === null || message.fatal)).toEqual([]);
  return messages;
}

/** Offsets of ESLint's 1-based line and column, with ESLint's line breaks. */
function offsetOf(code: string, line: number, column: number): number {
  const starts = [0];
  for (const match of code.matchAll(/\r\n|[\r\n\u2028\u2029]/g)) starts.push(match.index + match[0].length);
  return starts[line - 1]! + column - 1;
}

/** Every finding of every check, as `rule start-end` over the text. */
function engineRanges(code: string): string[] {
  const analysis = analyze(code);
  return (Object.entries(checks) as Array<[CheckName, Check<object>]>)
    .flatMap(([, check]) => runCheck(check, { analysis, settings: {} }, check.defaultOptions))
    .map((finding) => `prompt-cache/${finding.rule} ${finding.node.range[0]}-${finding.node.range[1]}`)
    .sort();
}

function eslintRanges(code: string, messages: Linter.LintMessage[]): string[] {
  return messages.map((message) => `${message.ruleId} ${offsetOf(code, message.line, message.column)}-${offsetOf(code, message.endLine!, message.endColumn!)}`).sort();
}

describe("positions", () => {
  it("ESLint reports each finding on exactly the engine's node (generated code: JS and TS, CRLF, tabs)", () => {
    fc.assert(
      fc.property(programArb, styleArb, (program, style) => {
        const code = render(program, style);
        const messages = lint(code, style.js);
        expect(eslintRanges(code, messages)).toEqual(engineRanges(code));
        // The CLI's report starts each finding where ESLint does.
        const cli = analyzeText(code, style.js ? "app.js" : "app.ts", { rules: ALL_RULES })
          .flatMap((site) => site.findings.map((finding) => `${finding.ruleId} ${finding.line}:${finding.column}`))
          .sort();
        expect(cli).toEqual(messages.map((message) => `${message.ruleId} ${message.line}:${message.column}`).sort());
        // And what the time rule points at is the volatile expression as written, or the const it was put in.
        for (const message of messages.filter((candidate) => candidate.ruleId === "prompt-cache/no-volatile-prefix")) {
          const text = code.slice(offsetOf(code, message.line, message.column), offsetOf(code, message.endLine!, message.endColumn!));
          expect(text).toMatch(/^(Date\.now\(\)(\.toString\(\))?|new Date\(\)\.(toISOString|toLocaleString)\(\)|Math\.random\(\)|crypto\.randomUUID\(\)|makeId\S*\(\)|now\d+\S*\.toLocaleTimeString\(\)|part\d+\S*)$/);
        }
      }),
      RUNS,
    );
  });

  const cases: Array<[string, string, string]> = [
    // [rule, code with the offending node between ⟦ and ⟧, file]
    ["no-volatile-prefix", 'import OpenAI from "openai";\nconst client = new OpenAI();\nexport function ask(q) {\n\treturn client.chat.completions.create({\n\t\tmodel: "gpt-4o",\n\t\tmessages: [\n\t\t\t{ role: "system", content: `Time:\t${⟦new Date().toISOString()⟧}\tYou are a careful assistant; answer briefly.` },\n\t\t\t{ role: "user", content: q },\n\t\t],\n\t});\n}\n', "app.js"],
    ["static-before-dynamic", 'import OpenAI from "openai";\nconst client = new OpenAI();\nexport function ask(user: { name: string }, q: string) {\n\treturn client.chat.completions.create({\n\t\tmodel: "gpt-4o",\n\t\tmessages: [\n\t\t\t{ role: "system", content: `User: ${⟦user.name⟧}.\n\t\t\t\tYou are a careful assistant for the support team of a large company. Answer briefly, cite the knowledge base, never guess, and escalate refunds.` },\n\t\t\t{ role: "user", content: q },\n\t\t],\n\t});\n}\n', "app.ts"],
    ["single-leading-system", 'import OpenAI from "openai";\nconst client = new OpenAI();\nexport function ask(q) {\n\treturn client.chat.completions.create({\n\t\tmodel: "grok-4",\n\t\tmessages: [\n\t\t\t{ role: "system", content: "Be brief." },\n\t\t\t{ role: "user", content: q },\n\t\t\t⟦{ role: "system", content: "Answer in French." }⟧,\n\t\t],\n\t});\n}\n', "app.js"],
  ];

  for (const [rule, marked, file] of cases) {
    for (const eol of ["\n", "\r\n"]) {
      it(`${rule} in ${file}${eol === "\r\n" ? " with CRLF" : ""}: line, column, end line and end column of the node`, () => {
        const withEol = marked.replace(/\n/g, eol);
        const start = withEol.indexOf("⟦");
        const end = withEol.indexOf("⟧") - 1;
        const code = withEol.replace(/[⟦⟧]/g, "");
        const messages = lint(code, file.endsWith(".js")).filter((message) => message.ruleId === `prompt-cache/${rule}`);
        expect(messages).toHaveLength(1);
        const [message] = messages;
        expect([offsetOf(code, message!.line, message!.column), offsetOf(code, message!.endLine!, message!.endColumn!)]).toEqual([start, end]);
        const before = code.slice(0, start).split(/\r\n|\n/);
        expect({ line: message!.line, column: message!.column }).toEqual({ line: before.length, column: before.at(-1)!.length + 1 });
        const cli = analyzeText(code, file, { rules: ALL_RULES }).flatMap((site) => site.findings).filter((finding) => finding.ruleId === `prompt-cache/${rule}`);
        expect(cli.map(({ line, column }) => ({ line, column }))).toEqual([{ line: message!.line, column: message!.column }]);
      });
    }
  }
});
