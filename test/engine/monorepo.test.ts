import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeText } from "../../src/analyze-text.js";
import { fileSystemHost, Project } from "../../src/project/project.js";

/*
 * Issue 9's shapes in a monorepo (fixtures/monorepo): the system prompt is built in one package
 * (`@acme/prompts`, imported by its package name through the workspaces), handed to an in-house
 * agent class in another, and the time comes from a third module or a placeholder table.
 */
const root = join(import.meta.dirname, "../../fixtures/monorepo");
const file = "packages/support-bot/src/bots.ts";

describe("prompts handed to an in-house agent across packages", () => {
  const sites = analyzeText(readFileSync(join(root, file), "utf8"), file, { project: new Project(fileSystemHost(root)) });

  it("finds each system prompt passed to the agent class", () => {
    expect(sites.map((site) => [site.api, site.line, site.segments.map((segment) => segment.kind)])).toEqual([
      ["prompt", 7, ["system"]],
      ["prompt", 10, ["system"]],
      ["prompt", 13, ["system"]],
    ]);
  });

  it("reports the time of day built in another package, with the chain of files", () => {
    const [support] = sites;
    expect(support!.findings.map((finding) => [finding.ruleId, finding.line, finding.column])).toEqual([
      ["prompt-cache/no-volatile-prefix", 7, 72],
      ["prompt-cache/static-before-dynamic", 7, 72],
    ]);
    expect(support!.prefix.firstDynamic?.reason).toContain("packages/prompts/src/clock.ts");
  });

  it("reports a placeholder filled with the time from the package's placeholder table", () => {
    // Under 20 static tokens follow the time, so static-before-dynamic stays quiet (its default threshold).
    expect(sites[1]!.findings.map((finding) => [finding.ruleId, finding.line, finding.column])).toEqual([["prompt-cache/no-volatile-prefix", 10, 78]]);
    expect(sites[1]!.segments[0]!.stability).toBe("volatile");
  });

  it("stays quiet on the fixed agent", () => {
    expect(sites[2]!.findings).toEqual([]);
    expect(sites[2]!.segments[0]!.stability).toBe("static");
  });
});

describe("a pnpm workspace (pnpm-workspace.yaml instead of package.json workspaces)", () => {
  it("follows the package imports the same way", () => {
    const copy = mkdtempSync(join(tmpdir(), "prompt-cache-pnpm-"));
    try {
      cpSync(join(root, "packages"), join(copy, "packages"), { recursive: true });
      writeFileSync(join(copy, "package.json"), JSON.stringify({ name: "acme-monorepo", private: true }));
      writeFileSync(join(copy, "pnpm-workspace.yaml"), 'packages:\n  - "packages/**"\n  - "!**/test/**"\ncatalog:\n  openai: ^6.0.0\n');
      const sites = analyzeText(readFileSync(join(copy, file), "utf8"), file, { project: new Project(fileSystemHost(copy)) });
      expect(sites[0]!.findings.map((finding) => [finding.ruleId, finding.line, finding.column])).toEqual([
        ["prompt-cache/no-volatile-prefix", 7, 72],
        ["prompt-cache/static-before-dynamic", 7, 72],
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
