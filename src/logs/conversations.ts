import type { EncodingName } from "../providers/types.js";
import type { Comparable } from "./compare.js";
import { digest } from "./json-values.js";
import { LruMap } from "./lru.js";
import type { ChainedResponse, RenderedPart, RenderedPrompt } from "./render.js";

/** What grouping looks at: the model, the routing key and the parts' texts, not their counts. */
export interface RequestIdentity {
  model: string;
  routingKey: string | null;
  parts: Array<Pick<RenderedPart, "kind" | "index" | "header" | "text">>;
  ownItemsStart: number;
}

/** What is kept of a request once it has been analyzed: enough to compare the next one with it. */
export interface TrackedRequest extends Comparable, RenderedPrompt {
  line: number;
  /** The encoding its parts were counted with. */
  encoding: EncodingName;
  responseId: string | null;
  promptTokens: number;
  outputTokens: number | null;
}

export interface Conversation {
  id: number;
  turns: number;
  last: TrackedRequest;
  /** The digest of the last request's final message, which the next turn re-sends. */
  anchor: string | null;
}

export interface ConversationLimits {
  /** Conversations whose last request is kept; the least recently active is forgotten first. */
  open: number;
  /** Requests kept to compare the first request of a new conversation with. */
  openings: number;
}

export const DEFAULT_LIMITS: ConversationLimits = { open: 2_000, openings: 200 };

/**
 * Groups requests into conversations and keeps only the last request of each: memory depends on
 * the number of open conversations, never on the length of the log. A request joins the
 * conversation of its routing key; else the one whose last response its `previous_response_id`
 * names; else the one whose last request's final message it re-sends (the previous turn's
 * message, followed by newer ones, or a retry of the very same messages).
 */
export class Conversations {
  #count = 0;
  readonly #open: LruMap<number, Conversation>;
  readonly #byRoutingKey: LruMap<string, number>;
  readonly #byResponseId: LruMap<string, number>;
  readonly #byAnchor: LruMap<string, number>;
  readonly #openings: LruMap<string, TrackedRequest>;

  constructor(limits: ConversationLimits = DEFAULT_LIMITS) {
    this.#open = new LruMap(limits.open);
    // Index entries are small; ten per open conversation leaves room for changed keys and ids.
    this.#byRoutingKey = new LruMap(limits.open * 10);
    this.#byResponseId = new LruMap(limits.open * 10);
    this.#byAnchor = new LruMap(limits.open * 10);
    this.#openings = new LruMap(limits.openings);
  }

  /** What a `previous_response_id` carries, when the response it names is the last of its conversation. */
  chained(responseId: string): ChainedResponse | null {
    const last = this.#conversation(this.#byResponseId.get(responseId))?.last;
    if (last?.responseId !== responseId) return null;
    return { id: responseId, items: last.parts.slice(last.itemsStart), outputTokens: last.outputTokens };
  }

  /** The conversation a request belongs to, or null when it starts one. */
  find(request: RequestIdentity, previousResponseId: string | null): Conversation | null {
    if (request.routingKey !== null) {
      const byKey = this.#conversation(this.#byRoutingKey.get(request.routingKey));
      if (byKey) return byKey;
    }
    if (previousResponseId !== null) {
      const byChain = this.#conversation(this.#byResponseId.get(previousResponseId));
      if (byChain) return byChain;
    }
    return this.#continued(request);
  }

  /**
   * For the first request of a conversation: the latest request with the same model, routing key
   * and first prompt part, since the provider's cache is shared across conversations.
   */
  opening(request: RequestIdentity): TrackedRequest | null {
    return this.#openings.get(openingKey(request)) ?? null;
  }

  /** Records a request as the last of its conversation (a new one when null); returns the conversation's number and the turn. */
  add(conversation: Conversation | null, request: TrackedRequest): { conversation: number; turn: number } {
    const current = conversation ?? { id: ++this.#count, turns: 0, last: request, anchor: null };
    current.turns++;
    current.last = request;
    const last = messageTexts(request).at(-1);
    current.anchor = last === undefined ? null : digest(last);
    this.#open.set(current.id, current);
    if (request.routingKey !== null) this.#byRoutingKey.set(request.routingKey, current.id);
    if (request.responseId !== null) this.#byResponseId.set(request.responseId, current.id);
    if (current.anchor !== null) this.#byAnchor.set(current.anchor, current.id);
    this.#openings.set(openingKey(request), request);
    return { conversation: current.id, turn: current.turns };
  }

  #conversation(id: number | undefined): Conversation | null {
    return id === undefined ? null : (this.#open.get(id) ?? null);
  }

  /** The conversation whose last final message this request re-sends, the latest position first. */
  #continued(request: RequestIdentity): Conversation | null {
    const messages = messageTexts(request);
    for (let position = messages.length - 1; position >= 0; position--) {
      const anchor = digest(messages[position]!);
      const conversation = this.#conversation(this.#byAnchor.get(anchor));
      if (conversation?.anchor !== anchor) continue;
      // Re-sending it as the final message is a continuation only when every message is the same
      // (a retry, perhaps with another model); else it is a static closing message that many
      // conversations share.
      if (position < messages.length - 1 || sameTexts(messages, messageTexts(conversation.last))) return conversation;
    }
    return null;
  }
}

/**
 * The text of each message of the request's own items, in order. Images are left out: an app
 * that re-encodes a photo on every turn still continues its conversation (as `image_changed`).
 */
function messageTexts(request: RequestIdentity): string[] {
  const texts = new Map<number, string>();
  for (const part of request.parts.slice(request.ownItemsStart)) {
    if (part.index === null || part.kind === "image") continue;
    texts.set(part.index, `${texts.get(part.index) ?? ""}\u0000${part.kind}:${part.text}`);
  }
  return [...texts.values()];
}

function sameTexts(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((text, position) => text === b[position]);
}

function openingKey(request: RequestIdentity): string {
  const first = request.parts.find((part) => !part.header);
  return [request.model, request.routingKey ?? "", digest(first?.text ?? "")].join("\u0000");
}
