import type { RecordedResponse } from "./types.js";

type JsonObject = Record<string, unknown>;

/** What the recorder keeps of a response body: its id and its usage. */
export type ResponseFacts = Pick<RecordedResponse, "id" | "usage">;

/**
 * Reads the id and usage of a response (a clone: the caller's body is untouched). A JSON body has
 * them at the top (OpenAI Chat Completions and Responses, Anthropic Messages). A streamed body
 * (server-sent events) is read event by event, keeping only those two, so a long stream costs one
 * line of memory. Anything unreadable gives nulls: the recorder never fails a request.
 */
export async function observeResponse(response: Response): Promise<ResponseFacts> {
  const facts: ResponseFacts = { id: null, usage: null };
  if (!response.body) return facts;
  try {
    if (response.headers.get("content-type")?.includes("text/event-stream")) {
      for await (const data of eventData(response.body)) observeEvent(parseJson(data), facts);
    } else {
      observeEvent(parseJson(await response.text()), facts);
    }
  } catch {
    // A stream that errors (aborted by the caller, network) keeps what was read before.
  }
  return facts;
}

/**
 * Where each wire format puts the id and usage: a chat chunk or JSON body at its top, Anthropic's
 * `message_start` in `message` (later `message_delta` events add `usage` at the top), the
 * Responses API's `response.completed` in `response`. Later values win, nulls never do.
 */
function observeEvent(event: unknown, facts: ResponseFacts): void {
  if (!isObject(event)) return;
  const holder = isObject(event.response) ? event.response : isObject(event.message) ? event.message : event;
  if (facts.id === null && typeof holder.id === "string") facts.id = holder.id;
  for (const usage of [holder.usage, event.usage]) {
    if (!isObject(usage)) continue;
    facts.usage ??= {};
    for (const [key, value] of Object.entries(usage)) if (value !== null && value !== undefined) facts.usage[key] = value;
  }
}

/** The `data:` payloads of a server-sent event stream, one per event, `[DONE]` left out. */
async function* eventData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  let data: string[] = [];
  const lines = async function* () {
    for await (const chunk of body) {
      pending += decoder.decode(chunk, { stream: true });
      const parts = pending.split(/\r?\n/);
      pending = parts.pop()!;
      yield* parts;
    }
    yield pending + decoder.decode();
    yield ""; // a stream may end without the blank line that closes its last event
  };
  for await (const line of lines()) {
    if (line === "") {
      const payload = data.join("\n");
      data = [];
      if (payload !== "" && payload !== "[DONE]") yield payload;
    } else if (line.startsWith("data:")) {
      data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
