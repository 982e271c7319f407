import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { analyzeProgram, DiscoveryNodes, mightContainRequests, type FileAnalysis } from "../../src/analysis.js";
import { rootOf } from "../../src/ast/tree.js";
import { runCheck } from "../../src/checks/run.js";
import type { Check, Finding } from "../../src/checks/types.js";
import { parseSettings, type PromptCacheSettings } from "../../src/settings.js";
import { evaluatorOptions } from "./project.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

interface FileState {
  settings: PromptCacheSettings;
  /** The nodes discovery needs, gathered during ESLint's own traversal; null when the text test rejected the file. */
  nodes: DiscoveryNodes | null;
  /** Whether one rule already listens for those nodes (the first rule created for the file). */
  collecting: boolean;
  analysis: FileAnalysis | null;
  findings: Map<string, Finding[]>;
}

/** One analysis per parsed file, shared by every rule (keyed by the AST ESLint hands out). */
const states = new WeakMap<TSESTree.Program, FileState>();

function stateOf(context: Context): FileState {
  const { ast, text } = context.sourceCode;
  let state = states.get(ast);
  if (!state) {
    const settings = settingsOf(context.settings["prompt-cache"]);
    const nodes = mightContainRequests(text, settings) ? new DiscoveryNodes() : null;
    state = { settings, nodes, collecting: false, analysis: null, findings: new Map() };
    states.set(ast, state);
  }
  return state;
}

/** Whether the text test passed the file: without it, `createRule` gives no rule a listener. */
export function mayContainRequests(context: Context): boolean {
  return stateOf(context).nodes !== null;
}

/** Parsed settings, once per settings object (the same object for every file of one config). */
const parsedSettings = new WeakMap<object, PromptCacheSettings>();

function settingsOf(raw: unknown): PromptCacheSettings {
  if (raw === null || typeof raw !== "object") return parseSettings(raw, 'settings["prompt-cache"]');
  let settings = parsedSettings.get(raw);
  if (!settings) parsedSettings.set(raw, (settings = parseSettings(raw, 'settings["prompt-cache"]')));
  return settings;
}

/**
 * A rule's listeners: the whole body of its `create`, which `createRule` calls only for a file
 * that passed the text test (`mayContainRequests`). The first rule created for the file also
 * collects the nodes discovery needs as ESLint's traversal passes them (one walk of the tree, not
 * two), and every rule reports at `Program:exit`, once the analysis can run.
 */
export function findingsListener<Options extends object>(context: Context, check: Check<Options>, options: Options): TSESLint.RuleListener {
  const state = stateOf(context);
  const nodes = state.nodes!;
  const listener: TSESLint.RuleListener = { "Program:exit": () => reportFindings(context, check, options) };
  if (!state.collecting) {
    state.collecting = true;
    const visit = (node: TSESTree.Node) => nodes.visit(node);
    for (const type of DiscoveryNodes.TYPES) listener[type] = visit;
  }
  return listener;
}

/** The findings of one check on the file being linted, computed once per set of options. */
function checkFindings<Options extends object>(context: Context, check: Check<Options>, options: Options): Finding[] {
  const state = stateOf(context);
  if (!context.sourceCode.scopeManager) return [];
  state.analysis ??= analyzeProgram(context.sourceCode.ast, context.sourceCode.scopeManager, context.sourceCode.text, evaluatorOptions(context, state.settings), state.nodes!);
  const key = `${check.name}:${JSON.stringify(options)}`;
  let findings = state.findings.get(key);
  if (!findings) {
    findings = runCheck(check, { analysis: state.analysis, settings: state.settings }, options);
    state.findings.set(key, findings);
  }
  return findings;
}

/** Reports a check's findings on the file being linted (after the traversal: see `findingsListener`). */
function reportFindings<Options extends object>(context: Context, check: Check<Options>, options: Options): void {
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
