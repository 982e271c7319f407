import { REPO_URL } from "../../checks/docs-url.js";
import type { AnalysisReport } from "../../report/types.js";
import { VERSION } from "../version.js";
import { ruleDocs, type RuleDoc } from "./rule-docs.js";
import type { Reporter } from "./types.js";

const INFORMATION_URI = REPO_URL;

/** Relative URIs resolve against the checkout root (GitHub code scanning's convention). */
const SOURCE_ROOT = "%SRCROOT%";

/** The partialFingerprints key; bump its version if the fingerprint's recipe ever changes. */
export const FINGERPRINT_KEY = "promptCacheLineHash/v1";

/**
 * SARIF 2.1.0 for code scanning: every rule with its description and documentation link, one
 * result per finding with a fingerprint that survives unrelated edits, and files that do not parse
 * as tool notifications.
 */
export const sarif: Reporter = (report) => `${JSON.stringify(sarifLog(report, ruleDocs()), null, 2)}\n`;

export function sarifLog(report: AnalysisReport, rules: readonly RuleDoc[]) {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  // Identical lines share a fingerprint; the occurrence number keeps each result's identity apart.
  const occurrences = new Map<string, number>();
  const results = report.callSites.flatMap((site) =>
    site.findings.map((finding) => {
      const key = `${site.file}\n${finding.fingerprint}`;
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      return {
        ruleId: finding.ruleId,
        ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId)! } : {}),
        level: finding.severity,
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(site.file), region: { startLine: finding.line, startColumn: finding.column } } }],
        partialFingerprints: { [FINGERPRINT_KEY]: `${finding.fingerprint}:${occurrence}` },
      };
    }),
  );
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0" as const,
    runs: [
      {
        tool: {
          driver: {
            name: "prompt-cache",
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: INFORMATION_URI,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/^prompt-cache\//, ""),
              shortDescription: { text: `${rule.description}.` },
              helpUri: rule.url,
              help: { text: `${rule.description}. See ${rule.url}`, markdown: `${rule.description}. [Documentation](${rule.url})` },
              defaultConfiguration: { level: "warning" as const },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: report.errors.map((error) => ({
              level: "error" as const,
              message: { text: error.message },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(error.file) } }],
            })),
          },
        ],
        columnKind: "utf16CodeUnits" as const,
        results,
      },
    ],
  };
}

function artifactLocation(file: string) {
  return { uri: file.split("/").map(encodeURIComponent).join("/"), uriBaseId: SOURCE_ROOT };
}
