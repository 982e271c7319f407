import fs from "node:fs";
import path from "node:path";
import { inspect, parseArgs } from "node:util";
import { UsageError } from "../cli/usage-error.js";
import { LogAnalyzer } from "./analyze.js";
import { UnreadableLine } from "./entry.js";
import { formats, isLogFormatName, logFormatNames, type LogFormatName } from "./formats/index.js";
import type { Sink } from "./formats/types.js";
import { LOGS_HELP } from "./help.js";
import { readLines } from "./read.js";

/** What the command touches of the process, so tests can run it in-process (as the CLI's `CliIO`). */
export interface LogsIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
}

interface LogsCommand {
  file: string;
  format: LogFormatName;
  model: string | undefined;
  output: string | undefined;
}

/**
 * `prompt-cache logs`: `argv` is what follows the word `logs`. Returns the exit code: 0 when every
 * line was read, 1 when a line could not be read (reported, and the rest analyzed), 2 on a usage
 * error or when the analyzer failed (on a line: reported as that line's error, and the rest
 * analyzed).
 */
export async function runLogsCommand(argv: string[], io: LogsIO): Promise<number> {
  let output: FileSink | null = null;
  try {
    const command = parseLogsArgs(argv);
    if (command === "help") {
      io.stdout.write(LOGS_HELP);
      return 0;
    }
    const file = path.resolve(io.cwd, command.file);
    checkReadable(file, command.file);
    output = command.output === undefined ? null : openOutput(path.resolve(io.cwd, command.output), command.output);
    const color = output === null && command.format === "pretty" && useColor(io);
    const formatter = formats[command.format](output ?? io.stdout, { color, file: command.file });
    const analyzer = new LogAnalyzer({ model: command.model });
    let unreadable = 0;
    let failed = false;
    for await (const { text, line } of readLines(file)) {
      try {
        const report = analyzer.add(text, line);
        if (report) formatter.request(report);
      } catch (error) {
        unreadable++;
        if (error instanceof UnreadableLine) {
          formatter.error({ line, message: error.message });
        } else {
          failed = true;
          formatter.error({ line, message: `Internal error (a bug in prompt-cache, please report it): ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    }
    formatter.end(analyzer.summary(unreadable));
    return failed ? 2 : unreadable > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`prompt-cache: ${error.message}\nRun 'prompt-cache logs --help' for usage.\n`);
    } else {
      io.stderr.write(`prompt-cache: internal error: ${io.env.DEBUG ? inspect(error) : error instanceof Error ? error.message : String(error)}\n`);
    }
    return 2;
  } finally {
    output?.close();
  }
}

/** The analyze command's rule: FORCE_COLOR wins (except "0"/"false"), then NO_COLOR, then whether stdout is a terminal. */
function useColor({ env, stdout }: LogsIO): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return !env.NO_COLOR && stdout.isTTY === true;
}

const options = {
  help: { type: "boolean", short: "h" },
  format: { type: "string", default: "pretty" },
  model: { type: "string" },
  output: { type: "string" },
} as const;

function parseLogsArgs(argv: string[]): LogsCommand | "help" {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    if (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS_")) {
      // Node's messages name the flag; keep their first sentence, drop the advice about `--`.
      throw new UsageError(error.message.split(/(?<=\.)\s/)[0]!);
    }
    throw error;
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length === 0) throw new UsageError("Missing log file: expected 'prompt-cache logs <file.jsonl>'.");
  if (positionals.length > 1) throw new UsageError(`Expected one log file, got ${positionals.length}: ${positionals.map((name) => `'${name}'`).join(", ")}.`);
  if (!isLogFormatName(values.format)) throw new UsageError(`Unknown --format '${values.format}': expected ${logFormatNames.slice(0, -1).join(", ")} or ${logFormatNames.at(-1)}.`);
  if (values.model === "") throw new UsageError("--model needs a model id.");
  if (values.output === "") throw new UsageError("--output needs a file name.");
  return { file: positionals[0]!, format: values.format, model: values.model, output: values.output };
}

function checkReadable(file: string, shown: string): void {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch {
    throw new UsageError(`No such file: '${shown}'.`);
  }
  if (!stats.isFile()) throw new UsageError(`Not a file: '${shown}'.`);
}

interface FileSink extends Sink {
  close(): void;
}

/** Synchronous writes: the report streams out at the pace it is made, without piling up in memory. */
function openOutput(file: string, shown: string): FileSink {
  let fd: number;
  try {
    fd = fs.openSync(file, "w");
  } catch (error) {
    throw new UsageError(`Cannot write '${shown}': ${error instanceof Error ? error.message : String(error)}.`);
  }
  return {
    write: (text: string) => fs.writeSync(fd, text),
    close: () => fs.closeSync(fd),
  };
}
