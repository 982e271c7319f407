import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { formatNames, reporters } from "../../src/cli/reporters/index.js";
import type { AnalysisReport, CallSiteReport } from "../../src/report/types.js";

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
      file: "src/support.ts",
      line: 12,
      column: 3,
      api: "responses",
      model: null,
      prefix: {
        cacheableTokens: 12,
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
          line: 14,
          column: 7,
        },
        {
          ruleId: "prompt-cache/static-before-dynamic",
          severity: "warning",
          message: "Move the user's name after the static instructions.",
          line: 110,
          column: 12,
        },
      ],
    }),
    site({
      file: "src/grok.ts",
      provider: "xai",
      model: "grok-4",
      prefix: {
        cacheableTokens: 20480,
        encoding: "o200k_base",
        approximate: true,
        minimumTokens: null,
        meetsMinimum: null,
        firstDynamic: null,
      },
    }),
  ],
  errors: [{ file: "src/broken.ts", message: "Parse error at 3:7: ',' expected." }],
};

describe("reporters", () => {
  it("are registered under the --format names", () => {
    expect(formatNames).toEqual(["pretty", "json"]);
  });

  it("pretty prints each call site, its prefix and findings, parse errors, then a summary", () => {
    expect(reporters.pretty(report, { color: false })).toBe(
      [
        "src/chat.ts:6:28  openai chat.completions gpt-4o",
        "  cacheable prefix 1,234 / 1,024 tokens",
        "",
        "src/support.ts:12:3  openai responses (no model)",
        "  cacheable prefix 12 / 1,024 tokens (approx), below minimum",
        "  14:7    error    The system prompt starts with the current time, so no request can reuse the cache.  prompt-cache/no-volatile-prefix",
        "  110:12  warning  Move the user's name after the static instructions.  prompt-cache/static-before-dynamic",
        "",
        "src/grok.ts:6:28  xai chat.completions grok-4",
        "  cacheable prefix 20,480 tokens (approx), no published minimum",
        "",
        "src/broken.ts",
        "  error  Parse error at 3:7: ',' expected.",
        "",
        "3 call sites in 4 files, 1 warning, 1 error, 1 parse error",
        "",
      ].join("\n"),
    );
  });

  it("pretty prints a summary alone for an empty report, with singular nouns where they fit", () => {
    expect(reporters.pretty({ version: 1, files: 1, callSites: [], errors: [] }, { color: false })).toBe(
      "0 call sites in 1 file, 0 warnings, 0 errors\n",
    );
  });

  it("pretty colors severities and the summary only when asked", () => {
    const colored = reporters.pretty(report, { color: true });
    expect(colored).toContain("\u001b[31merror  \u001b[39m");
    expect(colored).toContain("\u001b[33mwarning\u001b[39m");
    expect(colored).toContain("\u001b[33mbelow minimum\u001b[39m");
    expect(colored).toContain("\u001b[1m3 call sites in 4 files, 1 warning, 1 error, 1 parse error\u001b[22m");
    expect(stripVTControlCharacters(colored)).toBe(reporters.pretty(report, { color: false }));
  });

  it("json prints the report as one JSON document, never colored", () => {
    const text = reporters.json(report, { color: true });
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(report);
    expect(text).not.toContain("\u001b");
  });
});
