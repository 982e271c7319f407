// One benchmark task in a fresh process, so that module caches and the heap start cold.
// Usage: node scripts/bench-task.mjs <task> <file-list.json>; prints { ms, maxRssMb, ... } as JSON.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [task, listFile] = process.argv.slice(2);
const files = listFile ? JSON.parse(readFileSync(listFile, "utf8")) : [];
const texts = files.map((file) => [file, readFileSync(file, "utf8")]);
const dist = new URL("../dist/", import.meta.url);

async function eslintLinter(withPlugin) {
  const { Linter } = await import("eslint");
  const parser = (await import("@typescript-eslint/parser")).default;
  const config = [{ files: ["**/*"], languageOptions: { parser, parserOptions: { sourceType: "module" } } }];
  if (withPlugin) config.push((await import(new URL("index.js", dist))).default.configs.all);
  const linter = new Linter({ configType: "flat" });
  return (file, text) => {
    const messages = linter.verify(text, config, { filename: file });
    const fatal = messages.find((message) => message.fatal);
    return fatal ? 0 : messages.length;
  };
}

const tasks = {
  "eslint-parser": () => eslintLinter(false),
  "eslint-plugin": () => eslintLinter(true),
  async parse() {
    const { parse } = await import("@typescript-eslint/typescript-estree");
    const { analyze } = await import("@typescript-eslint/scope-manager");
    return (file, text) => {
      try {
        analyze(parse(text, { filePath: file, loc: true, range: true, jsx: /\.[cm]?jsx?$/.test(file) }), { sourceType: "module" });
      } catch {
        // A file the parser rejects costs what it cost; the analyzer reports it as an error.
      }
      return 0;
    };
  },
  async analyze() {
    const { analyzeText } = await import(new URL("src/analyze-text.js", dist));
    return (file, text) => {
      try {
        return analyzeText(text, file).length;
      } catch {
        return 0;
      }
    };
  },
  async "import-plugin"() {
    const start = performance.now();
    const plugin = (await import(new URL("index.js", dist))).default;
    void plugin.configs.recommended;
    const { isEncoderLoaded } = await import(new URL("src/tokens/encoder.js", dist));
    return { importMs: performance.now() - start, ranksLoaded: isEncoderLoaded("o200k_base") };
  },
  async "first-count"() {
    const { countTokens } = await import(new URL("src/tokens/count.js", dist));
    const start = performance.now();
    countTokens("You are a helpful assistant.", "o200k_base");
    return { firstCountMs: performance.now() - start };
  },
  async editor() {
    const lint = await eslintLinter(true);
    const [file, text] = texts[0];
    lint(file, text);
    const before = process.memoryUsage().rss;
    for (let round = 0; round < 1000; round++) lint(file, text);
    globalThis.gc?.();
    return { rssGrowthMb: (process.memoryUsage().rss - before) / 1e6 };
  },
};

const made = await tasks[task]();
let result;
if (typeof made === "function") {
  const start = performance.now();
  let found = 0;
  for (const [file, text] of texts) found += made(file, text);
  result = { ms: performance.now() - start, found };
} else {
  result = made;
}
result.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(result));
