import type { ProviderName } from "../model/types.js";
import type { EncodingName } from "../providers/types.js";
import { countTokens } from "../tokens/count.js";
import { canonicalJson, isObject, stringOrNull, type JsonObject } from "./json-values.js";
import type { Api, Divergence } from "./types.js";

export type PartKind = Exclude<Divergence["part"], "model" | "routing_key">;

/** One unit of a rendered prompt: a tool, a setting, a message header or a content block. */
export interface RenderedPart {
  kind: PartKind;
  /** As in `Divergence.index`. */
  index: number | null;
  /** As in `Divergence.block`. */
  block: number | null;
  /** A message's role and framing, not one of its content blocks. */
  header: boolean;
  /** What is compared between requests and counted. */
  text: string;
  /** An Anthropic `cache_control` breakpoint ends here (explicit, or the automatic one on the last block). */
  breakpoint: boolean;
  /** Tokens known without counting the text (images, settings, an earlier response's output); null to count. */
  fixedTokens: number | null;
}

/** A part with its tokens counted (see `countParts`). */
export interface PromptPart extends Omit<RenderedPart, "fixedTokens"> {
  tokens: number;
}

/** A request's prompt as a provider-neutral list of parts, in the provider's prefix order. */
export interface RenderedPrompt<Part = PromptPart> {
  parts: Part[];
  /** Where the conversation (messages or input items) starts, after tools, schema, system and settings. */
  itemsStart: number;
  /** Where this request's own items start: the parts between `itemsStart` and here come from a `previous_response_id` chain. */
  ownItemsStart: number;
  /** Whether a count is an estimate: tool JSON, images (counted as 0), an earlier response's output. */
  approximate: boolean;
}

/** What a `previous_response_id` carries into the prompt, when the log has the response it names. */
export interface ChainedResponse {
  id: string;
  /** The conversation part of that request's prompt. */
  items: PromptPart[];
  /** Its output tokens as reported, which the next prompt contains; null without usage. */
  outputTokens: number | null;
}

/**
 * Tokens around each message (`<|start|>`, `<|message|>`, `<|end|>`), plus its role: the OpenAI
 * cookbook's `num_tokens_from_messages`, as in tokens/prefix.ts. Other providers' framing is not
 * published; the same estimate stands in.
 */
const TOKENS_PER_MESSAGE = 3;

/** Where `tool_choice` enters the cached prefix, when it does (see docs/logs.md). */
function toolChoicePosition(api: Api, provider: ProviderName): "after_tools" | "after_system" | null {
  // Anthropic: a tool_choice change keeps the tools and system cache but not the messages cache.
  if (api === "messages") return "after_system";
  // Groq: "changes to cached sections, including tool_choice … will invalidate the cache"; the
  // position is not published, right after the tools is assumed.
  if (provider === "groq") return "after_tools";
  // OpenAI: `tool_choice` is request metadata, not prompt (Prompt_Caching_201 §4.3).
  return null;
}

/** Renders the request body in its API's prefix order: tools, schema, system, settings, then the conversation. */
export function renderPrompt(api: Api, provider: ProviderName, body: JsonObject, chained: ChainedResponse | null): RenderedPrompt<RenderedPart> {
  const prompt = new PromptBuilder();
  const toolChoice = toolChoicePosition(api, provider);
  const defaultToolChoice = api === "messages" ? { type: "auto" } : "auto";
  prompt.tools(body.tools);
  if (toolChoice === "after_tools") prompt.toolChoice(body.tool_choice ?? defaultToolChoice);
  if (api === "chat.completions") prompt.responseFormat(body.response_format);
  if (api === "responses") {
    prompt.responseFormat(isObject(body.text) ? body.text.format : undefined);
    if (typeof body.instructions === "string") prompt.add("system", null, null, body.instructions);
  }
  if (api === "messages") prompt.anthropicSystem(body.system);
  if (toolChoice === "after_system") prompt.toolChoice(body.tool_choice ?? defaultToolChoice);

  const itemsStart = prompt.parts.length;
  const previousId = api === "responses" ? stringOrNull(body.previous_response_id) : null;
  if (chained !== null) {
    prompt.parts.push(...chained.items.map(({ tokens, ...part }) => ({ ...part, fixedTokens: tokens })));
    prompt.add("messages", null, null, `[output of ${chained.id}]`, { tokens: chained.outputTokens ?? 0 });
    prompt.approximate = true;
  } else if (previousId !== null) {
    // The earlier turns are on the provider's side and not in the log: their size is unknown.
    prompt.add("messages", null, null, `[earlier turns of ${previousId}]`, { tokens: 0 });
    prompt.approximate = true;
  }
  const ownItemsStart = prompt.parts.length;
  const items = api === "responses" ? (typeof body.input === "string" ? [{ role: "user", content: body.input }] : body.input) : body.messages;
  if (Array.isArray(items)) items.forEach((item, index) => prompt.item(item, index));
  if (api === "messages" && isObject(body.cache_control)) prompt.markLastBlock();
  return { parts: prompt.parts, itemsStart, ownItemsStart, approximate: prompt.approximate };
}

