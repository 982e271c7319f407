import { formatNames } from "./reporters/index.js";
import { SKIPPED_DIRECTORIES, SOURCE_EXTENSIONS } from "./walk.js";

/** The one help text: `prompt-cache --help` and `prompt-cache analyze --help` print it alike. */
export const HELP = `Usage: prompt-cache analyze [paths...] [options]

Finds LLM API requests in JavaScript and TypeScript code and the mistakes that
defeat provider prompt caching.

Paths are files or directories (default: .). Directories are searched for
${SOURCE_EXTENSIONS.join(" ")} files (not .d.ts), skipping
${SKIPPED_DIRECTORIES.join(", ")} directories, files matched by a .gitignore in a given
directory or below it, and files over 1 MB. A file named on the command line
is analyzed even if a .gitignore matches it.

Options:
  --format <name>  Output format: ${formatNames.join(" or ")} (default: pretty)
  --model <id>     Model assumed when a call does not name one (default: none)
  -h, --help       Show this help and exit
  --version        Show the version and exit

Exit codes:
  0  no finding has severity "error"
  1  a finding has severity "error", or a file does not parse (it is listed
     under errors and the other files are still analyzed)
  2  usage error (unknown command, flag or format, missing path), or an internal
     error (a file the analyzer failed on is listed under errors; set DEBUG=1
     for the stack trace of any other failure)

Colors are on when stdout is a terminal and NO_COLOR is unset; FORCE_COLOR
turns them on anywhere.
`;
