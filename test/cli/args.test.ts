import { describe, expect, it, vi } from "vitest";
import { parseArgs, type AnalyzeOptions } from "../../src/cli/args.js";
import { UsageError } from "../../src/cli/usage-error.js";

// `--workers auto` follows the machine's cores: set here, so that the test does not depend on this machine.
const cores = vi.hoisted(() => ({ count: 8 }));
vi.mock("node:os", async (importOriginal) => ({ ...(await importOriginal<typeof import("node:os")>()), availableParallelism: () => cores.count }));

const defaults: AnalyzeOptions = {
  paths: ["."],
  format: "pretty",
  output: undefined,
  quiet: false,
  failOn: "error",
  maxWarnings: undefined,
  minCacheableTokens: undefined,
  baseline: undefined,
  updateBaseline: false,
  staged: false,
  changedSince: undefined,
  config: undefined,
  model: undefined,
  cache: false,
  cacheLocation: ".prompt-cache-cache",
  workers: 1,
};

describe("parseArgs", () => {
  it("analyzes the current directory as pretty text, failing on errors, by default", () => {
    expect(parseArgs(["analyze"])).toEqual({ name: "analyze", options: defaults });
  });

  it("reads every analyze flag, in any order and in both value forms", () => {
    const argv = [
      "analyze", "src", "--format", "sarif", "lib/a.ts", "--model=gpt-4o", "-o", "out/report.sarif", "--quiet",
      "--fail-on", "warning", "--max-warnings", "3", "--min-cacheable-tokens=1024", "--baseline", "pc-baseline.json",
      "--update-baseline", "--changed-since", "origin/main", "-c", "config.json", "--cache", "--cache-location", "tmp/cache", "--workers", "3",
    ];
    expect(parseArgs(argv)).toEqual({
      name: "analyze",
      options: {
        paths: ["src", "lib/a.ts"],
        format: "sarif",
        output: "out/report.sarif",
        quiet: true,
        failOn: "warning",
        maxWarnings: 3,
        minCacheableTokens: 1024,
        baseline: "pc-baseline.json",
        updateBaseline: true,
        staged: false,
        changedSince: "origin/main",
        config: "config.json",
        model: "gpt-4o",
        cache: true,
        cacheLocation: "tmp/cache",
        workers: 3,
      },
    });
    expect(parseArgs(["analyze", "--staged"])).toMatchObject({ options: { staged: true } });
    // auto: one per core but one (the main thread's), and at least one.
    cores.count = 8;
    expect(parseArgs(["analyze", "--workers", "auto"])).toMatchObject({ options: { workers: 7 } });
    cores.count = 1;
    expect(parseArgs(["analyze", "--workers", "auto"])).toMatchObject({ options: { workers: 1 } });
  });

  it("treats arguments after -- as paths", () => {
    expect(parseArgs(["analyze", "--", "--weird-name.ts"])).toMatchObject({ options: { paths: ["--weird-name.ts"] } });
  });

  it.each([[["--help"]], [["-h"]]])("asks for the general help with %j", (argv) => {
    expect(parseArgs(argv)).toEqual({ name: "help" });
  });

  it.each([[["analyze", "--help"]], [["analyze", "-h", "--format", "xml"]]])("asks for the help of analyze with %j", (argv) => {
    expect(parseArgs(argv)).toEqual({ name: "help", command: "analyze" });
  });

  it.each([[["--version"]], [["-v"]]])("asks for the version with %j", (argv) => {
    expect(parseArgs(argv)).toEqual({ name: "version" });
  });

  it.each([
    [["analyze", "--bogus"], "Unknown option '--bogus'."],
    [["analyze", "-x"], "Unknown option '-x'."],
    [["analyze", "--format"], "Option '--format <value>' argument missing"],
    [["analyze", "--format", "xml"], "Unknown --format 'xml': expected pretty, json, sarif, markdown or github."],
    [["analyze", "--fail-on", "info"], "Unknown --fail-on 'info': expected error, warning or never."],
    [["analyze", "--max-warnings", "-1"], "Option '--max-warnings' argument is ambiguous."],
    [["analyze", "--max-warnings=many"], "--max-warnings needs a whole number, not 'many'."],
    [["analyze", "--workers", "0"], "--workers needs 1 or more, or 'auto'."],
    [["analyze", "--workers", "all"], "--workers needs a whole number or 'auto', not 'all'."],
    [["analyze", "--min-cacheable-tokens=1.5"], "--min-cacheable-tokens needs a whole number, not '1.5'."],
    [["analyze", "--model="], "--model needs a value."],
    [["analyze", "--staged", "--changed-since", "main"], "--staged and --changed-since cannot be combined."],
    [["analyze", "--update-baseline"], "--update-baseline needs --baseline <file>."],
    [["analyze", "--cache-location", "x"], "--cache-location needs --cache."],
    [["analyse"], "Unknown command 'analyse': expected 'analyze' or 'logs'."],
    [["--format", "json"], "Unknown option '--format'."],
    [[], "Missing command: expected 'analyze' or 'logs'."],
  ])("rejects %j", (argv, message) => {
    const error = catchError(() => parseArgs(argv));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(message);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected an Error to be thrown");
}
