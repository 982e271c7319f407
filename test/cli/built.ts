import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The end-to-end tests run what `npm run build` produced, as a user's project would.

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = path.join(REPO_ROOT, "dist/src/cli/bin.js");

export function assertBuilt(): void {
  for (const file of [BIN, path.join(REPO_ROOT, "dist/index.js")]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  }
}

/** The environment of a child process: plain text output, no debugging, no CI or color settings of the parent. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of ["FORCE_COLOR", "NO_COLOR", "DEBUG"]) if (!(name in extra)) delete env[name];
  return env;
}
