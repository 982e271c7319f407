#!/usr/bin/env node
import { main } from "./main.js";

// exitCode rather than exit(): a large report piped to another program is flushed first.
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
