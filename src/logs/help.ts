import { logFormatNames } from "./formats/index.js";

export const LOGS_HELP = `Usage: prompt-cache logs <file.jsonl> [options]

Explains every prompt-cache miss in a log of LLM requests: for each request,
the prefix it shares with the previous request of its conversation, the cached
tokens that predicts, the cached tokens the provider reported, and where and
why the prompt diverged.

The log has one JSON object per line: the lines recordRequests() writes
(import it from "eslint-plugin-prompt-cache/record"), or bare request bodies
(OpenAI Chat Completions and Responses, Anthropic Messages, and the
OpenAI-compatible APIs of xAI, Groq and others). The file is streamed, so its
size does not matter.

Options:
  --format <name>  Output format: ${logFormatNames.join(", ")} (default: pretty)
  --model <id>     Model assumed when a request names none (default: the
                   provider's default model)
  --output <file>  Write the report to this file instead of stdout
  -h, --help       Show this help and exit

Exit codes:
  0  every line was read
  1  a line could not be read (it is listed under errors and the other lines
     are still analyzed)
  2  usage error (unknown flag or format, missing file), or an internal error
     (a line the analyzer failed on is listed under errors; set DEBUG=1 for
     the stack trace of any other failure)
`;
