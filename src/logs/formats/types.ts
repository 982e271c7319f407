import type { LineError, LogSummary, RequestReport } from "../types.js";

/** Unreadable lines a report lists; `summary.unreadableLines` counts them all. */
export const MAX_ERRORS = 1_000;

/** Where a format writes: stdout or the `--output` file. */
export interface Sink {
  write(text: string): unknown;
}

export interface FormatOptions {
  /** Whether the text may contain ANSI colors (pretty only). */
  color: boolean;
  /** The log file as given on the command line, for titles. */
  file: string;
}

/** Renders a report as it streams: requests and unreadable lines in log order, then the summary. */
export interface LogFormatter {
  request(report: RequestReport): void;
  error(error: LineError): void;
  end(summary: LogSummary): void;
}

export type CreateFormatter = (sink: Sink, options: FormatOptions) => LogFormatter;
