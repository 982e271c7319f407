import type { AnalysisReport } from "../../report/types.js";

export interface ReporterOptions {
  /** Whether the text may contain ANSI colors; decided once by the caller from the terminal. */
  color: boolean;
}

/** Renders the whole report as the text written to stdout or to --output. */
export type Reporter = (report: AnalysisReport, options: ReporterOptions) => string | Promise<string>;
