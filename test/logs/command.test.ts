import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LogAnalyzer } from "../../src/logs/analyze.js";
import { runLogsCommand, type LogsIO } from "../../src/logs/command.js";
import { LOGS_HELP } from "../../src/logs/help.js";
import type { LogReport } from "../../src/logs/types.js";
import { analyzeLines } from "./analyze-helpers.js";
import { sampleLogLines } from "./sample-log.js";
import { recorded, shape } from "./shapes.js";
import { wellFormednessProblems } from "./well-formed.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const SAMPLE = "fixtures/logs/sample.jsonl";

function captureIO(cwd: string, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io: LogsIO = { stdout: { isTTY: false, write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env, cwd };
  return { io, stdout: () => stdout, stderr: () => stderr };
}

async function run(argv: string[], env: Record<string, string> = {}, cwd = repoRoot) {
  const out = captureIO(cwd, env);
  const status = await runLogsCommand(argv, out.io);
  return { status, stdout: out.stdout(), stderr: out.stderr() };
}

let dir = "";
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "prompt-cache-logs-"));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeLog(lines: string[]): string {
  const file = path.join(dir, "log.jsonl");
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

it("keeps fixtures/logs/sample.jsonl in step with the shapes it is built from", () => {
  const expected = `${sampleLogLines().join("\n")}\n`;
  // UPDATE_FIXTURES=1 npx vitest run test/logs/command.test.ts rewrites it.
  if (process.env.UPDATE_FIXTURES) fs.writeFileSync(path.join(repoRoot, SAMPLE), expected);
  expect(fs.readFileSync(path.join(repoRoot, SAMPLE), "utf8")).toBe(expected);
});

describe("arguments", () => {
  it.each([[["--help"]], [["-h"]], [[SAMPLE, "--help"]]])("prints the help for %j", async (argv) => {
    expect(await run(argv)).toEqual({ status: 0, stdout: LOGS_HELP, stderr: "" });
  });

  it.each([
    [[], "Missing log file: expected 'prompt-cache logs <file.jsonl>'."],
    [["a.jsonl", "b.jsonl"], "Expected one log file, got 2: 'a.jsonl', 'b.jsonl'."],
    [[SAMPLE, "--format", "xml"], "Unknown --format 'xml': expected pretty, json or html."],
    [[SAMPLE, "--bogus"], "Unknown option '--bogus'."],
    [[SAMPLE, "--model", ""], "--model needs a model id."],
    [["fixtures/logs/missing.jsonl"], "No such file: 'fixtures/logs/missing.jsonl'."],
    [["fixtures/logs"], "Not a file: 'fixtures/logs'."],
    [[SAMPLE, "--output", "no-such-dir/report.html"], "Cannot write 'no-such-dir/report.html': "],
  ])("exits 2 on the usage error in %j", async (argv, message) => {
    const { status, stdout, stderr } = await run(argv);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(new RegExp(`^prompt-cache: ${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*\nRun 'prompt-cache logs --help' for usage\\.\n$`));
  });
});

describe("formats", () => {
  it("json: the documented document, streamed, equal to JSON.stringify(report, null, 2)", async () => {
    const { status, stdout, stderr } = await run([SAMPLE, "--format", "json"]);
    expect(stderr).toBe("");
    expect(status).toBe(1); // three unreadable lines
    const report = JSON.parse(stdout) as LogReport;
    expect(stdout).toBe(`${JSON.stringify(report, null, 2)}\n`);
    const expected = analyzeLines(sampleLogLines());
    expect(report).toEqual({ version: 1, requests: expected.requests, errors: expected.errors, summary: expected.summary });
    // Field names and order are the public contract (docs/logs.md).
    expect(Object.keys(report.requests[0]!)).toEqual([
      "index", "line", "conversation", "turn", "provider", "api", "model", "routingKey", "previousLine", "promptTokens",
      "sharedPrefixTokens", "predictedCachedTokens", "reportedCachedTokens", "reportedPromptTokens", "lostTokens", "approximate", "cause", "divergence",
    ]);
    expect(Object.keys(report.summary)).toEqual([
      "requests", "conversations", "unreadableLines", "promptTokens", "predictedCachedTokens", "predictedHitRate", "reported", "misses", "missesByCause", "lostTokensByCause", "worstDivergences",
    ]);
  });

  it("json: an empty log is a valid document, exit 0", async () => {
    const { status, stdout } = await run([writeLog([""]), "--format", "json"]);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ version: 1, requests: [], errors: [], summary: { requests: 0, predictedHitRate: null } });
  });

  it("pretty: a line per request, excerpts under misses, unreadable lines in place, then the summary", async () => {
    const { status, stdout } = await run([SAMPLE]);
    expect(status).toBe(1);
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(/^line 1 {2}conversation 1, turn 1 {2}openai gpt-5\.2 {2}prompt 1,\d{3} {2}cached 0 predicted, 0 reported$/);
    expect(lines[1]).toMatch(/^line 2 {2}conversation 2, turn 1 {2}openai gpt-5-mini {2}prompt \d{3} {2}cached 0 predicted$/);
    expect(lines[2]).toMatch(/^line 3 {2}unreadable {2}Invalid JSON: Unterminated string in JSON at position \d+/); // Node's wording
    expect(lines).toContain("line 6  unreadable  Expected a JSON object.");
    const miss = lines.findIndex((line) => line.startsWith("line 9 "));
    expect(lines[miss]).toMatch(/ {2}system_changed {2}at messages\[0\], 0 tokens lost$/);
    expect(lines[miss + 1]).toBe('    before: "Current time: 11/22/2026, 9:14:03 AM\\n\\nYou are the triage assistant for Parcelw…"');
    expect(lines[miss + 2]).toBe('    after:  "Current time: 11/22/2026, 9:20:00 AM\\n\\nYou are the triage assistant for Parcelw…"');
    expect(stdout).toContain("\n6 requests in 3 conversations, 3 unreadable lines\n");
    expect(stdout).toMatch(/\nReported cached tokens: 2,780 of 5,805 \(47\.9%\) in 4 requests with usage; predicted for them \d+\.\d%\n/);
    expect(stdout).toContain("\nMisses: system_changed 1 (0 tokens lost)\nWorst divergence points:\n  system_changed at messages[0]: 1 miss, 0 tokens lost (first at line 9)\n");
    expect(stdout).not.toContain("\u001b[");
  });

  it("pretty: colors with FORCE_COLOR, never in a file", async () => {
    expect((await run([SAMPLE], { FORCE_COLOR: "1" })).stdout).toContain("\u001b[1mline 1\u001b[22m");
    const output = path.join(dir, "report.txt");
    expect((await run([SAMPLE, "--output", output], { FORCE_COLOR: "1" })).stdout).toBe("");
    expect(fs.readFileSync(output, "utf8")).not.toContain("\u001b[");
  });

  it("html: a well-formed, self-contained page with the chart and the table of misses", async () => {
    const output = path.join(dir, "report.html");
    const { status, stdout } = await run([SAMPLE, "--format", "html", "--output", output]);
    expect([status, stdout]).toEqual([1, ""]);
    const html = fs.readFileSync(output, "utf8");
    expect(wellFormednessProblems(html)).toEqual([]);
    // Nothing to fetch: no scripts, links or images, only inline CSS and SVG.
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|\bhref=|url\(/);
    expect(html.match(/<g><title>/g)).toHaveLength(6);
    expect(html).toContain("<title>line 9: 0 of ");
    const table = html.slice(html.indexOf('<table class="misses">'), html.indexOf("</table>", html.indexOf('<table class="misses">')));
    expect(table.match(/<tr>/g)).toHaveLength(2); // the header and the one miss
    expect(table).toContain("<td>system_changed</td><td><code>messages[0]</code></td>");
    expect(html).toContain('<table class="errors">');
  });

  it("html: escapes prompt text and buckets long logs into at most 400 bars", async () => {
    const base = shape("sentiment");
    const lines = Array.from({ length: 1000 }, (_, turn) => {
      const request = structuredClone(base);
      // One conversation whose system prompt changes every time: every excerpt holds the markup.
      request.headers["x-grok-conv-id"] = "conv-1";
      request.request.messages[0].content = `<script>alert("${turn}")</script> & ${request.request.messages[0].content}`;
      return recorded(request);
    });
    const { status, stdout } = await run([writeLog(lines), "--format", "html"]);
    expect(status).toBe(0);
    expect(wellFormednessProblems(stdout)).toEqual([]);
    expect(stdout).not.toContain("<script>");
    expect(stdout).toContain("&#60;script&#62;alert(&#34;1&#34;)");
    const bars = stdout.match(/<g><title>/g)!.length;
    expect(bars).toBeGreaterThan(200);
    expect(bars).toBeLessThanOrEqual(400);
    expect(stdout).toContain("<title>lines 1–4 (4 requests)");
    expect(stdout.match(/<td>system_changed<\/td>/g)).toHaveLength(2 + 999); // the two summary tables and each miss
  });

  it("well-formedness check catches broken markup", () => {
    expect(wellFormednessProblems("<!DOCTYPE html>\n<p>a & b<br></p>")).toEqual(['unescaped "&" at 5', "</p> closes <br> at 12", "unclosed: p"]);
  });
});

