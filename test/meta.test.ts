import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { JSONSchema } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";
import plugin, { rules } from "../index.js";
import { REPO_URL } from "../rules/utils/create-rule.js";
import { checks } from "../src/checks/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SECTIONS = ["Why", "Examples", "Options", "When Not To Use It"];

const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string };

describe("plugin meta", () => {
  it("matches package.json", () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: "prompt-cache" });
  });
});

describe("rule index", () => {
  it("lists every rule file of rules/", () => {
    const files = readdirSync(path.join(ROOT, "rules"), { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && entry.name !== "index.ts")
      .map((entry) => entry.name.slice(0, -".ts".length));
    expect(Object.keys(rules).sort()).toEqual(files.sort());
  });
});

describe.each(Object.entries(rules))("%s", (id, rule) => {
  const { meta } = rule;
  const schemas = Array.isArray(meta.schema) ? meta.schema : [meta.schema];
  const docPath = path.join(ROOT, "docs/rules", `${id}.md`);
  const doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "";

  it("has the name, file, test and doc of its id", () => {
    expect(rule.name).toBe(id);
    expect(existsSync(path.join(ROOT, "rules", `${id}.ts`))).toBe(true);
    expect(existsSync(path.join(ROOT, "test/rules", `${id}.test.ts`))).toBe(true);
    expect(existsSync(docPath)).toBe(true);
  });

  it("takes its description and options schema from its engine check", () => {
    const check = checks[id as keyof typeof checks];
    expect(check.name).toBe(id);
    expect(meta.docs?.description).toBe(check.description);
    // Rules without options write `schema: []` themselves: eslint-plugin/require-meta-default-options
    // reads it statically to tell "no options" from "options without defaults".
    expect(meta.schema).toEqual(check.schema);
    expect(meta.defaultOptions ?? []).toEqual(check.schema.length === 0 ? [] : [check.defaultOptions]);
  });

  it("links to its doc", () => {
    expect(meta.docs?.url).toBe(`${REPO_URL}/blob/main/docs/rules/${id}.md`);
  });

  it("has a description that starts with Enforce, Require or Disallow, without a period", () => {
    expect(meta.docs?.description).toMatch(/^(Enforce|Require|Disallow) .*[^.]$/);
  });

  it("has camelCase message ids and messages that end with a period", () => {
    for (const [messageId, message] of Object.entries(meta.messages)) {
      expect(messageId).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(message, messageId).toMatch(/\.$/);
    }
  });

  it("has suggestions exactly when its check has suggestion messages (ids starting with suggest)", () => {
    const suggestionIds = Object.keys(meta.messages).filter((messageId) => messageId.startsWith("suggest"));
    expect(meta.hasSuggestions === true).toBe(suggestionIds.length > 0);
    expect(meta.fixable).toBeUndefined();
  });

  it("describes every option and rejects unknown ones", () => {
    for (const schema of schemas) assertDescribed(schema, id);
    expect(meta.defaultOptions ?? []).toHaveLength(schemas.length);
  });

  it("has the generated header and the doc sections", () => {
    expect(doc).toMatch(
      new RegExp(`^<!-- begin auto-generated rule header -->\\n# prompt-cache/${id}\\n[^]*?<!-- end auto-generated rule header -->\\n`),
    );
    const headings = [...doc.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(headings.filter((heading) => heading !== undefined && SECTIONS.includes(heading))).toEqual(SECTIONS);
  });

  it("shows incorrect and correct code in Examples", () => {
    const examples = section(doc, "Examples");
    expect(examples).toMatch(/^### ❌ Incorrect\n+```(ts|js)\n/m);
    expect(examples).toMatch(/^### ✅ Correct\n+```(ts|js)\n/m);
  });

  it("documents each option under Options", () => {
    const options = section(doc, "Options");
    for (const schema of schemas) {
      if (!("properties" in schema)) continue;
      for (const option of Object.keys(schema.properties ?? {})) expect(options).toContain(`\`${option}\``);
    }
  });
});

/** Every object schema closes its properties and every property has a description. */
function assertDescribed(schema: JSONSchema.JSONSchema4, where: string): void {
  if ("properties" in schema) {
    expect(schema.additionalProperties, `${where}: additionalProperties`).toBe(false);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      expect(property.description, `${where}.${name}: description`).toEqual(expect.any(String));
      assertDescribed(property, `${where}.${name}`);
    }
  }
  if ("items" in schema && schema.items !== undefined && !Array.isArray(schema.items)) {
    assertDescribed(schema.items, `${where}[]`);
  }
}

/** The text of a `## heading` section, up to the next `## ` heading. */
function section(doc: string, heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start === -1) return "";
  const end = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}
