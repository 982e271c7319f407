import type { Stability } from "../model/types.js";

/** The JSON report of `prompt-cache analyze --format json` (public contract, version 1). */
export interface AnalysisReport {
  version: 1;
  /** Number of files analyzed. */
  files: number;
  callSites: CallSiteReport[];
  errors: FileError[];
  /** Findings left out because `--baseline` records them; present only with `--baseline`. */
  suppressed?: number;
}

export interface FileError {
  file: string;
  message: string;
}

export type Severity = "error" | "warning";

export interface FindingReport {
  /** `prompt-cache/<rule>`. */
  ruleId: string;
  severity: Severity;
  message: string;
  /** The file the finding is reported in (the call site's file). */
  file: string;
  line: number;
  /** 1-based, like ESLint. */
  column: number;
  /** Hash of the rule and the finding's line text: stable across edits elsewhere in the file. */
  fingerprint: string;
  /**
   * For a value made in another module: where it was made, each module it went through, and last
   * this finding's own place.
   */
  chain?: Array<{ file: string; line: number }>;
}

export interface SegmentReport {
  kind: string;
  role: string | null;
  stability: Stability;
  /** Tokens of the segment's known text, null when none of it is known. */
  tokens: number | null;
  line: number;
}

export interface PrefixReport {
  cacheableTokens: number;
  encoding: string;
  approximate: boolean;
  minimumTokens: number | null;
  meetsMinimum: boolean | null;
  firstDynamic: { line: number; column: number; kind: Stability; reason: string } | null;
}

export interface CallSiteReport {
  /** Relative to the current directory, with `/` separators. */
  file: string;
  line: number;
  /** 1-based, like ESLint. */
  column: number;
  provider: string;
  api: string;
  model: string | null;
  prefix: PrefixReport;
  segments: SegmentReport[];
  findings: FindingReport[];
}
