import { availableParallelism } from "node:os";
import { parseArgs as parseNodeArgs, type ParseArgsConfig } from "node:util";
import { FORMAT_NAMES, isFormatName, type FormatName } from "./reporters/names.js";
import { UsageError } from "./usage-error.js";

export const FAIL_ON_LEVELS = ["error", "warning", "never"] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

export const DEFAULT_CACHE_LOCATION = ".prompt-cache-cache";

/** The `analyze` command line, validated; see help.ts for what each option means. */
export interface AnalyzeOptions {
  paths: string[];
  format: FormatName;
  output: string | undefined;
  quiet: boolean;
  failOn: FailOn;
  maxWarnings: number | undefined;
  minCacheableTokens: number | undefined;
  baseline: string | undefined;
  updateBaseline: boolean;
  staged: boolean;
  changedSince: string | undefined;
  config: string | undefined;
  model: string | undefined;
  cache: boolean;
  cacheLocation: string;
  /** Worker threads for the files that need the parser; 1: none. */
  workers: number;
}

export type Command =
  | { name: "help"; command?: "analyze" }
  | { name: "version" }
  | { name: "analyze"; options: AnalyzeOptions }
  | { name: "logs"; argv: readonly string[] };

const globalOptions = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

export const analyzeFlags = {
  help: { type: "boolean", short: "h" },
  format: { type: "string", default: "pretty" },
  output: { type: "string", short: "o" },
  quiet: { type: "boolean", default: false },
  "fail-on": { type: "string", default: "error" },
  "max-warnings": { type: "string" },
  "min-cacheable-tokens": { type: "string" },
  baseline: { type: "string" },
  "update-baseline": { type: "boolean", default: false },
  staged: { type: "boolean", default: false },
  "changed-since": { type: "string" },
  config: { type: "string", short: "c" },
  model: { type: "string" },
  cache: { type: "boolean", default: false },
  "cache-location": { type: "string" },
  workers: { type: "string", default: "1" },
} as const;

/** Reads the command line (without `node` and the script); throws UsageError on a mistake. */
export function parseArgs(argv: readonly string[]): Command {
  if (argv[0] === "analyze") return parseAnalyze(argv.slice(1));
  // `logs` reads its own flags (src/logs/command.ts).
  if (argv[0] === "logs") return { name: "logs", argv: argv.slice(1) };
  const { values, positionals } = parseStrict(argv, globalOptions);
  if (values.help) return { name: "help" };
  if (values.version) return { name: "version" };
  const [command] = positionals;
  if (command === undefined) throw new UsageError("Missing command: expected 'analyze' or 'logs'.");
  throw new UsageError(`Unknown command '${command}': expected 'analyze' or 'logs'.`);
}

function parseAnalyze(argv: readonly string[]): Command {
  const { values, positionals } = parseStrict(argv, analyzeFlags);
  if (values.help) return { name: "help", command: "analyze" };
  for (const [flag, value] of Object.entries(values)) {
    if (value === "") throw new UsageError(`--${flag} needs a value.`);
  }
  if (!isFormatName(values.format)) throw new UsageError(`Unknown --format '${values.format}': expected ${orList(FORMAT_NAMES)}.`);
  const failOn = values["fail-on"];
  if (!isFailOn(failOn)) throw new UsageError(`Unknown --fail-on '${failOn}': expected ${orList(FAIL_ON_LEVELS)}.`);
  if (values.staged && values["changed-since"] !== undefined) throw new UsageError("--staged and --changed-since cannot be combined.");
  if (values["update-baseline"] && values.baseline === undefined) throw new UsageError("--update-baseline needs --baseline <file>.");
  if (values["cache-location"] !== undefined && !values.cache) throw new UsageError("--cache-location needs --cache.");
  // auto: one analysis thread per core but one, left to V8's own threads (one analysis thread
  // keeps about 1.5 cores busy with its garbage collection and compilers).
  const workers = values.workers === "auto" ? Math.max(1, availableParallelism() - 1) : Number(values.workers);
  if (!/^\d+$/.test(values.workers) && values.workers !== "auto") throw new UsageError(`--workers needs a whole number or 'auto', not '${values.workers}'.`);
  if (workers < 1) throw new UsageError("--workers needs 1 or more, or 'auto'.");
  return {
    name: "analyze",
    options: {
      paths: positionals.length > 0 ? positionals : ["."],
      format: values.format,
      output: values.output,
      quiet: values.quiet,
      failOn,
      maxWarnings: wholeNumber(values["max-warnings"], "max-warnings"),
      minCacheableTokens: wholeNumber(values["min-cacheable-tokens"], "min-cacheable-tokens"),
      baseline: values.baseline,
      updateBaseline: values["update-baseline"],
      staged: values.staged,
      changedSince: values["changed-since"],
      config: values.config,
      model: values.model,
      cache: values.cache,
      cacheLocation: values["cache-location"] ?? DEFAULT_CACHE_LOCATION,
      workers,
    },
  };
}

function isFailOn(value: string): value is FailOn {
  return (FAIL_ON_LEVELS as readonly string[]).includes(value);
}

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} needs a whole number, not '${value}'.`);
  return Number(value);
}

function orList(items: readonly string[]): string {
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

function parseStrict<Options extends NonNullable<ParseArgsConfig["options"]>>(argv: readonly string[], options: Options) {
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
