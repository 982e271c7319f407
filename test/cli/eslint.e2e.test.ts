import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportPath } from "../../src/cli/paths.js";
import { assertBuilt, childEnv, REPO_ROOT } from "./built.js";
import { makeTempTree, removeTempTree } from "./temp-tree.js";

// ESLint's own CLI on a temp project whose eslint.config.js imports the built plugin by its package
// name, as a user's project does (node_modules links to this repository and to typescript-eslint).
// Both supported majors run: ESLint 10 (the `eslint` dev dependency) and ESLint 9 (`eslint-v9`, an
// npm alias of eslint@9).
const ESLINT_BINS = [
  ["10", "node_modules/eslint/bin/eslint.js"],
  ["9", "node_modules/eslint-v9/bin/eslint.js"],
] as const;

const RULES = "You are the support assistant of Acme Cloud. Answer questions about billing, deployments and account settings, cite the help-center article for every answer, and escalate to a human when the customer mentions legal action.";

const chat = (typed: boolean, system: string) => `import OpenAI from "openai";

const client = new OpenAI();
const RULES = ${JSON.stringify(RULES)};

export async function answer(question${typed ? ": string" : ""}) {
  const completion = await client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: ${system} },
      { role: "user", content: question },
    ],
  });
  return completion.choices[0]${typed ? "?" : ""}.message.content;
}
`;

const VOLATILE = "`Now: ${new Date().toISOString()}\\n${RULES}`";

describe.each(ESLINT_BINS)("ESLint %s CLI with the plugin's flat config", (major, bin) => {
  const eslint = path.join(REPO_ROOT, bin);
  let project = "";
  beforeAll(() => {
    assertBuilt();
    project = makeTempTree({
      "eslint.config.js": `import promptCache from "eslint-plugin-prompt-cache";
import tseslint from "typescript-eslint";

export default [
  { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
  promptCache.configs.recommended,
  { rules: { "prompt-cache/no-volatile-prefix": "error" } },
];
`,
      "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
      "src/typed.ts": chat(true, VOLATILE),
      "src/plain.js": chat(false, VOLATILE),
      "src/clean.ts": chat(true, "RULES"),
    });
    fs.mkdirSync(path.join(project, "node_modules"));
    fs.symlinkSync(REPO_ROOT, path.join(project, "node_modules/eslint-plugin-prompt-cache"), "dir");
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules/typescript-eslint"), path.join(project, "node_modules/typescript-eslint"), "dir");
  });
  afterAll(() => removeTempTree(project));

  it("is the major version it claims", () => {
    const result = spawnSync(process.execPath, [eslint, "--version"], { cwd: project, env: childEnv(), encoding: "utf8" });
    expect(result.stdout.trim()).toMatch(new RegExp(`^v${major}\\.`));
  });

  it("reports the rule ids on TypeScript and plain JavaScript and exits 1 on an error", () => {
    const result = spawnSync(process.execPath, [eslint, "--format", "json", "src"], { cwd: project, env: childEnv(), encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    const results = JSON.parse(result.stdout) as ESLint.LintResult[];
    const byFile = Object.fromEntries(
      results.map(({ filePath, messages }) => [reportPath(filePath, project), messages.map(({ ruleId, severity, line }) => ({ ruleId, severity, line }))]),
    );
    const systemLine = chat(true, VOLATILE).split("\n").findIndex((line) => line.includes('role: "system"')) + 1;
    // The timestamp is volatile (set to "error" in the config) and sits before static text (a recommended warning).
    const expected = [
      { ruleId: "prompt-cache/no-volatile-prefix", severity: 2, line: systemLine },
      { ruleId: "prompt-cache/static-before-dynamic", severity: 1, line: systemLine },
    ];
    expect(byFile).toEqual({ "src/clean.ts": [], "src/plain.js": expected, "src/typed.ts": expected });
  });
});
