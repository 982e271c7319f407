/*
 * Bundles the entries that start a process or a thread cold into one file each, in place over
 * what tsc wrote: the plugin (dist/index.js), which ESLint imports in every process and every
 * `--concurrency` worker, the CLI (dist/src/cli/bin.js), which a pre-commit hook starts on every
 * commit, and the CLI's analysis worker (`--workers`). One module loads in about a third of the
 * time of the ~160 modules tsc emits (a worker's first result: 190 ms before, 155 ms bundled).
 * Dependencies stay external (loaded from node_modules as before, TypeScript and the tokenizer
 * ranks still only on first use); the `./engine` and `./record` entries keep tsc's output.
 * Run by `npm run build`, after tsc.
 */
import { build } from "esbuild";

for (const entry of ["dist/index.js", "dist/src/cli/bin.js", "dist/src/cli/analyze-worker.js"]) {
  await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.19",
    packages: "external",
    logLevel: "warning",
  });
}