/** Message fields that are rendered on their own (the header and the content blocks). */
const MESSAGE_FIELDS = new Set(["role", "content", "name", "tool_call_id", "type"]);
const TEXT_BLOCKS = new Set(["text", "input_text", "output_text"]);
const IMAGE_BLOCKS = new Set(["image_url", "input_image", "image"]);

/**
 * Tokens of parts, counted once per text: a part that the compared request has at the same place
 * with the same text takes its count from there (a long conversation is not re-counted on every
 * turn; `encoding` must be the one `previous` was counted with).
 */
export function countParts(prompt: RenderedPrompt<RenderedPart>, encoding: EncodingName, previous: PromptPart[] | null): RenderedPrompt {
  const parts = prompt.parts.map(({ fixedTokens, ...part }, position): PromptPart => {
    const earlier = previous?.[position];
    if (fixedTokens !== null) return { ...part, tokens: fixedTokens };
    if (earlier && earlier.text === part.text && earlier.header === part.header) return { ...part, tokens: earlier.tokens };
    return { ...part, tokens: (part.header ? TOKENS_PER_MESSAGE : 0) + countTokens(part.text, encoding) };
  });
  return { ...prompt, parts };
}

class PromptBuilder {
  readonly parts: RenderedPart[] = [];
  approximate = false;

  add(kind: PartKind, index: number | null, block: number | null, text: string, options: { header?: boolean; breakpoint?: boolean; tokens?: number } = {}): void {
    this.parts.push({ kind, index, block, header: options.header ?? false, text, breakpoint: options.breakpoint ?? false, fixedTokens: options.tokens ?? null });
  }

  /** Tool definitions as their JSON: the provider renders them its own way (OpenAI: a TypeScript-like namespace). */
  tools(tools: unknown): void {
    if (!Array.isArray(tools)) return;
    tools.forEach((tool, index) => this.add("tools", index, null, canonicalJson(tool), { breakpoint: hasCacheControl(tool) }));
    if (tools.length > 0) this.approximate = true;
  }

  /** A setting, not text: no tokens of its own, but a change at its place in the prefix is a miss. */
  toolChoice(value: unknown): void {
    this.add("tool_choice", null, null, canonicalJson(value), { tokens: 0 });
  }

  responseFormat(format: unknown): void {
    if (format !== undefined && format !== null) this.add("response_format", null, null, canonicalJson(format));
  }

  anthropicSystem(system: unknown): void {
    if (typeof system === "string") this.add("system", null, null, system);
    else if (Array.isArray(system)) system.forEach((block, index) => this.block("system", null, index, block));
  }

  /** A message (Chat, Anthropic, a Responses message item) or another Responses input item. */
  item(item: unknown, index: number): void {
    if (!isObject(item) || typeof item.role !== "string") {
      this.add("messages", index, null, canonicalJson(item));
      return;
    }
    const kind = item.role === "system" || item.role === "developer" ? "system" : "messages";
    const header = [item.role, stringOrNull(item.name), stringOrNull(item.tool_call_id)].filter((text) => text !== null).join(" ");
    this.add(kind, index, null, header, { header: true });
    if (typeof item.content === "string") this.add(kind, index, null, item.content);
    else if (Array.isArray(item.content)) item.content.forEach((block, blockIndex) => this.block(kind, index, blockIndex, block));
    // Assistant `tool_calls`, `reasoning_content` and the like are part of the prompt too.
    const rest = Object.fromEntries(Object.entries(item).filter(([key]) => !MESSAGE_FIELDS.has(key)));
    const restText = canonicalJson(rest);
    if (restText !== "{}") this.add(kind, index, null, restText);
  }

  block(kind: PartKind, index: number | null, blockIndex: number, block: unknown): void {
    const breakpoint = hasCacheControl(block);
    const type = isObject(block) ? String(block.type) : "";
    if (isObject(block) && TEXT_BLOCKS.has(type) && typeof block.text === "string") {
      this.add(kind, index, blockIndex, block.text, { breakpoint });
    } else if (IMAGE_BLOCKS.has(type)) {
      // An image's tokens depend on its pixels, which the log does not have.
      this.add("image", index, blockIndex, canonicalJson(block), { breakpoint, tokens: 0 });
      this.approximate = true;
    } else {
      this.add(kind, index, blockIndex, canonicalJson(block), { breakpoint });
    }
  }

  /** Anthropic's automatic caching (top-level `cache_control`): a breakpoint on the last block. */
  markLastBlock(): void {
    const last = this.parts.findLast((part) => !part.header && part.kind !== "tool_choice");
    if (last) last.breakpoint = true;
  }
}

function hasCacheControl(value: unknown): boolean {
  return isObject(value) && isObject(value.cache_control);
}
