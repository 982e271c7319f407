import { DEFAULT_CACHE_LOCATION } from "./args.js";
import { FORMAT_NAMES } from "./reporters/names.js";
import { MAX_FILE_BYTES, SKIPPED_DIRECTORIES, SOURCE_EXTENSIONS } from "./walk.js";

/** `prompt-cache --help`: the commands. */
export const HELP = `Usage: prompt-cache <command> [options]

Finds LLM API requests in JavaScript and TypeScript code and the mistakes that
defeat provider prompt caching.

Commands:
  analyze [paths...]  Report each request's cacheable prefix and findings
  logs <file.jsonl>   Explain the cache misses of recorded requests

Options:
  -h, --help          Show this help; 'prompt-cache <command> --help' shows a command's options
  -v, --version       Show the version

Run 'prompt-cache analyze --help' or 'prompt-cache logs --help' for a command's options.
`;

/** `prompt-cache analyze --help`: every flag on one line with its default. */
export const ANALYZE_HELP = `Usage: prompt-cache analyze [paths...] [options]

Reports every LLM request in the given files and directories (default: .) with
an estimate of its cacheable prefix and what defeats prompt caching. Directories
are searched for ${SOURCE_EXTENSIONS.join(" ")} files (not .d.ts),
skipping ${SKIPPED_DIRECTORIES.join(", ")}, files matched by .gitignore and files over ${MAX_FILE_BYTES / 1024 / 1024} MB.

Output:
  --format <name>             ${FORMAT_NAMES.join(", ")} (default: pretty)
  -o, --output <file>         Write the report to a file (default: stdout)
  --quiet                     Report errors only, without warnings (default: off)

Gate (exit code 1):
  --fail-on <level>           Fail on findings of this severity or worse: error, warning, never (default: error)
  --max-warnings <n>          Fail on more than n warnings (default: no limit)
  --min-cacheable-tokens <n>  Fail when a request's cacheable prefix is under n tokens (default: off)

Baseline:
  --baseline <file>           Suppress the findings recorded in the file; fail on new ones only (default: none)
  --update-baseline           Record all current findings in the --baseline file (default: off)

Files:
  --staged                    Analyze only the files staged for commit, as staged (default: off)
  --changed-since <ref>       Analyze only files changed since the branch left <ref> (default: off)
  -c, --config <file>         Config file (default: prompt-cache.config.{json,js,mjs} or package.json "prompt-cache", nearest)
  --model <id>                Model assumed when a request does not name one (default: the config's, else none)
  --cache                     Reuse the results of unchanged files (default: off)
  --cache-location <file>     Cache file (default: ${DEFAULT_CACHE_LOCATION})
  --workers <n|auto>          Threads that parse and analyze: this one and n-1 workers; auto: one per core but one (default: 1)

  -h, --help                  Show this help

Exit codes:
  0  the gate passed
  1  the gate failed: a finding at --fail-on or worse, more than --max-warnings, a
     request under --min-cacheable-tokens, or a file that does not parse
  2  usage, config or internal error (DEBUG=1 prints the stack trace)

Colors are on when stdout is a terminal and NO_COLOR is unset; FORCE_COLOR turns
them on anywhere. Progress is shown on stderr when it is a terminal, outside CI.
`;
