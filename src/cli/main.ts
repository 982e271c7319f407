import { createRequire } from "node:module";
import { inspect } from "node:util";
import { parseArgs } from "./args.js";
import { HELP } from "./help.js";
import { reporters } from "./reporters/index.js";
import { run } from "./run.js";
import { UsageError } from "./usage-error.js";

/** What the CLI touches of the process, so tests can run it in-process. */
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** Runs one command line; returns 0 (clean), 1 (an error finding or a file that does not parse) or 2 (usage or internal error). */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.name) {
      case "help":
        io.stdout.write(HELP);
        return 0;
      case "version":
        io.stdout.write(`${readVersion()}\n`);
        return 0;
      case "analyze": {
        const { report, exitCode, skipped } = await run({ paths: command.paths, cwd: io.cwd, model: command.model });
        if (skipped.length > 0) io.stderr.write(`prompt-cache: skipped files over 1 MB: ${skipped.join(", ")}\n`);
        io.stdout.write(reporters[command.format](report, { color: useColor(io) }));
        return exitCode;
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`prompt-cache: ${error.message}\nRun 'prompt-cache --help' for usage.\n`);
    } else if (io.env.DEBUG) {
      io.stderr.write(`prompt-cache: internal error: ${inspect(error)}\n`);
    } else {
      io.stderr.write(`prompt-cache: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    return 2;
  }
}

/** FORCE_COLOR wins (except "0"/"false"), then NO_COLOR (any non-empty value), then whether stdout is a terminal. */
export function useColor({ env, stdout }: Pick<CliIO, "env" | "stdout">): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return !env.NO_COLOR && stdout.isTTY === true;
}

function readVersion(): string {
  // The package exports "./package.json", and self-reference resolves it from src/ and dist/ alike.
  const require = createRequire(import.meta.url);
  return (require("eslint-plugin-prompt-cache/package.json") as { version: string }).version;
}
