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
  /** Edits the user may choose to apply (ESLint editor suggestions); absent when none is mechanical. */
  suggestions?: Suggestion[];
}

/** Replaces `range` (offsets into the file's source) with `text`; an empty range inserts. */
export interface Edit {
  range: [number, number];
  text: string;
}

/**
 * A fix offered, never applied by `--fix`: every fix of a caching mistake changes the prompt the
 * program sends, which the user has to approve. Plain ranges, so the engine needs no ESLint fixer.
 */
export interface Suggestion {
  /** A message id of the check's `messages`: a short imperative sentence (ESLint looks it up there). */
  messageId: string;
  data?: Record<string, string | number>;
  edits: Edit[];
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

/**
 * The part of JSON Schema (draft 4) that rule options use, as plain data: ESLint validates a rule's
 * options against it (`meta.schema`) and the CLI does the same for its config file. Each member is
 * assignable to ESLint's `JSONSchema4`; add a keyword here when an option needs it.
 */
export type OptionSchema = ObjectOptionSchema | ArrayOptionSchema | StringOptionSchema | NumberOptionSchema | BooleanOptionSchema;

interface OptionSchemaBase {
  /** What the option does; required on every property (meta-tested). */
  description?: string;
}

export interface ObjectOptionSchema extends OptionSchemaBase {
  type: "object";
  properties?: Record<string, OptionSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

export interface ArrayOptionSchema extends OptionSchemaBase {
  type: "array";
  items?: OptionSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

export interface StringOptionSchema extends OptionSchemaBase {
  type: "string";
  enum?: string[];
}

export interface NumberOptionSchema extends OptionSchemaBase {
  type: "integer" | "number";
  minimum?: number;
  maximum?: number;
}

export interface BooleanOptionSchema extends OptionSchemaBase {
  type: "boolean";
}

/** A check: the engine half of one rule. */
export interface Check<Options> {
  name: string;
  /** One line that starts with "Enforce", "Require" or "Disallow", without a period: ESLint's `meta.docs.description`. */
  description: string;
  /** The smallest shared config that turns the rule on: `recommended` (no known false positives) or `strict`. */
  config: "recommended" | "strict";
  /** Message templates by id, with `{{placeholders}}`; each is one or two full sentences. */
  messages: Record<string, string>;
  /**
   * The options' schema, one entry per positional option (`[]` when the rule takes none): ESLint's
   * `meta.schema`, and what the CLI validates a config's rule options against.
   */
  schema: OptionSchema[];
  defaultOptions: Options;
  run(context: CheckContext, options: Options): Finding[];
}
