import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { analyzeText } from "../../src/analyze-text.js";
import { HELP } from "../../src/cli/help.js";
import { main, useColor, type CliIO } from "../../src/cli/main.js";
import { MAX_FILE_BYTES } from "../../src/cli/walk.js";
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
      stderr: { write: (text: string) => (stderr += text) },
      env,
      cwd,
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

describe("main", () => {
  let root = "";
  beforeEach(() => {
    root = makeTempTree({ "app.ts": "const a = 1;\n" });
    vi.mocked(analyzeText).mockReturnValue([]);
  });
  afterEach(() => removeTempTree(root));

  it.each([[["--help"]], [["-h"]], [["analyze", "--help"]]])("prints the help for %j and exits 0", async (argv) => {
    const out = captureIO(root);
    expect(await main(argv, out.io)).toBe(0);
    expect(out.stdout()).toBe(HELP);
    expect(out.stderr()).toBe("");
  });

  it("prints the version from package.json", async () => {
    const { version } = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const out = captureIO(root);
    expect(await main(["--version"], out.io)).toBe(0);
    expect(out.stdout()).toBe(`${version}\n`);
  });

  it.each([
    [["analyze", "--bogus"], "Unknown option '--bogus'."],
    [["analyze", "--format", "xml"], "Unknown --format 'xml': expected pretty or json."],
    [["analyze", "app.ts", "missing"], "No such file or directory: 'missing'."],
  ])("exits 2 on the usage error in %j, naming it on stderr", async (argv, message) => {
    const out = captureIO(root);
    expect(await main(argv, out.io)).toBe(2);
    expect(out.stdout()).toBe("");
    expect(out.stderr()).toBe(`prompt-cache: ${message}\nRun 'prompt-cache --help' for usage.\n`);
  });

  it("exits 2 when the analyzer fails on a file, and still prints the report", async () => {
    vi.mocked(analyzeText).mockImplementation(() => {
      throw new Error("boom");
    });
    const out = captureIO(root);
    expect(await main(["analyze", "--format", "json"], out.io)).toBe(2);
    expect(JSON.parse(out.stdout()).errors).toEqual([{ file: "app.ts", message: "Internal error (a bug in prompt-cache, please report it): boom" }]);
  });

  it("writes the chosen format to stdout and names skipped files on stderr", async () => {
    fs.writeFileSync(path.join(root, "big.js"), "x".repeat(MAX_FILE_BYTES + 1));
    const out = captureIO(root);
    expect(await main(["analyze", "--format", "json"], out.io)).toBe(0);
    expect(JSON.parse(out.stdout())).toEqual({ version: 1, files: 1, callSites: [], errors: [] });
    expect(out.stderr()).toBe("prompt-cache: skipped files over 1 MB: big.js\n");
  });

  it("colors pretty output on a terminal, or anywhere with FORCE_COLOR", async () => {
    const plain = captureIO(root);
    await main(["analyze"], plain.io);
    expect(plain.stdout()).toBe("0 call sites in 1 file, 0 warnings, 0 errors\n");

    const forced = captureIO(root, { FORCE_COLOR: "1" });
    await main(["analyze"], forced.io);
    expect(forced.stdout()).toBe("\u001b[1m0 call sites in 1 file, 0 warnings, 0 errors\u001b[22m\n");
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
