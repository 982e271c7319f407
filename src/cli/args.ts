import { parseArgs as parseNodeArgs } from "node:util";
import { formatNames, isFormatName, type FormatName } from "./reporters/index.js";
import { UsageError } from "./usage-error.js";

export type Command =
  | { name: "help" }
  | { name: "version" }
  | { name: "analyze"; paths: string[]; format: FormatName; model: string | undefined };

const options = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  format: { type: "string", default: "pretty" },
  model: { type: "string" },
} as const;

/** Reads the command line (without `node` and the script); throws UsageError on a mistake. */
export function parseArgs(argv: readonly string[]): Command {
  const { values, positionals } = parseStrict(argv);
  if (values.help) return { name: "help" };
  if (values.version) return { name: "version" };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError("Missing command: expected 'analyze'.");
  if (command !== "analyze") throw new UsageError(`Unknown command '${command}': expected 'analyze'.`);
  if (!isFormatName(values.format)) {
    throw new UsageError(`Unknown --format '${values.format}': expected ${formatNames.join(" or ")}.`);
  }
  if (values.model === "") throw new UsageError("--model needs a model id.");
  return { name: "analyze", paths: paths.length > 0 ? paths : ["."], format: values.format, model: values.model };
}

function parseStrict(argv: readonly string[]) {
  try {
    return parseNodeArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    // Node's messages name the flag; keep their first sentence, drop the advice about `--`.
    throw new UsageError(error.message.split(/(?<=\.)\s/)[0] ?? error.message);
  }
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS_");
}
