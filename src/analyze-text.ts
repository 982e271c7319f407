import path from "node:path";
import { analyzeProgram, DiscoveryNodes, mightContainRequests } from "./analysis.js";
import { checks, type CheckName } from "./checks/index.js";
import { runCheck } from "./checks/run.js";
import type { Check, Finding } from "./checks/types.js";
import { parseFile, stripBom, type ParsedFile } from "./parse.js";
import type { Project } from "./project/project.js";
import { buildCallSiteReports } from "./report/build.js";
import type { CallSiteReport, Severity } from "./report/types.js";
import type { PromptCacheSettings } from "./settings.js";

export { ParseError } from "./parse.js";

export interface AnalyzeTextOptions extends PromptCacheSettings {
  /** Severity of each check; a check set to "off" does not run. Default: the recommended checks, "warning". */
  rules?: Partial<Record<CheckName, Severity | "off">>;
  /** Options of each check (the ESLint rule's options), over its defaults. */
  ruleOptions?: Partial<Record<CheckName, object>>;
  /**
   * The project the file belongs to: imports are followed into its other modules and prompt files
   * named by literal paths are read. `file` is then relative to the project's working directory.
   */
  project?: Project;
}

/**
 * Parses a file for `analyzeProgram`: the nodes discovery needs are collected during the parser's
 * own walk, not in a second one. Throws ParseError when the file does not parse.
 */
export function parseForAnalysis(source: string, file: string): ParsedFile & { nodes: DiscoveryNodes } {
  const nodes = new DiscoveryNodes();
  const { program, scopeManager } = parseFile(source, file, (node) => nodes.visit(node));
  return { program, scopeManager, nodes };
}

/**
 * Parses one file, finds its request sites, runs every check and returns the report entries.
 * `file` is the path shown in the report. Throws ParseError when the file does not parse.
 */
export function analyzeText(text: string, file: string, options: AnalyzeTextOptions = {}): CallSiteReport[] {
  const source = stripBom(text);
  if (!mightContainRequests(source, options)) return [];
  const { program, scopeManager, nodes } = parseForAnalysis(source, file);
  const evaluation = options.project ? { ...options, ...options.project.optionsFor(path.resolve(options.project.host.cwd, file)) } : options;
  const analysis = analyzeProgram(program, scopeManager, source, evaluation, nodes);
  const findings: Array<{ finding: Finding; severity: Severity; template: string }> = [];
  for (const [name, check] of Object.entries(checks) as Array<[CheckName, Check<object>]>) {
    const severity = options.rules?.[name] ?? (check.config === "recommended" ? "warning" : "off");
    if (severity === "off") continue;
    for (const finding of runCheck(check, { analysis, settings: options }, { ...check.defaultOptions, ...options.ruleOptions?.[name] })) {
      findings.push({ finding, severity, template: check.messages[finding.messageId]! });
    }
  }
  return buildCallSiteReports(analysis, findings, file, options);
}
