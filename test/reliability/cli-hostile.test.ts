import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisReport } from "../../src/report/types.js";
import { minifiedBundle, NESTING, request } from "./hostile-inputs.js";

/*
 * The built CLI (`prompt-cache analyze <paths> --format json`) over a directory of hostile files,
 * generated here: each problem is reported against its file, the other files are analyzed, the
 * exit code says what happened, and the run ends.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = path.join(ROOT, "dist/src/cli/bin.js");
const isRoot = process.getuid?.() === 0;

function run(args: string[], cwd: string) {
  const env = { ...process.env };
  for (const name of ["FORCE_COLOR", "NO_COLOR", "DEBUG", "CI"]) delete env[name];
  const started = Date.now();
  const result = spawnSync(process.execPath, [BIN, "analyze", ...args, "--format", "json"], { cwd, env, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

function parse(stdout: string): AnalysisReport {
  return JSON.parse(stdout) as AnalysisReport;
}

const VOLATILE = request("`Now: ${new Date().toISOString()}. Answer briefly and cite your sources.`");

let root = "";
beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first.`);
  root = fs.mkdtempSync(path.join(os.tmpdir(), "prompt-cache-hostile-"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string | Buffer>): string {
  const directory = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), content);
  }
  return directory;
}

describe("prompt-cache analyze over hostile files", () => {
  let directory = "";
  let result: ReturnType<typeof run>;
  let report: AnalysisReport;
  beforeAll(() => {
    directory = tree("mixed", {
      "good.ts": VOLATILE,
      "bom.ts": `\ufeff${VOLATILE}`,
      "crlf.ts": VOLATILE.replace(/\n/g, "\r\n").replace(/^ {2}/gm, "\t"),
      "empty.ts": "",
      "broken.ts": "// role:\nconst messages = [{ role: 'system', content: }];\n",
      "deep.ts": request(NESTING.arrays!(20_000)),
      "binary.js": Buffer.concat([Buffer.from("// role: binary\n"), Buffer.from(Array.from({ length: 2048 }, (_, index) => (index * 7919 + 13) % 256))]),
      "latin1.ts": Buffer.concat([Buffer.from("// r\xf4le: caf\xe9\n", "latin1"), Buffer.from(VOLATILE)]),
      "big.min.js": minifiedBundle(10 * 1024 * 1024),
      "cycle/a.ts": `import { B } from "./b.js";\nexport const A = B + "a";\nexport * from "./a.js";\n${request("A")}`,
      "cycle/b.ts": `import { A } from "./a.js";\nexport const B = A + "b";\nexport { B as C } from "./b.js";\n`,
    });
    fs.symlinkSync(".", path.join(directory, "loop"));
    fs.symlinkSync("b-link.ts", path.join(directory, "a-link.ts"));
    fs.symlinkSync("a-link.ts", path.join(directory, "b-link.ts"));
    fs.symlinkSync("missing-target.ts", path.join(directory, "dangling.ts"));
    result = run(["."], directory);
    report = parse(result.stdout);
  });

  it("finishes, and exits 1 because some files could not be analyzed (not 2: no internal error)", () => {
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("could not be analyzed");
    expect(report.errors.filter((error) => /internal error/i.test(error.message))).toEqual([]);
  });

  it("names each file it could not parse, with the position where there is one", () => {
    const errors = Object.fromEntries(report.errors.map((error) => [error.file, error.message]));
    expect(errors["broken.ts"]).toMatch(/^Parse error at 2:\d+: Expression expected\.$/);
    expect(errors["deep.ts"]).toMatch(/nested too deeply to parse/);
    expect(errors["binary.js"]).toMatch(/^Parse error at \d+:\d+/);
    expect(Object.keys(errors).sort()).toEqual(["binary.js", "broken.ts", "deep.ts"]);
  });

  it("skips the 10 MB bundle with a message naming it", () => {
    expect(result.stderr).toContain("skipped files over 1 MB: big.min.js");
  });

  it("analyzes every other file once, symlink loops and dangling links included", () => {
    // good, bom, crlf, empty, latin1, cycle/a, cycle/b: the loop adds no second copy.
    expect(report.files).toBe(7);
    expect(report.callSites.map((site) => site.file).sort()).toEqual(["bom.ts", "crlf.ts", "cycle/a.ts", "good.ts", "latin1.ts"]);
  });

  it("reports the same positions with a BOM, with CRLF and tabs, and after a non-UTF-8 line", () => {
    const findings = (file: string) => report.callSites.find((site) => site.file === file)!.findings.map(({ ruleId, line, column }) => ({ ruleId, line, column }));
    const good = findings("good.ts");
    expect(good.map((finding) => finding.ruleId)).toContain("prompt-cache/no-volatile-prefix");
    expect(findings("bom.ts")).toEqual(good);
    // Tabs replace two spaces of indentation (one column less there): the same code is pointed at.
    const at = (file: string, eol: string, { line, column }: { line: number; column: number }) =>
      fs.readFileSync(path.join(directory, file), "utf8").split(eol)[line - 1]!.slice(column - 1, column + 19);
    const crlf = findings("crlf.ts");
    expect(crlf.map((finding) => finding.line)).toEqual(good.map((finding) => finding.line));
    expect(crlf.map((finding) => at("crlf.ts", "\r\n", finding))).toEqual(good.map((finding) => at("good.ts", "\n", finding)));
    expect(good.map((finding) => at("good.ts", "\n", finding))).toContain("new Date().toISOStri");
    expect(findings("latin1.ts")).toEqual(good.map((finding) => ({ ...finding, line: finding.line + 1 })));
  });
});

describe("prompt-cache analyze with bad arguments and configuration", () => {
  it("a missing path: exit 2, and the message names it", () => {
    const directory = tree("missing", { "good.ts": VOLATILE });
    const { status, stderr, stdout } = run(["good.ts", "no-such-file.ts"], directory);
    expect({ status, stdout }).toEqual({ status: 2, stdout: "" });
    expect(stderr).toContain("'no-such-file.ts'");
  });

  it.skipIf(process.platform === "win32")("a FIFO named as a prompt file does not block the run: its text is unknown", () => {
    const code = `import { readFileSync } from "node:fs";\nconst RULES = readFileSync(new URL("./rules.md", import.meta.url), "utf8");\n${request("RULES")}`;
    // The control: as a regular file, the prompt file is read and its text is the cacheable prefix.
    const directory = tree("fifo", { "app.ts": code, "rules.md": "You are the support assistant. Answer in English and cite the article you used." });
    const regular = parse(run(["."], directory).stdout).callSites;
    expect(regular.map((site) => site.prefix.cacheableTokens > 0)).toEqual([true]);
    fs.rmSync(path.join(directory, "rules.md"));
    spawnSync("mkfifo", [path.join(directory, "rules.md")]);
    expect(fs.statSync(path.join(directory, "rules.md")).isFIFO()).toBe(true);
    const { status, signal, stdout } = run(["."], directory);
    expect({ status, signal }).toEqual({ status: 0, signal: null });
    expect(parse(stdout).callSites.map((site) => [site.file, site.prefix.cacheableTokens])).toEqual([["app.ts", 0]]);
  });

  it.each([
    ["malformed JSON", "prompt-cache.config.json", "{ not json", /prompt-cache\.config\.json/],
    ["an unknown key", "prompt-cache.config.json", JSON.stringify({ noSuchKey: true }), /prompt-cache\.config\.json[\s\S]*noSuchKey/],
    ["an invalid rule option", "prompt-cache.config.json", JSON.stringify({ rules: { "prompt-cache/static-before-dynamic": ["warn", { minStaticTokens: "many" }] } }), /prompt-cache\.config\.json[\s\S]*static-before-dynamic/],
  ])("a config with %s: exit 2, and the message names the file and the problem", (_, name, content, message) => {
    const directory = tree(`config-${name.replace(/\W/g, "")}-${Math.random().toString(36).slice(2)}`, { [name]: content, "good.ts": VOLATILE });
    const { status, stderr } = run(["."], directory);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });

  // Root reads everything: as root, the CLI runs as `nobody` (runuser) to meet a permission error.
  const runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].find((file) => fs.existsSync(file));
  const unprivileged = (args: string[], cwd: string) => {
    if (!isRoot) return run(args, cwd);
    const result = spawnSync(runuser!, ["-u", "nobody", "--", process.execPath, BIN, "analyze", ...args, "--format", "json"], { cwd, encoding: "utf8", timeout: 120_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  // An unreadable file or directory is listed under `errors` while the rest is analyzed.
  it.skipIf(isRoot && !runuser).each([
    ["an unreadable file", "secret.ts"],
    ["an unreadable directory", "locked"],
  ])("%s is reported by name and the other files are still analyzed", (_, locked) => unreadable(locked));

  function unreadable(locked: string): void {
    const directory = tree(`unreadable-${locked}`, { "good.ts": VOLATILE, "secret.ts": VOLATILE, "locked/inner.ts": VOLATILE });
    for (let current = directory; current !== path.dirname(root); current = path.dirname(current)) fs.chmodSync(current, 0o755);
    fs.chmodSync(path.join(directory, locked), 0o000);
    try {
      const { status, stdout, stderr } = unprivileged(["."], directory);
      expect(stderr).not.toMatch(/internal error/);
      expect(status).toBe(1);
      const report = parse(stdout);
      expect(report.errors.map((error) => error.file).join(" ")).toContain(locked);
      expect(report.callSites.map((site) => site.file)).toContain("good.ts");
    } finally {
      fs.chmodSync(path.join(directory, locked), 0o755);
    }
  }
});
