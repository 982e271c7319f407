import type { ProviderName } from "../model/types.js";

/*
 * The report of `prompt-cache logs`: the JSON format (version 1, documented field by field in
 * docs/logs.md). The pretty and HTML formats render the same data.
 */

/** Why a request shared less of its prefix than the previous request of its conversation offered. */
export type Cause =
  | "model_changed"
  | "routing_key_changed"
  | "tools_changed"
  | "response_format_changed"
  | "tool_choice_changed"
  | "system_changed"
  | "history_rewritten"
  | "image_changed"
  /** No divergence: the whole previous prompt was reused. */
  | "appended";

export const CAUSES: readonly Cause[] = [
  "model_changed",
  "routing_key_changed",
  "tools_changed",
  "response_format_changed",
  "tool_choice_changed",
  "system_changed",
  "history_rewritten",
  "image_changed",
  "appended",
];

/** The wire format of a request: OpenAI Chat Completions, OpenAI Responses, Anthropic Messages. */
export type Api = "chat.completions" | "responses" | "messages";

/** Where two prompts first differ. */
export interface Divergence {
  part: "model" | "routing_key" | "tools" | "response_format" | "tool_choice" | "system" | "messages" | "image";
  /**
   * The tool's index in `tools`, or the message's index in the request's own `messages` or
   * `input` array; null for `model`, `routing_key`, `response_format`, `tool_choice`, a top-level
   * `system` or `instructions`, and for earlier turns carried by `previous_response_id`.
   */
  index: number | null;
  /** The content block within that message (or within a `system` array); null for a plain string or the whole message. */
  block: number | null;
  /** A short excerpt of the earlier request at the divergence (`…` marks cut text). */
  before: string;
  /** The same place in this request; "" when this request has nothing there (a removed message). */
  after: string;
}

export interface RequestReport {
  /** 0-based position of this request in `requests`. */
  index: number;
  /** 1-based line of the log file. */
  line: number;
  /** 1-based conversation number, in the order conversations first appear. */
  conversation: number;
  /** 1-based position of the request in its conversation. */
  turn: number;
  /** From the URL's host (recorder lines), else the model id. */
  provider: ProviderName;
  api: Api;
  /** The model the request names, else the `--model` default, else the provider's. */
  model: string;
  /** `x-grok-conv-id` header, else `prompt_cache_key`; null when neither is set. */
  routingKey: string | null;
  /** The line of the request this one was compared with; null when there was none. */
  previousLine: number | null;
  /** Tokens of this request's rendered prompt (estimated; see `approximate`). */
  promptTokens: number;
  /** Tokens of the prompt prefix shared with the compared request; null when there was none. */
  sharedPrefixTokens: number | null;
  /** Cached tokens predicted from the shared prefix and the provider's rules. */
  predictedCachedTokens: number;
  /** Cached tokens the provider reported; null when the log has no usage for the request. */
  reportedCachedTokens: number | null;
  /** Input tokens the provider reported (cached ones included); null without usage. */
  reportedPromptTokens: number | null;
  /** Predicted cached tokens lost against a pure continuation of the previous request. */
  lostTokens: number;
  /** True when counts are estimates: not the model's own tokenizer, tool JSON, images, an earlier response's output. */
  approximate: boolean;
  /** Null for the first request of a conversation. */
  cause: Cause | null;
  /** Null for the first request of a conversation and when nothing diverged (`appended`). */
  divergence: Divergence | null;
}

/** A line that could not be read; the rest of the log is still analyzed. */
export interface LineError {
  line: number;
  message: string;
}

/** A place where requests keep diverging, for the summary. */
export interface DivergencePoint {
  cause: Cause;
  /** The API of the first such request, which names the arrays (`messages` or `input`). */
  api: Api;
  part: Divergence["part"];
  index: number | null;
  /** Requests that diverged there. */
  misses: number;
  lostTokens: number;
  /** The first such request: its line and excerpts. */
  line: number;
  before: string;
  after: string;
}

export interface LogSummary {
  requests: number;
  conversations: number;
  /** Lines that could not be read (all of them, even when `errors` is capped). */
  unreadableLines: number;
  /** Sums over every request, with this tool's own token counts. */
  promptTokens: number;
  predictedCachedTokens: number;
  /** predictedCachedTokens / promptTokens; null when there are no prompt tokens. */
  predictedHitRate: number | null;
  /** Only the requests whose log line has usage, so that prediction and report cover the same requests. */
  reported: {
    requests: number;
    /** As reported by the provider. */
    promptTokens: number;
    cachedTokens: number;
    hitRate: number | null;
    /** The prediction for the same requests, against this tool's own prompt counts. */
    predictedCachedTokens: number;
    predictedHitRate: number | null;
  };
  /** Requests with a cause other than `appended`. */
  misses: number;
  missesByCause: Record<Cause, number>;
  lostTokensByCause: Record<Cause, number>;
  /** At most five, the most tokens lost first. */
  worstDivergences: DivergencePoint[];
}

export interface LogReport {
  version: 1;
  requests: RequestReport[];
  /** At most 1,000; `summary.unreadableLines` has the total. */
  errors: LineError[];
  summary: LogSummary;
}
