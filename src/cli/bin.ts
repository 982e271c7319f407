#!/usr/bin/env node
import module from "node:module";

// Node 22.1+ keeps compiled code in a disk cache, as TypeScript's own CLI does: compiling the
// bundle and its dependencies is much of a cold start. Not in Node 20.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = await import("./main.js");

// exitCode rather than exit(): a large report piped to another program is flushed first.
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
