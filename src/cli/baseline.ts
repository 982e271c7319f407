import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "../config/config-error.js";
import type { AnalysisReport } from "../report/types.js";
import { isPlainObject } from "../settings.js";

/**
 * `--baseline`: the findings a team accepted when adopting the tool, so that only new ones fail.
 * Keyed by file (relative to the baseline file), rule id and the finding's content fingerprint,
 * with a count for identical lines, and never by line number, so unrelated edits keep entries.
 */
export interface Baseline {
  version: 1;
  findings: Record<string, Record<string, Record<string, number>>>;
}

/** Maps a report path to the baseline's name for the file. */
export type BaselinePath = (reportFile: string) => string;

/** The baseline file, or undefined when it does not exist yet; ConfigError when it is not one. */
export function readBaseline(file: string, source: string): Baseline | undefined {
  if (!fs.existsSync(file)) return undefined;
  let baseline: unknown;
  try {
    baseline = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${source}: invalid JSON: ${(error as Error).message}`);
  }
  if (!isBaseline(baseline)) throw new ConfigError(`${source}: not a prompt-cache baseline (expected { "version": 1, "findings": { file: { ruleId: { fingerprint: count } } } }); recreate it with --update-baseline.`);
  return baseline;
}

export function writeBaseline(file: string, baseline: Baseline): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

/** The report without the findings the baseline records, and how many it left out. */
export function applyBaseline(report: AnalysisReport, baseline: Baseline, baselinePath: BaselinePath): AnalysisReport {
  const remaining = structuredClone(baseline.findings);
  let suppressed = 0;
  const callSites = report.callSites.map((site) => ({
    ...site,
    findings: site.findings.filter((finding) => {
      const counts = remaining[baselinePath(site.file)]?.[finding.ruleId];
      if (!counts?.[finding.fingerprint]) return true;
      counts[finding.fingerprint]!--;
      suppressed++;
      return false;
    }),
  }));
  return { ...report, callSites, suppressed };
}

/**
 * The baseline after a run: every finding of the analyzed files, and the previous entries of the
 * files this run did not analyze (with --staged or --changed-since, the others are untouched).
 */
export function updatedBaseline(previous: Baseline | undefined, report: AnalysisReport, analyzedFiles: readonly string[], baselinePath: BaselinePath): Baseline {
  const analyzed = new Set(analyzedFiles.map(baselinePath));
  const findings: Baseline["findings"] = Object.fromEntries(Object.entries(previous?.findings ?? {}).filter(([file]) => !analyzed.has(file)));
  for (const site of report.callSites) {
    for (const { ruleId, fingerprint } of site.findings) {
      const byRule = (findings[baselinePath(site.file)] ??= {});
      const counts = (byRule[ruleId] ??= {});
      counts[fingerprint] = (counts[fingerprint] ?? 0) + 1;
    }
  }
  return { version: 1, findings: sortKeysDeep(findings) };
}

/** Sorted keys keep the file's diff small when findings come and go. */
function sortKeysDeep<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, item]) => [key, sortKeysDeep(item)])) as T;
}

function isBaseline(value: unknown): value is Baseline {
  if (!isPlainObject(value) || value.version !== 1 || !isPlainObject(value.findings)) return false;
  return Object.values(value.findings).every(
    (byRule) => isPlainObject(byRule) && Object.values(byRule).every((counts) => isPlainObject(counts) && Object.values(counts).every((count) => Number.isInteger(count) && (count as number) > 0)),
  );
}
