import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisReport } from "../../src/report/types.js";
import { assertBuilt, BIN, childEnv, REPO_ROOT } from "./built.js";
import { makeTempTree, removeTempTree } from "./temp-tree.js";

// The built bin against fixtures/cli through the real engine. The first run fills a --cache that
// the other formats reuse, which keeps this file fast and runs the cache for real.

function runBin(args: string[], cwd = REPO_ROOT) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: childEnv(), encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("prompt-cache (built bin)", () => {
  let temp = "";
  let cached: string[] = [];
  let report: AnalysisReport;
  beforeAll(() => {
    assertBuilt();
    temp = makeTempTree({});
    cached = ["--cache", "--cache-location", path.join(temp, "cache.json")];
    const { status, stdout, stderr } = runBin(["analyze", "fixtures/cli/basic", "--format", "json", ...cached]);
    expect({ status, stderr }).toEqual({ status: 0, stderr: "" });
    report = JSON.parse(stdout) as AnalysisReport;
  });
  afterAll(() => removeTempTree(temp));

  it("prints the version and the help", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    expect(runBin(["--version"])).toEqual({ status: 0, stdout: `${version}\n`, stderr: "" });
    expect(runBin(["analyze", "--help"]).stdout).toMatch(/^Usage: prompt-cache analyze \[paths\.\.\.\] \[options\]\n/);
  });

  it.each([
    [["analyze", "--format", "xml"], "Unknown --format 'xml'"],
    [["analyze", "fixtures/cli/missing"], "No such file or directory: 'fixtures/cli/missing'"],
  ])("exits 2 on the usage error in %j", (args, message) => {
    const { status, stdout, stderr } = runBin(args);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });

  it("reports an OpenAI call whose system prompt starts with the time, with a fingerprint per finding", () => {
    expect(report).toMatchObject({ version: 1, files: 2, errors: [] });
    expect(report.callSites).toHaveLength(1);
    expect(report.callSites[0]).toMatchObject({ file: "fixtures/cli/basic/chat.ts", line: 6, provider: "openai", api: "chat.completions", model: "gpt-4o" });
    const findings = report.callSites[0]!.findings;
    expect(findings.map((finding) => finding.ruleId)).toContain("prompt-cache/no-volatile-prefix");
    expect(findings.every((finding) => /^[0-9a-f]{16}$/.test(finding.fingerprint))).toBe(true);
  });

  it("gives the same report with worker threads as without, parse errors included", () => {
    // Every fixture project: SDKs, cross-module imports, a monorepo, a custom fetch, a syntax error.
    const run = (workers: string) => runBin(["analyze", "fixtures", "--format", "json", "--fail-on", "never", "--workers", workers]);
    const alone = run("1");
    const pooled = run("3");
    expect(pooled.stderr).toBe(alone.stderr);
    expect(pooled.status).toBe(alone.status);
    const parsed = JSON.parse(alone.stdout) as AnalysisReport;
    expect(parsed.callSites.length).toBeGreaterThan(40);
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(JSON.parse(pooled.stdout)).toEqual(parsed);
    // The pool really ran: Node's worker debug log names the worker module once per worker (this thread is the third).
    const traced = spawnSync(process.execPath, [BIN, "analyze", "fixtures", "--format", "json", "--fail-on", "never", "--workers", "3"], {
      cwd: REPO_ROOT,
      env: childEnv({ NODE_DEBUG: "worker" }),
      encoding: "utf8",
    });
    expect(traced.stderr.match(/instantiating Worker\. url: \S*analyze-worker\.js/g)).toHaveLength(2);
  }, 60_000);

  it("with workers and --cache, a file whose analysis followed an import is analyzed again when the import changes", () => {
    const project = makeTempTree({});
    try {
      fs.cpSync(path.join(REPO_ROOT, "fixtures/multi-module"), project, { recursive: true });
      const run = () => {
        const { status, stdout } = runBin(["analyze", ".", "--format", "json", "--fail-on", "never", "--workers", "2", "--cache", "--cache-location", "cache.json"], project);
        expect(status).toBe(0);
        const { callSites } = JSON.parse(stdout) as AnalysisReport;
        // The requests are still there in each run, whatever their findings.
        expect(callSites.map((site) => site.file)).toEqual(["src/onboarding.ts", "src/onboarding.ts"]);
        return callSites.flatMap((site) => site.findings.map((finding) => finding.ruleId));
      };
      expect(run()).toContain("prompt-cache/no-volatile-prefix");
      // The cache holds the files analyzed on their own, not the one whose analysis followed an import.
      const cached = Object.keys((JSON.parse(fs.readFileSync(path.join(project, "cache.json"), "utf8")) as { files: object }).files);
      expect(cached).toContain("src/lib/clock.ts");
      expect(cached).not.toContain("src/onboarding.ts");
      // The time now comes from a constant in the imported module: onboarding.ts itself is unchanged.
      const clock = path.join(project, "src/lib/clock.ts");
      fs.writeFileSync(clock, fs.readFileSync(clock, "utf8").replace("return new Date().toISOString();", 'return "2026-01-01";'));
      expect(run()).not.toContain("prompt-cache/no-volatile-prefix");
    } finally {
      removeTempTree(project);
    }
  }, 60_000);

  it("fails the gate on warnings with --fail-on warning, saying why on stderr (the default gate passed them above)", () => {
    const failed = runBin(["analyze", "fixtures/cli/basic", "--fail-on", "warning", ...cached]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^prompt-cache: \d+ findings? of severity warning or error \(--fail-on warning\)\.\n$/);
    expect(failed.stdout).toContain("fixtures/cli/basic/chat.ts\n  6:28  openai chat.completions gpt-4o\n");
    expect(failed.stdout).toMatch(/\n1 call site in 2 files, \d+ warnings?, 0 errors\n$/);
  });

  it("writes SARIF to --output that validates against the SARIF 2.1.0 schema and carries the same findings", () => {
    const output = path.join(temp, "out/report.sarif");
    expect(runBin(["analyze", "fixtures/cli/basic", "--format", "sarif", "-o", output, ...cached])).toEqual({ status: 0, stdout: "", stderr: "" });
    const log = JSON.parse(fs.readFileSync(output, "utf8")) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
    const ajv = new Ajv({ schemaId: "id", meta: false });
    ajv.addMetaSchema(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules/ajv/lib/refs/json-schema-draft-04.json"), "utf8")) as object);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test/cli/sarif-schema-2.1.0.json"), "utf8")) as object);
    expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    const findings = report.callSites.flatMap((site) => site.findings);
    expect(log.runs[0]!.results.map((result) => [result.ruleId, result.locations[0]!.physicalLocation.region.startLine])).toEqual(
      findings.map((finding) => [finding.ruleId, finding.line]),
    );
  });

  it("prints GitHub annotations and a markdown summary matching the JSON report", () => {
    const findings = report.callSites.flatMap((site) => site.findings);
    const githubRun = runBin(["analyze", "fixtures/cli/basic", "--format", "github", ...cached]);
    expect(githubRun.stdout.split("\n").filter((line) => line.startsWith("::"))).toEqual(
      findings.map((finding) => `::${finding.severity} file=fixtures/cli/basic/chat.ts,line=${finding.line},col=${finding.column},title=${finding.ruleId}::${finding.message}`),
    );
    const markdown = runBin(["analyze", "fixtures/cli/basic", "--format", "markdown", ...cached]).stdout;
    const site = report.callSites[0]!;
    expect(markdown).toContain(`| \`fixtures/cli/basic/chat.ts:6:28\` | openai chat.completions | \`gpt-4o\` | ${site.prefix.cacheableTokens} / 1,024 (below minimum) | ${findings.length} |`);
    for (const finding of findings) expect(markdown).toContain(`| \`fixtures/cli/basic/chat.ts:${finding.line}:${finding.column}\` | [${finding.ruleId}](`);
  });

  it("lists a file that does not parse under errors with its position, analyzes the others and exits 1", () => {
    const { status, stdout, stderr } = runBin(["analyze", "fixtures/cli/syntax-error", "--format", "json"]);
    expect(stderr).toBe("prompt-cache: 1 file could not be analyzed.\n");
    expect(status).toBe(1);
    const broken = JSON.parse(stdout) as AnalysisReport;
    expect(broken.files).toBe(1);
    expect(broken.errors).toEqual([{ file: "fixtures/cli/syntax-error/broken.ts", message: expect.stringMatching(/\b3:\d+\b/) }]);
    expect(broken.callSites.map((callSite) => callSite.file)).toEqual(["fixtures/cli/syntax-error/reply.ts"]);
  });

  it("exits 2 on an invalid config, naming the file and the key", () => {
    fs.writeFileSync(path.join(temp, "prompt-cache.config.json"), JSON.stringify({ rules: { "no-such-rule": "error" } }));
    fs.writeFileSync(path.join(temp, "app.ts"), "");
    const { status, stderr } = runBin(["analyze"], temp);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^prompt-cache: prompt-cache\.config\.json: rules has an unknown rule "no-such-rule"; expected one of: /);
  });
});
