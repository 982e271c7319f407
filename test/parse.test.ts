import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseWithTypeScript, type TSESTree } from "@typescript-eslint/typescript-estree";
import { describe, expect, it } from "vitest";
import { walk } from "../src/ast/walk.js";
import { nestingMayExceed } from "../src/nesting.js";
import { parseFile } from "../src/parse.js";
import { NESTING, request, STATEMENT_NESTING } from "./reliability/hostile-inputs.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Every source file of the fixtures (JS, JSX, TS, TSX, .mts...), the syntax error excepted. */
function fixtureSources(): string[] {
  const found: string[] = [];
  const visit = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") visit(full);
      else if (entry.isFile() && /\.[cm]?[jt]sx?$/.test(entry.name) && !full.includes("syntax-error")) found.push(full);
    }
  };
  visit(path.join(ROOT, "fixtures"));
  return found.sort();
}

/**
 * A tree as plain data: no parent links, no oxc-only `start`/`end` offsets, an absent property the
 * same as `null`, no `computed: false` on enum members (oxc adds it), and a template's raw CRLF as
 * LF (oxc follows the spec there; the evaluator reads both so). The engine reads none of these.
 */
function plain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plain);
  if (node === null || typeof node !== "object") return node;
  if ("raw" in node && "cooked" in node) return { ...node, raw: String(node.raw).replace(/\r\n?/g, "\n") };
  const oxcOnly = (key: string, value: unknown) => key === "hashbang" || ((key === "start" || key === "end") && typeof value === "number") || ("type" in node && node.type === "TSEnumMember" && key === "computed");
  const entries = Object.entries(node).filter(([key, value]) => key !== "parent" && !oxcOnly(key, value) && value != null);
  return Object.fromEntries(entries.map(([key, value]) => [key, plain(value)]));
}

describe("parseFile (oxc-parser, with typescript-estree behind it)", () => {
  const sources = fixtureSources();
  /** Which parser built a tree: oxc's nodes carry `start` and `end` offsets, typescript-estree's do not. */
  const viaOxc = (program: TSESTree.Program) => "start" in program;

  it("gives the tree typescript-estree gives, with the same ranges and lines and columns, on every fixture", () => {
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.some((file) => file.endsWith(".js"))).toBe(true);
    let oxcParsed = 0;
    for (const file of sources) {
      const text = fs.readFileSync(file, "utf8").replace(/^\ufeff/, "");
      const expected = parseWithTypeScript(text, { filePath: file, jsx: /\.[cm]?jsx?$/.test(file), loc: true, range: true });
      const { program } = parseFile(text, file);
      if (viaOxc(program)) oxcParsed++;
      expect(plain(program), path.relative(ROOT, file)).toEqual(plain(expected));
    }
    // The comparison is oxc's against typescript-estree's, not typescript-estree's against itself.
    expect(oxcParsed).toBeGreaterThan(50);
  });

  it.each([
    ["Chat.tsx", 'export function Chat({ reply }: { reply: string }) {\n  return <section className="chat">{reply}<Input<string> value="a" /></section>;\n}\n'],
    ["Chat.jsx", "export const Chat = ({ reply }) => <>\n  <p>{reply}</p>\n</>;\n"],
    ["chat.js", "export const view = (text) => <pre>{text}</pre>;\n"],
    ["roles.ts", "// Roles, after a comment (the Program still starts at 0).\nexport enum Role { System = \"system\", User = \"user\" }\n"],
  ])("reads %s (JSX, an enum after a comment) as typescript-estree does", (file, text) => {
    const expected = parseWithTypeScript(text, { filePath: file, jsx: /\.[cm]?jsx?$/.test(file), loc: true, range: true });
    const { program } = parseFile(text, file);
    expect(viaOxc(program)).toBe(true);
    expect(plain(program)).toEqual(plain(expected));
  });

  it("counts lines after CRLF, CR, U+2028 and astral characters as typescript-estree does", () => {
    const text = 'const a = "😀";\r\nconst b = 1;\rconst c = 2;\u2028const d = `x\r\ny`;\nconst e = 3;\n';
    const expected = parseWithTypeScript(text, { filePath: "lines.ts", loc: true, range: true });
    const { program } = parseFile(text, "lines.ts");
    expect(viaOxc(program)).toBe(true);
    expect(plain(program)).toEqual(plain(expected));
  });

  it("takes what oxc rejects but TypeScript accepts (type annotations in a .js file)", () => {
    const { program } = parseFile("const limit: number = 3;\nexport default limit;\n", "config.js");
    expect(viaOxc(program)).toBe(false);
    expect(program.body).toHaveLength(2);
    expect(program.body[0]!.loc.start).toEqual({ line: 1, column: 0 });
  });

  it.each([
    ["oxc", "client.ts", "const client = new OpenAI();\nexport const ask = (q: string) => client.chat.completions.create({ messages: [{ role: 'user', content: q }] });\n"],
    ["typescript-estree", "client.js", "const limit: number = 3;\nexport const ask = (q) => client.chat.completions.create({ messages: [{ role: 'user', content: q }] });\n"],
  ])("hands every node to the visitor once, in source order, with its parent and loc set (%s)", (parser, file, text) => {
    const seen: TSESTree.Node[] = [];
    const { program } = parseFile(text, file, (node) => seen.push(node));
    expect(viaOxc(program)).toBe(parser === "oxc");
    const all: TSESTree.Node[] = [];
    walk(program, (node) => all.push(node));
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(1).every((node) => node.parent !== undefined && node.loc.start.line >= 1)).toBe(true);
    expect(seen.map((node) => node.range[0])).toEqual(seen.map((node) => node.range[0]).toSorted((a, b) => a - b));
  });

  it("analyzes scopes only when they are first read (scope-manager is not even loaded before)", () => {
    const script = `import { createRequire } from "node:module";
      import { parseFile } from "./src/parse.ts";
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes("@typescript-eslint/scope-manager"));
      const { scopeManager } = parseFile("const client = 1;\\n", "a.ts");
      const before = loaded();
      const count = scopeManager.scopes.length;
      console.log(JSON.stringify({ before, after: loaded(), count }));`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ before: false, after: true, count: 2 });
  });

  it("analyzes scopes as on typescript-estree's tree: the same variables and references in each scope", async () => {
    const { analyze } = await import("@typescript-eslint/scope-manager");
    const text = "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport function f(q: string) { let s = q; s += client.baseURL; return [s].map((x) => x + q); }\n";
    const shape = (scopes: readonly { type: string; variables: readonly { name: string }[]; references: readonly { identifier: TSESTree.Node }[] }[]) =>
      scopes.map((scope) => ({ type: scope.type, variables: scope.variables.map((variable) => variable.name), references: scope.references.map((reference) => reference.identifier.range) }));
    const expected = analyze(parseWithTypeScript(text, { filePath: "f.ts", loc: true, range: true }), { sourceType: "module" });
    const parsed = parseFile(text, "f.ts");
    expect(viaOxc(parsed.program)).toBe(true);
    expect(shape(parsed.scopeManager.scopes)).toEqual(shape(expected.scopes));
  });
});

