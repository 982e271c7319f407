import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { analyzeText } from "../../src/analyze-text.js";
import { analyzeFlags } from "../../src/cli/args.js";
import { ANALYZE_HELP, HELP } from "../../src/cli/help.js";
import { useColor, type CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { MAX_FILE_BYTES } from "../../src/cli/walk.js";
import type { AnalysisReport } from "../../src/report/types.js";
import { fakeAnalyzeText } from "./fake-engine.js";
import { makeTempTree, removeTempTree } from "./temp-tree.js";

vi.mock("../../src/analyze-text.js", () => import("./fake-engine.js"));

interface Captured {
  io: CliIO;
  stdout: () => string;
  stderr: () => string;
}

function captureIO(cwd: string, env: Record<string, string> = {}, isTTY = false): Captured {
  let stdout = "";
  let stderr = "";
  return {
    io: {
      stdout: { isTTY, write: (text: string) => (stdout += text) },
      stderr: { isTTY, write: (text: string) => (stderr += text) },
      env,
      cwd,
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

describe("main", () => {
  let root = "";
  const run = async (argv: string[], env: Record<string, string> = {}) => {
    const out = captureIO(root, env);
    const status = await main(argv, out.io);
    return { status, stdout: out.stdout(), stderr: out.stderr() };
  };
  const jsonReport = async (argv: string[]) => {
    const { status, stdout, stderr } = await run(["analyze", "--format", "json", ...argv]);
    return { status, report: JSON.parse(stdout) as AnalysisReport, stderr };
  };
  beforeEach(() => {
    root = makeTempTree({ "app.ts": "const a = 1;\n" });
    vi.mocked(analyzeText).mockImplementation(fakeAnalyzeText);
  });
  afterEach(() => removeTempTree(root));

  it("prints the commands for --help and the options of analyze for analyze --help", async () => {
    expect(await run(["--help"])).toEqual({ status: 0, stdout: HELP, stderr: "" });
    expect(await run(["analyze", "-h"])).toEqual({ status: 0, stdout: ANALYZE_HELP, stderr: "" });
  });

  it("documents every analyze flag on one line with its default", () => {
    for (const flag of Object.keys(analyzeFlags).filter((name) => name !== "help")) {
      const line = ANALYZE_HELP.split("\n").find((candidate) => new RegExp(`^ {2}(-\\w, )?--${flag}\\b`).test(candidate));
      expect(line, `--${flag}`).toMatch(/\(default: [^)]+\)$/);
    }
  });

  it("prints the version from package.json", async () => {
    const { version } = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(await run(["--version"])).toEqual({ status: 0, stdout: `${version}\n`, stderr: "" });
  });

  it.each([
    [["analyze", "--bogus"], "Unknown option '--bogus'."],
    [["analyze", "--format", "xml"], "Unknown --format 'xml': expected pretty, json, sarif, markdown or github."],
    [["analyze", "app.ts", "missing"], "No such file or directory: 'missing'."],
    [["analyze", "--baseline", "none.json"], "Baseline file not found: 'none.json'. Create it with --update-baseline."],
  ])("exits 2 on the usage error in %j, naming it on stderr", async (argv, message) => {
    expect(await run(argv)).toEqual({ status: 2, stdout: "", stderr: `prompt-cache: ${message}\nRun 'prompt-cache --help' for usage.\n` });
  });

  it("exits 2 on an invalid config, naming the file, the key and what was expected", async () => {
    fs.writeFileSync(path.join(root, "prompt-cache.config.json"), JSON.stringify({ settings: { defaultModel: 4 } }));
    expect(await run(["analyze"])).toEqual({
      status: 2,
      stdout: "",
      stderr: 'prompt-cache: prompt-cache.config.json: settings.defaultModel must be a non-empty string (a model id such as "gpt-4o").\n',
    });
  });

  it("exits 2 when the analyzer fails on a file, and still prints the report", async () => {
    fs.writeFileSync(path.join(root, "app.ts"), "prompt crash");
    const { status, report } = await jsonReport([]);
    expect(status).toBe(2);
    expect(report.errors).toEqual([{ file: "app.ts", message: "Internal error (a bug in prompt-cache, please report it): cannot read 'x'" }]);
  });

  it("writes the chosen format to stdout and names skipped files on stderr", async () => {
    fs.writeFileSync(path.join(root, "big.js"), "x".repeat(MAX_FILE_BYTES + 1));
    const { status, report, stderr } = await jsonReport([]);
    expect(status).toBe(0);
    expect(report).toEqual({ version: 1, files: 1, callSites: [], errors: [] });
    expect(stderr).toBe("prompt-cache: skipped files over 1 MB: big.js\n");
  });

  it("writes the report to --output, creating its directory, and nothing to stdout", async () => {
    fs.writeFileSync(path.join(root, "app.ts"), "prompt warning");
    expect(await run(["analyze", "--output", "reports/out.txt"], { FORCE_COLOR: "1" })).toEqual({ status: 0, stdout: "", stderr: "" });
    // Never colored: a file is not a terminal.
    expect(fs.readFileSync(path.join(root, "reports/out.txt"), "utf8")).toMatch(/^app\.ts\n {2}1:1 {2}openai chat\.completions \(no model\)\n/);
  });

  it("colors pretty output on a terminal, or anywhere with FORCE_COLOR", async () => {
    expect((await run(["analyze"])).stdout).toBe("0 call sites in 1 file, 0 warnings, 0 errors\n");
    expect((await run(["analyze"], { FORCE_COLOR: "1" })).stdout).toBe("\u001b[1m0 call sites in 1 file, 0 warnings, 0 errors\u001b[22m\n");
  });

  describe("gate", () => {
    beforeEach(() => {
      fs.writeFileSync(path.join(root, "app.ts"), "prompt warning tokens=2000");
      fs.writeFileSync(path.join(root, "short.ts"), "prompt tokens=40");
    });

    it("passes warnings by default and fails on them with --fail-on warning or --max-warnings", async () => {
      expect((await run(["analyze"])).status).toBe(0);
      expect(await run(["analyze", "--fail-on", "warning", "--format", "github"])).toMatchObject({
        status: 1,
        stderr: "prompt-cache: 1 finding of severity warning or error (--fail-on warning).\n",
      });
      expect(await run(["analyze", "--max-warnings", "0", "--format", "github"])).toMatchObject({ status: 1, stderr: "prompt-cache: 1 warning, more than --max-warnings 0.\n" });
      expect((await run(["analyze", "--max-warnings", "1"])).status).toBe(0);
    });

    it("fails on errors unless --fail-on never", async () => {
      fs.writeFileSync(path.join(root, "app.ts"), "prompt error");
      expect(await run(["analyze", "--format", "github"])).toMatchObject({ status: 1, stderr: "prompt-cache: 1 finding of severity error (--fail-on error).\n" });
      expect((await run(["analyze", "--fail-on", "never"])).status).toBe(0);
    });

    it("fails on a call site under --min-cacheable-tokens, naming it", async () => {
      expect(await run(["analyze", "--min-cacheable-tokens", "1024", "--format", "github"])).toMatchObject({
        status: 1,
        stderr: "prompt-cache: short.ts:1:1: the cacheable prefix is 40 tokens, under --min-cacheable-tokens 1,024.\n",
      });
      expect((await run(["analyze", "--min-cacheable-tokens", "40"])).status).toBe(0);
    });

    it("fails on a file that does not parse, even with --fail-on never", async () => {
      fs.writeFileSync(path.join(root, "broken.ts"), "prompt syntax error");
      expect(await run(["analyze", "--fail-on", "never", "--format", "github"])).toMatchObject({ status: 1, stderr: "prompt-cache: 1 file could not be analyzed.\n" });
    });

    it("--quiet reports errors only, while warnings still count for the gate", async () => {
      fs.writeFileSync(path.join(root, "short.ts"), "prompt error");
      const { status, report } = await jsonReport(["--quiet", "--max-warnings", "0"]);
      expect(status).toBe(1);
      expect(report.callSites.map((site) => [site.file, site.findings.map((finding) => finding.severity)])).toEqual([["short.ts", ["error"]]]);
    });
  });

  describe("baseline", () => {
    it("records the current findings, then fails only on new ones", async () => {
      fs.writeFileSync(path.join(root, "app.ts"), "prompt error");
      const recorded = await jsonReport(["--baseline", "baseline/prompt-cache.json", "--update-baseline"]);
      expect(recorded).toMatchObject({ status: 0, report: { suppressed: 1, callSites: [{ findings: [] }] } });
      expect(JSON.parse(fs.readFileSync(path.join(root, "baseline/prompt-cache.json"), "utf8"))).toEqual({
        version: 1,
        findings: { "../app.ts": { "prompt-cache/x": { "fp-error": 1 } } },
      });

      expect(await jsonReport(["--baseline", "baseline/prompt-cache.json"])).toMatchObject({ status: 0, report: { suppressed: 1 } });
      fs.writeFileSync(path.join(root, "new.ts"), "prompt error");
      const { status, report } = await jsonReport(["--baseline", "baseline/prompt-cache.json"]);
      expect(status).toBe(1);
      expect(report.suppressed).toBe(1);
      expect(report.callSites.filter((site) => site.findings.length > 0).map((site) => site.file)).toEqual(["new.ts"]);
    });

    it("exits 2 on a file that is not a baseline", async () => {
      fs.writeFileSync(path.join(root, "baseline.json"), JSON.stringify({ version: 1, findings: { "a.ts": ["x"] } }));
      const { status, stderr } = await run(["analyze", "--baseline", "baseline.json"]);
      expect(status).toBe(2);
      expect(stderr).toMatch(/^prompt-cache: baseline\.json: not a prompt-cache baseline/);
    });
  });
});

describe("useColor", () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "" }, true, true],
    [{ FORCE_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "" }, false, true],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "0" }, true, false],
    [{ FORCE_COLOR: "false" }, true, false],
  ])("env %j, stdout is a terminal: %s -> %s", (env, isTTY, expected) => {
    expect(useColor({ env, stdout: { isTTY, write: () => true } })).toBe(expected);
  });
});