describe("reading", () => {
  it("reads CRLF line endings and a last line without a newline, with the right line numbers", async () => {
    const file = path.join(dir, "crlf.jsonl");
    fs.writeFileSync(file, [recorded(shape("planner")), "oops", recorded(shape("triage"))].join("\r\n"));
    const { status, stdout } = await run([file, "--format", "json"]);
    const report = JSON.parse(stdout) as LogReport;
    expect(status).toBe(1);
    expect(report.requests.map((request) => request.line)).toEqual([1, 3]);
    expect(report.errors.map((error) => error.line)).toEqual([2]);
  });
});

describe("exit codes", () => {
  it("0 when every line is read", async () => {
    const { status, stderr } = await run([writeLog([recorded(shape("planner"))])]);
    expect([status, stderr]).toEqual([0, ""]);
  });

  it("2 when the analyzer fails on a line, which is listed, and the others are analyzed", async () => {
    const add = LogAnalyzer.prototype.add;
    vi.spyOn(LogAnalyzer.prototype, "add").mockImplementation(function (this: LogAnalyzer, text: string, line: number) {
      if (line === 2) throw new TypeError("boom");
      return add.call(this, text, line);
    });
    const lines = [recorded(shape("planner")), recorded(shape("triage")), recorded(shape("sentiment"))];
    const { status, stdout } = await run([writeLog(lines), "--format", "json"]);
    expect(status).toBe(2);
    const report = JSON.parse(stdout) as LogReport;
    expect(report.requests.map((request) => request.line)).toEqual([1, 3]);
    expect(report.errors).toEqual([{ line: 2, message: "Internal error (a bug in prompt-cache, please report it): boom" }]);
  });

  it("keeps the first 1,000 errors and counts them all", async () => {
    const { stdout } = await run([writeLog(Array.from({ length: 1005 }, () => "{")), "--format", "json"]);
    const report = JSON.parse(stdout) as LogReport;
    expect(report.errors).toHaveLength(1000);
    expect(report.summary.unreadableLines).toBe(1005);
  });
});
