import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { analyzeProgram, mightContainRequests, type FileAnalysis } from "../../src/analysis.js";
import { rootOf } from "../../src/ast/tree.js";
import { runCheck } from "../../src/checks/run.js";
import type { Check, Finding } from "../../src/checks/types.js";
import { parseSettings, type PromptCacheSettings } from "../../src/settings.js";
import { evaluatorOptions } from "./project.js";

interface FileState {
  analysis: FileAnalysis | null;
  settings: PromptCacheSettings;
  findings: Map<string, Finding[]>;
}

/** One analysis per parsed file, shared by every rule (keyed by the AST ESLint hands out). */
const states = new WeakMap<TSESTree.Program, FileState>();

function stateOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileState {
  const { ast, text, scopeManager } = context.sourceCode;
  let state = states.get(ast);
  if (!state) {
    const settings = parseSettings(context.settings["prompt-cache"], 'settings["prompt-cache"]');
    const analysis = mightContainRequests(text, settings) && scopeManager ? analyzeProgram(ast, scopeManager, text, evaluatorOptions(context, settings)) : null;
    state = { analysis, settings, findings: new Map() };
    states.set(ast, state);
  }
  return state;
}

/**
 * The findings of one check on the file being linted, computed once per set of options.
 */
function checkFindings<Options extends object>(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  check: Check<Options>,
  options: Options,
): Finding[] {
  const state = stateOf(context);
  if (!state.analysis) return [];
  const key = `${check.name}:${JSON.stringify(options)}`;
  let findings = state.findings.get(key);
  if (!findings) {
    findings = runCheck(check, { analysis: state.analysis, settings: state.settings }, options);
    state.findings.set(key, findings);
  }
  return findings;
}

/** Reports a check's findings on the file being linted: the whole body of a rule's `create`. */
export function reportFindings<Options extends object>(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  check: Check<Options>,
  options: Options,
): void {
  for (const finding of checkFindings(context, check, options)) {
    const suggest = suggestionsOf(finding, context.sourceCode.ast);
    context.report({ node: finding.node, messageId: finding.messageId, data: finding.data, ...(suggest && { suggest }) });
  }
}

/**
 * The engine's suggestions as ESLint's, never as `--fix`: each changes the prompt that is sent.
 * Only for a finding on this file's text: the ranges of a value made in another module are
 * offsets into that module's source.
 */
function suggestionsOf(finding: Finding, program: TSESTree.Program): TSESLint.SuggestionReportDescriptor<string>[] | undefined {
  if (!finding.suggestions?.length || finding.chain || rootOf(finding.node) !== program) return undefined;
  return finding.suggestions.map(({ messageId, data, edits }) => ({
    messageId,
    ...(data && { data }),
    fix: (fixer) => edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text)),
  }));
}
