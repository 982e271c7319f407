/*
 * Bundles the plugin's entry (dist/index.js, as tsc wrote it) into one file, in place. ESLint
 * imports the plugin in every process and every `--concurrency` worker: one module loads in about
 * a third of the time of the ~160 modules tsc emits. Dependencies stay external (`require`d or
 * imported from node_modules as before); the engine's other entries (`./engine`, `./record`) and
 * the CLI keep tsc's output. Run by `npm run build`, after tsc.
 */
import { build } from "esbuild";

await build({
  entryPoints: ["dist/index.js"],
  outfile: "dist/index.js",
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  packages: "external",
  logLevel: "warning",
});
