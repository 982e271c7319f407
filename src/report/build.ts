import type { FileAnalysis } from "../analysis.js";
import { formatMessage } from "../checks/index.js";
import type { CheckSettings, Finding } from "../checks/types.js";
import { worstStability, type RequestSite, type Stability } from "../model/types.js";
import { lookupModel } from "../providers/models.js";
import { estimatePrefix } from "../tokens/prefix.js";
import { findingFingerprint, splitLines } from "./fingerprint.js";
import type { CallSiteReport, FindingReport, Severity } from "./types.js";

export interface ReportedFinding {
  finding: Finding;
  severity: Severity;
  /** The check's message template for the finding's message id. */
  template: string;
}

/** The JSON report entries of one file: each request with its prefix estimate and findings. */
export function buildCallSiteReports(analysis: FileAnalysis, findings: ReportedFinding[], file: string, settings: CheckSettings): CallSiteReport[] {
  const bySite = new Map<RequestSite, FindingReport[]>(analysis.sites.map((site) => [site, []]));
  const lines = findings.length > 0 ? splitLines(analysis.source) : [];
  for (const { finding, severity, template } of findings) {
    const site = finding.site ?? siteOf(analysis.sites, finding);
    const ruleId = `prompt-cache/${finding.rule}`;
    const line = finding.node.loc.start.line;
    const column = finding.node.loc.start.column + 1;
    bySite.get(site!)?.push({
      ruleId,
      severity,
      message: formatMessage(template, finding.data),
      file,
      line,
      column,
      fingerprint: findingFingerprint(ruleId, lines[line - 1] ?? ""),
      // From where the value was made, through each module, to where this file puts it in the prompt.
      ...(finding.chain && { chain: [...finding.chain, { file, line }] }),
    });
  }
  return analysis.sites.map((site) => {
    const model = lookupModel(site.model, site.provider, settings.defaultModel, settings.models);
    const estimate = estimatePrefix(site, model);
    const first = estimate.firstDynamic?.piece;
    return {
      file,
      line: site.node.loc.start.line,
      column: site.node.loc.start.column + 1,
      provider: site.provider,
      api: site.api,
      model: site.model,
      prefix: {
        cacheableTokens: estimate.cacheableTokens,
        encoding: estimate.encoding,
        approximate: estimate.approximate,
        minimumTokens: estimate.minimumTokens,
        meetsMinimum: estimate.meetsMinimum,
        firstDynamic: first ? { line: first.node.loc.start.line, column: first.node.loc.start.column + 1, kind: first.stability, reason: first.reason } : null,
      },
      segments: site.segments.map((segment, index) => ({
        kind: segment.kind,
        role: segment.role,
        stability: segment.pieces.reduce<Stability>((worst, piece) => worstStability(worst, piece.stability), "static"),
        tokens: estimate.segmentTokens[index] ?? null,
        line: segment.node.loc.start.line,
      })),
      findings: (bySite.get(site) ?? []).sort((a, b) => a.line - b.line || a.column - b.column),
    };
  });
}

/** The request a site-less finding (a message array) belongs to: the one that holds its node. */
function siteOf(sites: RequestSite[], finding: Finding): RequestSite | undefined {
  const [start, end] = finding.node.range;
  const holding = sites.filter((site) => site.segments.some((segment) => segment.node === finding.node) || (site.node.range[0] <= start && end <= site.node.range[1]));
  return holding.sort((a, b) => a.node.range[1] - a.node.range[0] - (b.node.range[1] - b.node.range[0]))[0];
}
