import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { FileAnalysis } from "../analysis.js";
import type { ModelOverrides } from "../providers/types.js";
import type { ChainLink, RequestSite } from "../model/types.js";

/** A problem a check found: what a rule reports, or what the CLI prints. */
export interface Finding {
  /** The rule id without the plugin prefix. */
  rule: string;
  messageId: string;
  node: TSESTree.Node;
  data: Record<string, string | number>;
  /** The request the finding is about, when there is one. */
  site: RequestSite | null;
  /** For a value made in other modules, where it came from (see `Piece.chain`). */
  chain?: ChainLink[];
}

/** Shared settings every check reads (`settings["prompt-cache"]` in ESLint, the CLI's flags). */
export interface CheckSettings {
  defaultModel?: string;
  models?: ModelOverrides;
}

export interface CheckContext {
  analysis: FileAnalysis;
  settings: CheckSettings;
}

/** A check: the engine half of one rule. */
export interface Check<Options> {
  name: string;
  /** The smallest shared config that turns the rule on: `recommended` (no known false positives) or `strict`. */
  config: "recommended" | "strict";
  /** Message templates by id, with `{{placeholders}}`; each is one or two full sentences. */
  messages: Record<string, string>;
  defaultOptions: Options;
  run(context: CheckContext, options: Options): Finding[];
}