describe("nesting guard (oxc-parser overflows its native stack without one)", () => {
  const LIMIT = 1000;
  const deep: Record<string, (depth: number) => string> = {
    ...Object.fromEntries(Object.entries(NESTING).map(([name, build]) => [name, (depth: number) => request(build(depth))])),
    ...STATEMENT_NESTING,
    "else if": (depth) => Array.from({ length: depth }, (_, index) => `if (a${index}) {\n}`).join("\nelse "),
    "ternaries over lines": (depth) => `const x =\n${Array.from({ length: depth }, (_, index) => `  a${index}\n  ? ${index}\n  :`).join("\n")} 0;`,
    "typeof on each line": (depth) => `const x = ${"typeof\n".repeat(depth)}a;`,
    assignments: (depth) => `${Array.from({ length: depth }, (_, index) => `a${index} =`).join("\n")} 0;`,
    "generic types": (depth) => `type T = ${"A<".repeat(depth)}B${">".repeat(depth)};`,
    "unary operators": (depth) => `const x = ${"!".repeat(depth)}a;`,
    "calls of calls": (depth) => `f${"()".repeat(depth)};`,
    "JSX elements": (depth) => `const x = ${"<div>".repeat(depth)}${"</div>".repeat(depth)};`,
    "brackets after strings, comments and a regex that close many": (depth) =>
      `const s = '))))]]]]}}}}';\n// )))))\nconst r = /\\)\\)[)]]/g;\nconst x = ${"(".repeat(depth)}1${")".repeat(depth)};`,
  };

  it.each(Object.entries(deep))("%s: over the limit well before oxc's crash depth (2,500 levels or more in a worker)", (_, build) => {
    // The estimate is an upper bound: it passes the limit at 1,001 levels at the latest.
    expect(nestingMayExceed(build(LIMIT + 1), LIMIT)).toBe(true);
  });

  it("leaves every fixture, and long ordinary code, to oxc", () => {
    for (const file of fixtureSources()) expect(nestingMayExceed(fs.readFileSync(file, "utf8"), LIMIT), file).toBe(false);
    const statements = Array.from({ length: 5000 }, (_, index) => `const v${index} = a${index} ? b + c.d(e, !f) : g => g * 2\n`).join("");
    expect(nestingMayExceed(statements, LIMIT)).toBe(false);
  });

  it("a file nested 20,000 levels deep ends as a ParseError in a child process, not as a crash (SIGSEGV)", () => {
    const script = `import { parseFile } from "./src/parse.ts"; try { parseFile(${JSON.stringify(`const x = ${"(".repeat(20_000)}1${")".repeat(20_000)};`)}, "deep.ts"); } catch (error) { console.log(error.name); }`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(result.signal).toBeNull();
    expect(result.stdout.trim()).toBe("ParseError");
  });
});

describe("parseFile without oxc-parser's native binding", () => {
  it("parses with typescript-estree, the same tree, when oxc-parser cannot load (a platform without a binding)", () => {
    // `require("oxc-parser")` throws, as it does when no binding matches the platform.
    const hook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prompt-cache-no-oxc-")), "no-oxc.cjs");
    fs.writeFileSync(hook, `const Module = require("node:module");\nconst load = Module._load;\nModule._load = function (request, ...rest) {\n  if (request === "oxc-parser") throw new Error("Cannot find native binding");\n  return load.call(this, request, ...rest);\n};\n`);
    const script = `import { parseFile } from "./src/parse.ts";
      const { program, scopeManager } = parseFile("const limit = 3;\\nexport default limit;\\n", "a.ts");
      console.log(JSON.stringify({ body: program.body.length, start: program.body[1].loc.start, scopes: scopeManager.scopes.length > 0, oxcOffsets: "start" in program }));`;
    const result = spawnSync(process.execPath, ["--require", hook, "--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    fs.rmSync(path.dirname(hook), { recursive: true, force: true });
    expect(result.stderr).toBe("");
    // oxc's nodes carry `start` and `end` offsets; typescript-estree's do not.
    expect(JSON.parse(result.stdout)).toEqual({ body: 2, start: { line: 2, column: 0 }, scopes: true, oxcOffsets: false });
  });
});
