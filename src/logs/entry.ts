import { providerFromBaseURL } from "../discovery/clients.js";
import type { ProviderName } from "../model/types.js";
import { providerFromModelId } from "../providers/models.js";
import { isObject, stringOrNull, type JsonObject } from "./json-values.js";
import type { Api } from "./types.js";

/** One request of a log, whichever form its line had. */
export interface LoggedRequest {
  api: Api;
  provider: ProviderName;
  /** The body's `model`, null when it has none. */
  model: string | null;
  headers: Record<string, string>;
  body: JsonObject;
  /** The id of the response (recorder lines only): what a later `previous_response_id` names. */
  responseId: string | null;
  usage: JsonObject | null;
}

/** A line that is not a request: reported with its line number and skipped. */
export class UnreadableLine extends Error {
  override name = "UnreadableLine";
}

/**
 * Reads one log line: a recorder line (`{ time, url, headers, request, response }`) or a bare
 * request body (OpenAI Chat Completions or Responses, Anthropic Messages, and the
 * OpenAI-compatible APIs of xAI, Groq and others).
 */
export function parseEntry(text: string): LoggedRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UnreadableLine(`Invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(value)) throw new UnreadableLine("Expected a JSON object.");
  const recorded = "request" in value && ("url" in value || "response" in value);
  const body = recorded ? value.request : value;
  if (!isObject(body)) throw new UnreadableLine("The recorded request body is not a JSON object.");
  if (!Array.isArray(body.messages) && body.input === undefined && body.instructions === undefined) {
    throw new UnreadableLine("Not a request body: expected `messages` (Chat Completions, Messages) or `input` (Responses).");
  }
  const url = recorded ? stringOrNull(value.url) : null;
  const api = apiOf(url, body);
  const model = stringOrNull(body.model);
  const response = recorded && isObject(value.response) ? value.response : null;
  return {
    api,
    provider: providerOf(url, api, model),
    model,
    headers: recorded && isObject(value.headers) ? lowerCaseStrings(value.headers) : {},
    body,
    responseId: stringOrNull(response?.id),
    usage: isObject(response?.usage) ? response.usage : null,
  };
}

/** The URL's endpoint when there is one, else the body's shape. */
function apiOf(url: string | null, body: JsonObject): Api {
  const path = url?.split("?")[0] ?? "";
  if (path.endsWith("/chat/completions")) return "chat.completions";
  if (path.endsWith("/responses")) return "responses";
  if (path.endsWith("/messages")) return "messages";
  if (!Array.isArray(body.messages)) return "responses";
  return looksAnthropic(body) ? "messages" : "chat.completions";
}

/** Block types that only Anthropic's content uses (OpenAI's are `text`, `image_url`, `input_audio`, `file`). */
const ANTHROPIC_BLOCKS = new Set(["image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking", "search_result"]);

/** Messages-only fields: top-level `system` or `cache_control`, `input_schema` tools, Anthropic block types, a bare `claude-*` id. */
function looksAnthropic(body: JsonObject): boolean {
  if (body.system !== undefined || body.cache_control !== undefined) return true;
  if (typeof body.model === "string" && body.model.startsWith("claude")) return true;
  if (Array.isArray(body.tools) && body.tools.some((tool) => isObject(tool) && tool.input_schema !== undefined)) return true;
  return (body.messages as unknown[]).some(
    (message) => isObject(message) && Array.isArray(message.content) && message.content.some((block) => isObject(block) && ANTHROPIC_BLOCKS.has(String(block.type))),
  );
}

/** The host when it is known, else what the model id says, else the API's own vendor. */
function providerOf(url: string | null, api: Api, model: string | null): ProviderName {
  if (url !== null) {
    if (/^[a-z]+:\/\/([^/:]+\.)?anthropic\.com[/:]/i.test(url)) return "anthropic";
    const provider = providerFromBaseURL(url);
    if (provider !== "openai-compatible") return provider;
  }
  return (model === null ? null : providerFromModelId(model)) ?? (api === "messages" ? "anthropic" : "openai-compatible");
}

function lowerCaseStrings(headers: JsonObject): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (typeof value === "string") result[name.toLowerCase()] = value;
  return result;
}
