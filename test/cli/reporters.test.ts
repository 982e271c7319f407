import fs from "node:fs";
import { stripVTControlCharacters } from "node:util";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { reporters } from "../../src/cli/reporters/index.js";
import { FORMAT_NAMES } from "../../src/cli/reporters/names.js";
import { FINGERPRINT_KEY, sarifLog } from "../../src/cli/reporters/sarif.js";
import { VERSION } from "../../src/cli/version.js";
import type { AnalysisReport, CallSiteReport } from "../../src/report/types.js";
import { rules } from "../../rules/index.js";

const site = (overrides: Partial<CallSiteReport>): CallSiteReport => ({
  file: "src/chat.ts",
  line: 6,
  column: 28,
  provider: "openai",
  api: "chat.completions",
  model: "gpt-4o",
  prefix: {
    cacheableTokens: 1234,
    encoding: "o200k_base",
    approximate: false,
    minimumTokens: 1024,
    meetsMinimum: true,
    firstDynamic: null,
  },
  segments: [],
  findings: [],
  ...overrides,
});

const report: AnalysisReport = {
  version: 1,
  files: 4,
  callSites: [
    site({}),
    site({
      file: "src/support agent.ts",
      line: 12,
      column: 3,
      api: "responses",
      model: null,
      prefix: {
        cacheableTokens: 256,
        encoding: "o200k_base",
        approximate: true,
        minimumTokens: 1024,
        meetsMinimum: false,
        firstDynamic: { line: 14, column: 7, kind: "volatile", reason: "`new Date().toISOString()` at line 14" },
      },
      findings: [
        {
          ruleId: "prompt-cache/no-volatile-prefix",
          severity: "error",
          message: "The system prompt starts with the current time, so no request can reuse the cache.",
          file: "src/support agent.ts",
          line: 14,
          column: 7,
          fingerprint: "0123456789abcdef",
        },
        {
          ruleId: "prompt-cache/static-before-dynamic",
          severity: "warning",
          message: "Move the user's name | plan after the static instructions.",
          file: "src/support agent.ts",
          line: 110,
          column: 12,
          fingerprint: "fedcba9876543210",
        },
        {
          ruleId: "prompt-cache/static-before-dynamic",
          severity: "warning",
          message: "Move the user's name | plan after the static instructions.",
          file: "src/support agent.ts",
          line: 120,
          column: 12,
          fingerprint: "fedcba9876543210",
        },
      ],
    }),
    site({
      file: "src/chat.ts",
      line: 30,
      provider: "xai",
      model: "grok-4",
      prefix: { cacheableTokens: 20480, encoding: "o200k_base", approximate: true, minimumTokens: null, meetsMinimum: null, firstDynamic: null },
    }),
  ],
  errors: [{ file: "src/broken.ts", message: "Parse error at 3:7: ',' expected." }],
};

const render = (format: keyof typeof reporters, color = false) => Promise.resolve(reporters[format](report, { color }));

