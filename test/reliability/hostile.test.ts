import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Linter } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin from "../../index.js";
import { analyzeText, ParseError, type AnalyzeTextOptions } from "../../src/analyze-text.js";
import { checks, type CheckName } from "../../src/checks/index.js";
import { parseFile } from "../../src/parse.js";
import { fileSystemHost, Project } from "../../src/project/project.js";
import type { CallSiteReport } from "../../src/report/types.js";
import { hugeTemplateText, minifiedBundle, NESTING, request, STATEMENT_NESTING, VALUE_BOMBS } from "./hostile-inputs.js";
import { referenceTokens } from "./prompt-program.js";

/*
 * Hostile and broken input through the engine, in-process: every case ends with a report or a
 * ParseError (a clear, per-file error with a position), never another exception, and within a
 * CPU-time bound. Big inputs are generated here, not committed. The CLI's side (files on disk,
 * symlinks, encodings, config) is in cli-hostile.test.ts.
 */

const ALL_RULES = Object.fromEntries(Object.keys(checks).map((name) => [name, "warning"])) as Record<CheckName, "warning">;

/** CPU time, not wall time: the bound must hold on a busy CI machine, and a hang still breaks it. */
function cpuMs<T>(run: () => T): { result: T; ms: number } {
  const start = process.cpuUsage();
  const result = run();
  const { user, system } = process.cpuUsage(start);
  return { result, ms: (user + system) / 1000 };
}

type Outcome = { reports: CallSiteReport[] } | { parseError: ParseError };

/** Runs every check; anything but a ParseError propagates and fails the test. */
function outcome(text: string, file = "hostile.ts", options: AnalyzeTextOptions = {}): Outcome {
  try {
    return { reports: analyzeText(text, file, { rules: ALL_RULES, ...options }) };
  } catch (error) {
    if (error instanceof ParseError) return { parseError: error };
    throw error;
  }
}

function reports(text: string, file = "hostile.ts", options: AnalyzeTextOptions = {}): CallSiteReport[] {
  const result = outcome(text, file, options);
  if ("parseError" in result) throw new Error(`unexpected parse error: ${result.parseError.message}`);
  return result.reports;
}

function ruleIds(found: CallSiteReport[]): string[] {
  return found.flatMap((site) => site.findings.map((finding) => finding.ruleId));
}

beforeAll(() => {
  // Load the tokenizer once, so that no case's time bound pays for it.
  reports(request('"warm up"'));
});

describe("syntax errors", () => {
  it.each([
    ["a missing expression", 'const messages = [{ role: "system", content: ; }];', 1, 46, "Expression expected."],
    ["a missing comma after a CRLF", "// role:\nconst x = {\n  a: 1,\n  b: 2\r\n  c\n};", 5, 3, "',' expected."],
    ["a stray token after a BOM", "\ufeff// role:\nlet = 5 5;", 2, 9, "';' expected."],
    ["an unterminated template after tabs", "// role:\n\tconst\ta = `unterminated ${x", 2, 29, "'}' expected."],
    ["an unclosed parameter list", "// role:\nfunction f( {", 2, 14, "'}' expected."],
  ])("reports %s as a ParseError with its line and column", (_, text, line, column, message) => {
    const result = outcome(text);
    expect(result).toHaveProperty("parseError");
    const error = (result as { parseError: ParseError }).parseError;
    expect({ line: error.line, column: error.column, message: error.message }).toEqual({ line, column, message });
  });

  it("reads the next file normally after a parse error", () => {
    expect(outcome("// role:\nconst = ;")).toHaveProperty("parseError");
    expect(ruleIds(reports(request("`Now: ${Date.now()}. Rules follow.`")))).toContain("prompt-cache/no-volatile-prefix");
  });
});

describe("deep nesting", () => {
  const kinds = Object.entries(NESTING);

  it.each(kinds)("20,000 levels of %s: a ParseError that says so, not a stack overflow", (_, build) => {
    const { result, ms } = cpuMs(() => outcome(request(build(20_000))));
    if ("parseError" in result) {
      expect(result.parseError.message).toMatch(/nested too deeply to parse|expected|Expression/);
    }
    expect(ms).toBeLessThan(10_000);
  });

  it.each(Object.entries(STATEMENT_NESTING))("20,000 levels of %s: a ParseError, not a stack overflow", (_, build) => {
    const result = outcome(build(20_000));
    expect(result).toHaveProperty("parseError");
    expect((result as { parseError: ParseError }).parseError.message).toMatch(/nested too deeply to parse/);
  });

  it.each(kinds)("%s as deep as the parser accepts: the engine's own walks and evaluation do not overflow", (_, build) => {
    // The deepest nesting the parser (and scope analysis) accepts here, found by bisection.
    const parses = (depth: number) => {
      try {
        parseFile(request(build(depth)), "deep.ts");
        return true;
      } catch {
        return false;
      }
    };
    let low = 1;
    let high = 5_000; // parsers give up between a few hundred and a few thousand levels
    if (parses(high)) low = high;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (parses(middle)) low = middle;
      else high = middle;
    }
    // A little less than the limit: the engine runs a few frames deeper than the bisection did.
    const { result, ms } = cpuMs(() => outcome(request(build(Math.floor(low * 0.95)))));
    expect(result).toHaveProperty("reports");
    expect(ms).toBeLessThan(10_000);
  });
});

