import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnalysisReport } from "../../src/report/types.js";

// The built bin against fixtures/cli, through the real engine: run `npm run build` first.
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(repoRoot, "dist/src/cli/bin.js");

function runBin(args: string[], cwd = repoRoot) {
  const env = { ...process.env };
  delete env.FORCE_COLOR; // the assertions read plain text
  delete env.DEBUG;
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Exit code 1 exactly when a finding is an error or a file did not parse. */
function expectedExitCode(report: AnalysisReport): number {
  const failed =
    report.errors.length > 0 ||
    report.callSites.some((site) => site.findings.some((finding) => finding.severity === "error"));
  return failed ? 1 : 0;
}

describe("prompt-cache (built bin)", () => {
  beforeAll(() => {
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first.`);
  });

  it("prints the version and the help", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    expect(runBin(["--version"])).toEqual({ status: 0, stdout: `${version}\n`, stderr: "" });
    const help = runBin(["analyze", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: prompt-cache analyze \[paths\.\.\.\] \[options\]\n/);
  });

  it.each([
    [["analyze", "--format", "xml"], "Unknown --format 'xml'"],
    [["analyze", "--bogus"], "Unknown option '--bogus'"],
    [["analyze", "fixtures/cli/missing"], "No such file or directory: 'fixtures/cli/missing'"],
  ])("exits 2 on the usage error in %j", (args, message) => {
    const { status, stdout, stderr } = runBin(args);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });

  it("reports an OpenAI call whose system prompt starts with the time as one JSON document", () => {
    const { status, stdout, stderr } = runBin(["analyze", "fixtures/cli/basic", "--format", "json"]);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout) as AnalysisReport;
    expect(report).toMatchObject({ version: 1, files: 2, errors: [] });
    expect(report.callSites).toHaveLength(1);
    expect(report.callSites[0]).toMatchObject({
      file: "fixtures/cli/basic/chat.ts",
      line: 6,
      provider: "openai",
      api: "chat.completions",
      model: "gpt-4o",
    });
    expect(report.callSites[0]?.findings.map((finding) => finding.ruleId)).toContain("prompt-cache/no-volatile-prefix");
    expect(status).toBe(expectedExitCode(report));
  });

  it("prints the same call site as text", () => {
    const { stdout, stderr } = runBin(["analyze", "fixtures/cli/basic"]);
    expect(stderr).toBe("");
    expect(stdout).toContain("fixtures/cli/basic/chat.ts:6:");
    expect(stdout).toContain("prompt-cache/no-volatile-prefix");
    expect(stdout).toMatch(/\n1 call site in 2 files, \d+ warnings?, \d+ errors?\n$/);
  });

  it("lists a file that does not parse under errors with its position, analyzes the others and exits 1", () => {
    const { status, stdout, stderr } = runBin(["analyze", "fixtures/cli/syntax-error", "--format", "json"]);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout) as AnalysisReport;
    expect(status).toBe(1);
    expect(report.files).toBe(1);
    expect(report.errors).toEqual([
      { file: "fixtures/cli/syntax-error/broken.ts", message: expect.stringMatching(/\b3:\d+\b/) },
    ]);
    expect(report.callSites.map((site) => site.file)).toEqual(["fixtures/cli/syntax-error/reply.ts"]);
  });
});
