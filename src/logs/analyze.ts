import { lookupModel } from "../providers/models.js";
import { compare } from "./compare.js";
import { Conversations, DEFAULT_LIMITS, type ConversationLimits, type RequestIdentity, type TrackedRequest } from "./conversations.js";
import { parseEntry } from "./entry.js";
import { stringOrNull } from "./json-values.js";
import { predictCached } from "./predict.js";
import { countParts, renderPrompt } from "./render.js";
import { SummaryBuilder } from "./summary.js";
import type { LogSummary, RequestReport } from "./types.js";
import { readUsage } from "./usage.js";

export interface LogAnalyzerOptions {
  /** The model assumed when a request names none. */
  model?: string | undefined;
  limits?: ConversationLimits;
}

/**
 * Explains a log one line at a time: each request is compared with the previous request of its
 * conversation, then only what the next comparisons need is kept (see Conversations).
 */
export class LogAnalyzer {
  readonly #conversations: Conversations;
  readonly #summary = new SummaryBuilder();
  #requests = 0;

  constructor(private readonly options: LogAnalyzerOptions = {}) {
    this.#conversations = new Conversations(options.limits ?? DEFAULT_LIMITS);
  }

  /** The report of one line, null for a blank one; throws UnreadableLine when it is not a request. */
  add(text: string, line: number): RequestReport | null {
    if (text.trim() === "") return null;
    const logged = parseEntry(text);
    const facts = lookupModel(logged.model, logged.provider, this.options.model);
    const previousResponseId = logged.api === "responses" ? stringOrNull(logged.body.previous_response_id) : null;
    const chained = previousResponseId === null ? null : this.#conversations.chained(previousResponseId);
    const rendered = renderPrompt(logged.api, logged.provider, logged.body, chained);
    const routingKey = logged.headers["x-grok-conv-id"] ?? stringOrNull(logged.body.prompt_cache_key);
    const identity: RequestIdentity = { model: facts.id, routingKey, parts: rendered.parts, ownItemsStart: rendered.ownItemsStart };
    const conversation = this.#conversations.find(identity, previousResponseId);
    const previous = conversation?.last ?? this.#conversations.opening(identity);
    const counted = countParts(rendered, facts.encoding, previous?.encoding === facts.encoding ? previous.parts : null);
    const usage = readUsage(logged.usage);
    const request: TrackedRequest = {
      ...counted,
      model: facts.id,
      routingKey,
      line,
      encoding: facts.encoding,
      responseId: logged.responseId,
      promptTokens: counted.parts.reduce((sum, part) => sum + part.tokens, 0),
      outputTokens: usage.outputTokens,
    };

    const comparison = previous && compare(previous, request, facts.encoding);
    let predicted = 0;
    let lost = 0;
    if (previous && comparison) {
      const input = { api: logged.api, facts, previous: previous.parts, current: request.parts };
      predicted = predictCached({ ...input, comparison });
      // Against what a pure continuation would have kept: the whole previous prompt.
      const whole = { cause: "appended" as const, sharedParts: previous.parts.length, sharedTokens: previous.promptTokens };
      if (conversation) lost = Math.max(0, predictCached({ ...input, comparison: whole }) - predicted);
    }
    const position = this.#conversations.add(conversation, request);

    const report: RequestReport = {
      index: this.#requests++,
      line,
      conversation: position.conversation,
      turn: position.turn,
      provider: logged.provider,
      api: logged.api,
      model: facts.id,
      routingKey,
      previousLine: previous?.line ?? null,
      promptTokens: request.promptTokens,
      sharedPrefixTokens: comparison?.sharedTokens ?? null,
      predictedCachedTokens: predicted,
      reportedCachedTokens: usage.cachedTokens,
      reportedPromptTokens: usage.promptTokens,
      lostTokens: lost,
      approximate: facts.approximate || counted.approximate,
      // The first request of a conversation has no cause, even when compared across conversations.
      cause: conversation && comparison ? comparison.cause : null,
      divergence: conversation && comparison ? comparison.divergence : null,
    };
    this.#summary.add(report);
    return report;
  }

  summary(unreadableLines: number): LogSummary {
    return this.#summary.build(unreadableLines);
  }
}