describe("values that grow exponentially, cycles and self-reference", () => {
  it.each(Object.entries(VALUE_BOMBS))("%s: cut off within the time bound", (_, code) => {
    const { result, ms } = cpuMs(() => outcome(code));
    expect(result).toHaveProperty("reports");
    expect(ms).toBeLessThan(5_000);
  });

  it.each([
    ["const a = b; const b = a;", "a"],
    ["const a = b + 'x'; const b = a + 'y';", "`${a}${b}`"],
    ["let a = b; let b = a;", "a"],
    ["function f(x) { return f(x) + 'a'; }", "f(1)"],
    ["function f(x) { return g(x) + 'a'; } function g(x) { return f(x) + 'b'; }", "f(1)"],
    ["const o = { a: o.a, b: o };", "o.a + o.b.b.a"],
    ["const list = [list, ...list];", "list.join('')"],
    ["class P { text() { return this.text(); } }", "new P().text()"],
    ["const f = () => f();", "f()"],
  ])("%s: the value is unknown, not an infinite loop", (prelude, content) => {
    const found = reports(request(content, prelude));
    expect(found).toHaveLength(1);
    // Nothing in it is known to change, so nothing is reported.
    expect(ruleIds(found).filter((id) => /volatile|static-before/.test(id))).toEqual([]);
  });

  it("follows imports that form cycles and modules that import themselves", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "prompt-cache-cycle-"));
    try {
      const files: Record<string, string> = {
        "a.ts": `import { B } from "./b.js";\nimport * as self from "./a.js";\nexport const A = B + "a";\nexport * from "./a.js";\nexport * from "./b.js";\n${request("A + self.A + self.B")}`,
        "b.ts": `import { A } from "./a.js";\nexport const B = A + "b";\nexport { B as C } from "./b.js";\nexport { A as D } from "./a.js";\nexport default B;\n`,
        "c.ts": `import D, { C, D as E } from "./b.js";\nimport { A } from "./index.js";\n${request("D + C + E + A")}`,
        "index.ts": `export * from "./index.js";\nexport { A } from "./index.js";\n`,
        "tsconfig.json": `{ "extends": "./tsconfig.json", "compilerOptions": { "paths": { "@/*": ["./*"] } } }`,
      };
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
      const project = new Project(fileSystemHost(root));
      for (const name of ["a.ts", "c.ts"]) {
        const { result, ms } = cpuMs(() => reports(fs.readFileSync(path.join(root, name), "utf8"), name, { project }));
        expect(result).toHaveLength(1);
        expect(ms).toBeLessThan(5_000);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("large inputs", () => {
  it("a 1 MB template literal: analyzed, and its prefix estimate is js-tiktoken's count", () => {
    const text = hugeTemplateText(1024 * 1024);
    const { result, ms } = cpuMs(() => reports(request(`\`${text}\``)));
    // One system message: 3 tokens of framing, the role, the text; then the user's question.
    expect(result[0]?.prefix.cacheableTokens).toBe(3 + referenceTokens("system") + referenceTokens(text));
    expect(ms).toBeLessThan(20_000);
  });

  it("a 300 KB minified bundle: every request in it is found, with its findings (10 MB: see RELIABILITY_FULL and the CLI tests)", () => {
    const bundle = minifiedBundle(300 * 1024);
    const requests = bundle.match(/chat\.completions\.create/g)!.length;
    const { result, ms } = cpuMs(() => reports(bundle, "bundle.min.js"));
    expect(result).toHaveLength(requests);
    expect(ruleIds(result).filter((id) => id === "prompt-cache/no-volatile-prefix")).toHaveLength(requests);
    // The position of the last request is on the one line of the bundle.
    expect(result.at(-1)).toMatchObject({ line: 1, column: bundle.lastIndexOf("client.chat.completions.create") + 1 });
    expect(ms).toBeLessThan(30_000);
  });

  it.runIf(process.env.RELIABILITY_FULL)("a 10 MB minified bundle (RELIABILITY_FULL=1)", () => {
    const bundle = minifiedBundle(10 * 1024 * 1024);
    expect(reports(bundle, "bundle.min.js").length).toBeGreaterThan(100);
  });
});

describe("odd text", () => {
  const code = request("`Now: ${new Date().toISOString()}. Answer briefly and cite sources.`");

  it.each([
    ["an empty file", ""],
    ["only a BOM", "\ufeff"],
    ["only white space", " \n\r\n\t\u2028\u2029 "],
    ["a shebang", `#!/usr/bin/env node\n${code}`],
    ["invalid UTF-8 read as replacement characters", Buffer.from([0x2f, 0x2f, 0x20, 0x72, 0x6f, 0x6c, 0x65, 0x3a, 0x0a, 0xff, 0xfe, 0xc3, 0x28, 0x0a]).toString("utf8")],
    ["binary data", Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 256)).toString("utf8") + " role:"],
    ["NUL characters", `// role:\u0000\nconst a = "\u0000";\u0000`],
    ["lone surrogates in strings", request('"\\ud800 text \\udfff"')],
    ["a very long line", `// role: ${"x".repeat(2_000_000)}\n`],
    ["HTML comments in a script", `<!-- role:\nvar a = 1; --> comment\n`],
  ])("%s: a report or a ParseError, nothing else", (_, text) => {
    for (const file of ["odd.ts", "odd.js", "odd.cjs"]) {
      const { ms } = cpuMs(() => outcome(text, file));
      expect(ms).toBeLessThan(10_000);
    }
  });

  it("a BOM changes no position, CRLF line ends and tabs neither", () => {
    const plain = reports(code);
    expect(ruleIds(plain)).toContain("prompt-cache/no-volatile-prefix");
    expect(reports(`\ufeff${code}`)).toEqual(plain);
    const crlf = reports(code.replace(/\n/g, "\r\n"));
    expect(crlf.map((site) => site.findings.map(({ line, column }) => ({ line, column })))).toEqual(plain.map((site) => site.findings.map(({ line, column }) => ({ line, column }))));
  });

  it("names that are also Object.prototype's (constructor, __proto__, toString) are plain names", () => {
    const text = `import OpenAI from "openai";
import constructor from "constructor";
import { __proto__ as proto, toString } from "./valueOf.js";
const client = new OpenAI();
const hasOwnProperty = { role: "system", content: "x" };
const o = { __proto__: { role: "x" }, constructor: 1, toString() { return "t"; } };
export function ask(question) {
  constructor.chat.completions.create({ model: "constructor", messages: [{ role: "constructor", content: proto }] });
  o.toString.complete({ messages: [] });
  o.constructor.create({ messages: [{ role: "__proto__", content: toString }] });
  new constructor.toString({ systemPrompt: o.__proto__.role });
  client.constructor.valueOf.create({ model: "gpt-4o", messages: [hasOwnProperty] });
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: JSON.stringify({ "__proto__": { a: 1 }, constructor: { prototype: 1 } }) }, { role: "toString", content: question }] });
}
`;
    expect(reports(text).length).toBeGreaterThan(0);
  });
});

describe("invalid options and settings", () => {
  it("the engine API ignores option values of the wrong type instead of throwing", () => {
    const code = request("`Now: ${Date.now()}. Rules follow here.`");
    const options = { ruleOptions: { "static-before-dynamic": { minStaticTokens: "many" }, "min-cacheable-prefix": null, "no-volatile-prefix": [] } } as unknown as AnalyzeTextOptions;
    expect(() => reports(code, "options.ts", options)).not.toThrow();
  });

  const linter = new Linter({ configType: "flat" });
  const lint = (config: Linter.Config) => linter.verify(request("`Now: ${Date.now()}.`"), [{ files: ["**/*.js"] }, plugin.configs.all as unknown as Linter.Config, config], { filename: "app.js" });

  it("invalid rule options: ESLint rejects the config with a message that names the rule and what is wrong", () => {
    expect(() => lint({ rules: { "prompt-cache/static-before-dynamic": ["warn", { minStaticTokens: "many" }] } })).toThrow(/prompt-cache\/static-before-dynamic[\s\S]*"many" should be integer/);
    expect(() => lint({ rules: { "prompt-cache/static-before-dynamic": ["warn", { unknownOption: true }] } })).toThrow(/prompt-cache\/static-before-dynamic[\s\S]*additional properties/);
  });

  it.each([
    [{ volatileFunctions: "now" }, /volatileFunctions must be an array/],
    [{ defaultModel: 4 }, /defaultModel must be a non-empty string/],
    [{ models: { "gpt-*": { minimumTokens: -1 } } }, /minimumTokens must be a whole number/],
    [{ unknownKey: 1 }, /unknown key "unknownKey"/],
    ["not an object", /must be an object/],
  ])("invalid settings %j: an error that names the setting", (settings, message) => {
    expect(() => lint({ settings: { "prompt-cache": settings } })).toThrow(message);
  });
});

describe("a parse error or crash in one file does not affect the next", () => {
  let root = "";
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "prompt-cache-next-"));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("analyzes a valid file after a stack-overflowing one in the same process", () => {
    expect(outcome(request(NESTING.arrays!(20_000)))).toHaveProperty("parseError");
    expect(ruleIds(reports(request("`Now: ${Date.now()}. Rules follow.`")))).toContain("prompt-cache/no-volatile-prefix");
  });
});
