import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeForced, collectCorpusFiles, DEFAULT_BOUND_MS, lintForced, sampleEvenly, type CorpusFile } from "../../scripts/corpus.js";
import { mightContainRequests } from "../../src/analysis.js";
import { fileSystemHost } from "../../src/project/project.js";
import { countTokens } from "../../src/tokens/count.js";

/*
 * `npm run corpus` on a sample: real JS and TS that no one here wrote (the project's own
 * node_modules), every file fully analyzed by every check and linted with `configs.all`. The
 * full run is the script; this keeps a spread of it in `npm test`. Files over 200 KB are left to
 * the script (parsing them takes seconds and proves nothing more about the plugin).
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SPREAD = Number(process.env.CORPUS_SAMPLE ?? 100);
const HINTED = Number(process.env.CORPUS_HINTED ?? 40);
const host = fileSystemHost(ROOT);

let sample: CorpusFile[] = [];

beforeAll(() => {
  const files = collectCorpusFiles([path.join(ROOT, "node_modules")]).filter((file) => file.bytes <= 200_000);
  // Spread over the whole tree, plus files the rules' own text test lets through (SDKs, where the
  // engine finds requests), which are where most of its code runs.
  const hinted = files.filter((file) => mightContainRequests(readFileSync(file.path, "utf8")));
  sample = [...new Set([...sampleEvenly(files, SPREAD), ...sampleEvenly(hinted, HINTED)])];
  for (const encoding of ["o200k_base", "cl100k_base"] as const) countTokens("warm up", encoding);
});

describe("a sample of the corpus", () => {
  it("has files to analyze", () => {
    expect(sample.length).toBeGreaterThan(20);
  });

  it("every file: no exception, positions inside the file, engine CPU time within the bound", () => {
    const problems: string[] = [];
    for (const file of sample) {
      const relative = path.relative(ROOT, file.path);
      const outcome = analyzeForced(readFileSync(file.path, "utf8"), relative);
      if (outcome.status === "crash") problems.push(`${relative}: ${outcome.message}`);
      if (outcome.badPositions.length > 0) problems.push(`${relative}: ${outcome.badPositions.join("; ")}`);
      if (outcome.engineMs > DEFAULT_BOUND_MS) problems.push(`${relative}: ${outcome.engineMs.toFixed(0)} ms of engine CPU time`);
    }
    expect(problems).toEqual([]);
  });

  it("ESLint with configs.all: no rule throws, and it reports what the engine finds, where it finds it", () => {
    const problems: string[] = [];
    for (const file of sample) {
      const relative = path.relative(ROOT, file.path);
      const text = readFileSync(file.path, "utf8");
      const lint = lintForced(text, relative);
      if (lint.pluginError) problems.push(`${relative}: ${lint.pluginError}`);
      if (lint.parseError) continue;
      // As ESLint without type information runs the engine: no imports followed, prompt files read.
      const engine = analyzeForced(text, relative, { files: { path: file.path, cwd: ROOT, readText: host.readText } });
      if (engine.status !== "ok") continue;
      const expected = engine.details.map((detail) => detail.split(" ").slice(0, 2).join(" ")).sort();
      expect.soft([...lint.positions].sort(), relative).toEqual(expected);
    }
    expect(problems).toEqual([]);
  });
});
