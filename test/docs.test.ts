import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin, { rules } from "../index.js";
import { generateDocs } from "../scripts/update-docs.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("generated docs", () => {
  it.each([...generateDocs()])("%s is up to date (npm run docs)", (file, expected) => {
    expect(readFileSync(path.join(ROOT, file), "utf8")).toBe(expected);
  });
});

interface Example {
  label: "incorrect" | "correct";
  code: string;
  line: number;
}

/** Code blocks of `## Examples`, labelled by the `### ❌ Incorrect` / `### ✅ Correct` heading above them. */
function examples(doc: string): Example[] {
  const found: Example[] = [];
  let label: Example["label"] | null = null;
  let inExamples = false;
  const lines = doc.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.startsWith("## ")) inExamples = line === "## Examples";
    else if (line.startsWith("### ")) label = line.includes("❌") ? "incorrect" : line.includes("✅") ? "correct" : null;
    else if (inExamples && label !== null && /^```(ts|js)$/.test(line)) {
      const end = lines.indexOf("```", i + 1);
      if (end === -1) throw new Error(`unclosed code block at line ${i + 1}`);
      found.push({ label, code: lines.slice(i + 1, end).join("\n"), line: i + 2 });
      i = end;
    }
  }
  return found;
}

// Each doc example is linted with its own rule alone; options come from `/* eslint ... */` comments.
describe.each(Object.keys(rules))("docs/rules/%s.md examples", (id) => {
  const doc = readFileSync(path.join(ROOT, "docs/rules", `${id}.md`), "utf8");
  const linter = new Linter();
  const config: Linter.Config[] = [
    { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
    { plugins: { "prompt-cache": plugin }, rules: { [`prompt-cache/${id}`]: "error" } },
  ];

  it.each(examples(doc).map((example) => [`${example.label} (line ${example.line})`, example] as const))(
    "%s",
    (_, example) => {
      const messages = linter.verify(example.code, config, "example.ts");
      expect(messages.filter((message) => message.fatal === true)).toEqual([]);
      const reported = messages.filter((message) => message.ruleId === `prompt-cache/${id}`);
      if (example.label === "incorrect") expect(reported).not.toEqual([]);
      else expect(reported).toEqual([]);
    },
  );
});
