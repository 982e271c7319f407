import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { analyzeText, ParseError } from "../../src/analyze-text.js";
import type { CallSiteReport, Severity } from "../../src/report/types.js";
import { run } from "../../src/cli/run.js";
import { MAX_FILE_BYTES } from "../../src/cli/walk.js";
import { makeTempTree, removeTempTree } from "./temp-tree.js";

vi.mock("../../src/analyze-text.js", () => import("./fake-engine.js"));

/** One call site per file; the file's text names the severity of its one finding, if any. */
function fakeEngine(text: string, file: string, options?: { defaultModel?: string }): CallSiteReport[] {
  if (text.startsWith("syntax error")) throw new ParseError("',' expected.", 2, 5);
  if (text.startsWith("crash")) throw new TypeError("cannot read 'x'");
  const severity = /^(error|warning)/.exec(text)?.[1] as Severity | undefined;
  return [
    {
      file,
      line: 1,
      column: 1,
      provider: "openai",
      api: "chat.completions",
      model: options?.defaultModel ?? null,
      prefix: {
        cacheableTokens: 0,
        encoding: "o200k_base",
        approximate: false,
        minimumTokens: 1024,
        meetsMinimum: false,
        firstDynamic: null,
      },
      segments: [],
      findings: severity ? [{ ruleId: "prompt-cache/x", severity, message: "m", line: 1, column: 1 }] : [],
    },
  ];
}

describe("run", () => {
  let root = "";
  beforeEach(() => {
    vi.mocked(analyzeText).mockImplementation(fakeEngine);
  });
  afterEach(() => removeTempTree(root));

  it("reports every file relative to cwd with / and passes the default model on", async () => {
    root = makeTempTree({ "src/a.ts": "warning", "src/nested/b.js": "" });
    const { report, exitCode, skipped } = await run({ paths: ["src"], cwd: root, model: "gpt-4o" });
    expect(exitCode).toBe(0);
    expect(skipped).toEqual([]);
    expect(report).toMatchObject({ version: 1, files: 2, errors: [] });
    expect(report.callSites.map((site) => [site.file, site.model])).toEqual([
      ["src/a.ts", "gpt-4o"],
      ["src/nested/b.js", "gpt-4o"],
    ]);
  });

  it("exits 1 when a finding has severity error", async () => {
    root = makeTempTree({ "a.ts": "warning", "b.ts": "error" });
    expect((await run({ paths: ["."], cwd: root })).exitCode).toBe(1);
  });

  it("lists a file that does not parse under errors with its position, analyzes the rest and exits 1", async () => {
    root = makeTempTree({ "a.ts": "", "broken.ts": "syntax error", "c.ts": "" });
    const { report, exitCode } = await run({ paths: ["."], cwd: root });
    expect(exitCode).toBe(1);
    expect(report.files).toBe(2);
    expect(report.callSites.map((site) => site.file)).toEqual(["a.ts", "c.ts"]);
    expect(report.errors).toEqual([{ file: "broken.ts", message: "Parse error at 2:5: ',' expected." }]);
  });

  it("returns the files skipped for their size", async () => {
    root = makeTempTree({ "big.js": "x".repeat(MAX_FILE_BYTES + 1), "a.ts": "" });
    expect(await run({ paths: ["."], cwd: root })).toMatchObject({ exitCode: 0, skipped: ["big.js"], report: { files: 1 } });
  });

  it("lists an analyzer failure on one file under errors, analyzes the rest and exits 2", async () => {
    root = makeTempTree({ "a.ts": "crash", "b.ts": "" });
    const { report, exitCode } = await run({ paths: ["."], cwd: root });
    expect(exitCode).toBe(2);
    expect(report.files).toBe(1);
    expect(report.errors).toEqual([{ file: "a.ts", message: "Internal error (a bug in prompt-cache, please report it): cannot read 'x'" }]);
  });
});
