import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.js";
import { UsageError } from "../../src/cli/usage-error.js";

describe("parseArgs", () => {
  it("analyzes the current directory as pretty text by default", () => {
    expect(parseArgs(["analyze"])).toEqual({ name: "analyze", paths: ["."], format: "pretty", model: undefined });
  });

  it("reads paths, --format and --model in any order and in both value forms", () => {
    expect(parseArgs(["analyze", "src", "--format", "json", "lib/a.ts", "--model=gpt-4o"])).toEqual({
      name: "analyze",
      paths: ["src", "lib/a.ts"],
      format: "json",
      model: "gpt-4o",
    });
  });

  it("treats arguments after -- as paths", () => {
    expect(parseArgs(["analyze", "--", "--weird-name.ts"])).toMatchObject({ paths: ["--weird-name.ts"] });
  });

  it.each([[["--help"]], [["-h"]], [["analyze", "--help"]], [["analyze", "-h", "--format", "xml"]]])(
    "asks for help with %j",
    (argv) => {
      expect(parseArgs(argv)).toEqual({ name: "help" });
    },
  );

  it("asks for the version", () => {
    expect(parseArgs(["--version"])).toEqual({ name: "version" });
  });

  it.each([
    [["analyze", "--bogus"], "Unknown option '--bogus'."],
    [["analyze", "-x"], "Unknown option '-x'."],
    [["analyze", "--format"], "Option '--format <value>' argument missing"],
    [["analyze", "--format", "xml"], "Unknown --format 'xml': expected pretty or json."],
    [["analyze", "--model="], "--model needs a model id."],
    [["analyse"], "Unknown command 'analyse': expected 'analyze'."],
    [[], "Missing command: expected 'analyze'."],
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