describe("reporters", () => {
  it("cover every --format name", () => {
    expect(Object.keys(reporters).sort()).toEqual([...FORMAT_NAMES].sort());
  });

  it("pretty groups call sites by file, with a prefix bar against the minimum, findings, parse errors and a summary", async () => {
    expect(await render("pretty")).toBe(
      [
        "src/chat.ts",
        "  6:28  openai chat.completions gpt-4o",
        "    ████████████████████ 1,234 / 1,024 cacheable tokens",
        "  30:28  xai chat.completions grok-4",
        "    20,480 cacheable tokens (approx), no published minimum",
        "",
        "src/support agent.ts",
        "  12:3  openai responses (no model)",
        "    █████░░░░░░░░░░░░░░░ 256 / 1,024 cacheable tokens (approx), below minimum",
        "    14:7    error    The system prompt starts with the current time, so no request can reuse the cache.  prompt-cache/no-volatile-prefix",
        "    110:12  warning  Move the user's name | plan after the static instructions.  prompt-cache/static-before-dynamic",
        "    120:12  warning  Move the user's name | plan after the static instructions.  prompt-cache/static-before-dynamic",
        "",
        "src/broken.ts",
        "  error  Parse error at 3:7: ',' expected.",
        "",
        "3 call sites in 4 files, 2 warnings, 1 error, 1 parse error",
        "",
      ].join("\n"),
    );
  });

  it("pretty prints a summary alone for an empty report, with the baseline's count when there is one", async () => {
    expect(await reporters.pretty({ version: 1, files: 1, callSites: [], errors: [] }, { color: false })).toBe("0 call sites in 1 file, 0 warnings, 0 errors\n");
    expect(await reporters.pretty({ version: 1, files: 2, callSites: [], errors: [], suppressed: 3 }, { color: false })).toBe(
      "0 call sites in 2 files, 0 warnings, 0 errors, 3 suppressed by the baseline\n",
    );
  });

  it("pretty colors severities, the bar and the summary only when asked", async () => {
    const colored = await render("pretty", true);
    expect(colored).toContain("\u001b[31merror  \u001b[39m");
    expect(colored).toContain("\u001b[33mwarning\u001b[39m");
    expect(colored).toContain("\u001b[32m████████████████████\u001b[39m");
    expect(colored).toContain("\u001b[33m█████\u001b[39m\u001b[2m░░░░░░░░░░░░░░░\u001b[22m");
    expect(colored).toContain("\u001b[1m3 call sites in 4 files, 2 warnings, 1 error, 1 parse error\u001b[22m");
    expect(stripVTControlCharacters(colored)).toBe(await render("pretty"));
  });

  it("json prints the report as one JSON document, never colored", async () => {
    const text = await render("json", true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(report);
  });

  it("markdown is a PR comment: summary, call-site table, findings with rule links, files that do not parse", async () => {
    const docs = (rule: keyof typeof rules) => rules[rule].meta.docs!.url;
    expect(await render("markdown")).toBe(
      [
        "### prompt-cache",
        "",
        "3 call sites in 4 files, 2 warnings, 1 error, 1 parse error",
        "",
        "| Call site | Provider | Model | Cacheable prefix | Findings |",
        "| :--- | :--- | :--- | ---: | ---: |",
        "| `src/chat.ts:6:28` | openai chat.completions | `gpt-4o` | 1,234 / 1,024 | 0 |",
        "| `src/support agent.ts:12:3` | openai responses |  | ~256 / 1,024 (below minimum) | 3 |",
        "| `src/chat.ts:30:28` | xai chat.completions | `grok-4` | ~20,480 | 0 |",
        "",
        "#### Findings",
        "",
        "| Severity | Location | Rule | Message |",
        "| :--- | :--- | :--- | :--- |",
        `| error | \`src/support agent.ts:14:7\` | [prompt-cache/no-volatile-prefix](${docs("no-volatile-prefix")}) | The system prompt starts with the current time, so no request can reuse the cache. |`,
        `| warning | \`src/support agent.ts:110:12\` | [prompt-cache/static-before-dynamic](${docs("static-before-dynamic")}) | Move the user's name \\| plan after the static instructions. |`,
        `| warning | \`src/support agent.ts:120:12\` | [prompt-cache/static-before-dynamic](${docs("static-before-dynamic")}) | Move the user's name \\| plan after the static instructions. |`,
        "",
        "#### Files that could not be analyzed",
        "",
        "- `src/broken.ts`: Parse error at 3:7: ',' expected.",
        "",
      ].join("\n"),
    );
  });

  it("github prints one workflow annotation per finding and unparsable file, escaped, then the summary", async () => {
    expect(
      await reporters.github(
        {
          ...report,
          callSites: [site({ file: "src/a,b.ts", findings: [{ ruleId: "prompt-cache/x", severity: "warning", message: "50% of it\nis lost", file: "src/a,b.ts", line: 2, column: 3, fingerprint: "f" }] })],
        },
        { color: true },
      ),
    ).toBe(
      [
        "::warning file=src/a%2Cb.ts,line=2,col=3,title=prompt-cache/x::50%25 of it%0Ais lost",
        "::error file=src/broken.ts,title=prompt-cache::Parse error at 3:7: ',' expected.",
        "1 call site in 4 files, 1 warning, 0 errors, 1 parse error",
        "",
      ].join("\n"),
    );
  });

  describe("sarif", () => {
    it("is valid SARIF 2.1.0 (the OASIS JSON schema, formats included)", async () => {
      const schema = JSON.parse(fs.readFileSync(new URL("sarif-schema-2.1.0.json", import.meta.url), "utf8")) as object;
      const ajv = new Ajv({ schemaId: "id", meta: false, allErrors: true });
      ajv.addMetaSchema(JSON.parse(fs.readFileSync(new URL("../../node_modules/ajv/lib/refs/json-schema-draft-04.json", import.meta.url), "utf8")) as object);
      const validate = ajv.compile(schema);
      const log = JSON.parse(await render("sarif")) as unknown;
      expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
      // The validator is not vacuous: a result without a message breaks the schema.
      expect(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ ruleId: "x" }] }] })).toBe(false);
    });

    it("describes every rule with help text and a documentation link, and names the tool and version", async () => {
      const { runs } = JSON.parse(await render("sarif")) as ReturnType<typeof sarifLog>;
      const { driver } = runs[0]!.tool;
      expect(driver).toMatchObject({ name: "prompt-cache", version: VERSION, semanticVersion: VERSION });
      expect(driver.rules.map((rule) => rule.id)).toEqual(Object.keys(rules).map((name) => `prompt-cache/${name}`));
      const volatile = driver.rules.find((rule) => rule.id === "prompt-cache/no-volatile-prefix")!;
      const { description, url } = rules["no-volatile-prefix"].meta.docs!;
      expect(volatile).toMatchObject({ shortDescription: { text: `${description}.` }, helpUri: url, help: { text: `${description}. See ${url}` } });
    });

    it("gives each finding a result with its location, level, rule index and a fingerprint numbered among identical lines", () => {
      const log = sarifLog(report, [
        { id: "prompt-cache/no-volatile-prefix", description: "d", url: "https://example.com/a" },
        { id: "prompt-cache/static-before-dynamic", description: "d", url: "https://example.com/b" },
      ]);
      const [run] = log.runs;
      expect(run!.results.map((result) => [result.ruleIndex, result.level, result.locations[0]!.physicalLocation.region, result.partialFingerprints[FINGERPRINT_KEY]])).toEqual([
        [0, "error", { startLine: 14, startColumn: 7 }, "0123456789abcdef:1"],
        [1, "warning", { startLine: 110, startColumn: 12 }, "fedcba9876543210:1"],
        [1, "warning", { startLine: 120, startColumn: 12 }, "fedcba9876543210:2"],
      ]);
      expect(run!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: "src/support%20agent.ts", uriBaseId: "%SRCROOT%" });
      expect(run!.invocations).toEqual([
        {
          executionSuccessful: false,
          toolExecutionNotifications: [
            { level: "error", message: { text: "Parse error at 3:7: ',' expected." }, locations: [{ physicalLocation: { artifactLocation: { uri: "src/broken.ts", uriBaseId: "%SRCROOT%" } } }] },
          ],
        },
      ]);
    });
  });
});
