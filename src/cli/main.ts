import { inspect } from "node:util";
import { ConfigError } from "../config/config-error.js";
import { parseArgs } from "./args.js";
import { ANALYZE_HELP, HELP } from "./help.js";
import type { CliIO } from "./io.js";
import { UsageError } from "./usage-error.js";
import { VERSION } from "./version.js";

/** Runs one command line; returns 0 (clean), 1 (the gate failed) or 2 (usage, config or internal error). */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.name) {
      case "help":
        io.stdout.write(command.command === "analyze" ? ANALYZE_HELP : HELP);
        return 0;
      case "version":
        io.stdout.write(`${VERSION}\n`);
        return 0;
      case "analyze": {
        // Loaded only now, so that --help, --version and usage errors do not wait for the engine.
        const { analyze } = await import("./analyze.js");
        return await analyze(command.options, io);
      }
      case "logs": {
        const { runLogsCommand } = await import("../logs/command.js");
        return await runLogsCommand([...command.argv], io);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`prompt-cache: ${error.message}\nRun 'prompt-cache --help' for usage.\n`);
    } else if (error instanceof ConfigError) {
      io.stderr.write(`prompt-cache: ${error.message}\n`);
    } else if (io.env.DEBUG) {
      io.stderr.write(`prompt-cache: internal error: ${inspect(error)}\n`);
    } else {
      io.stderr.write(`prompt-cache: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    return 2;
  }
}
