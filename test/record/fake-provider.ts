import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake provider received, to check that the recorder changed nothing. */
export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeProvider {
  url: string;
  received: Received[];
  /** Streams wait for this before their last events, so a test can read the first ones first. */
  release(): void;
  close(): Promise<void>;
}

export const CHAT_USAGE = { prompt_tokens: 1400, completion_tokens: 12, total_tokens: 1412, prompt_tokens_details: { cached_tokens: 1280 } };
export const RESPONSES_USAGE = { input_tokens: 900, input_tokens_details: { cached_tokens: 768 }, output_tokens: 40, total_tokens: 940 };
export const ANTHROPIC_START_USAGE = { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 1500, output_tokens: 1 };

/** Server-sent events as the providers write them: `event:` lines (Anthropic, Responses) and `data:` lines. */
function sse(events: Array<{ event?: string; data: unknown }>): string[] {
  return events.map(({ event, data }) => `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}

/** The bodies each endpoint sends: [first part, rest] (streams are split in two, around `release`). */
function answer(path: string, body: { stream?: boolean }): { type: string; parts: [string, string] } {
  if (path === "/v1/chat/completions") {
    if (!body.stream) {
      const json = JSON.stringify({ id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "Hi." } }], usage: CHAT_USAGE });
      return { type: "application/json", parts: [json, ""] };
    }
    const chunk = (delta: object, usage: object | null = null) => ({ id: "chatcmpl-2", object: "chat.completion.chunk", choices: usage ? [] : [{ index: 0, delta }], usage });
    const events = sse([{ data: chunk({ role: "assistant", content: "Hi" }) }, { data: chunk({ content: " there." }) }, { data: chunk({}, CHAT_USAGE) }, { data: "[DONE]" }]);
    return { type: "text/event-stream", parts: [events.slice(0, 2).join(""), events.slice(2).join("")] };
  }
  if (path === "/v1/responses") {
    const events = sse([
      { event: "response.created", data: { type: "response.created", response: { id: "resp_1", status: "in_progress", usage: null } } },
      { event: "response.output_text.delta", data: { type: "response.output_text.delta", delta: "Plan" } },
      { event: "response.completed", data: { type: "response.completed", response: { id: "resp_1", status: "completed", usage: RESPONSES_USAGE } } },
    ]);
    return { type: "text/event-stream", parts: [events.slice(0, 2).join(""), events.slice(2).join("")] };
  }
  // Anthropic Messages.
  if (!body.stream) {
    const json = JSON.stringify({ id: "msg_1", type: "message", role: "assistant", content: [{ type: "text", text: "Hi." }], usage: { ...ANTHROPIC_START_USAGE, output_tokens: 9 } });
    return { type: "application/json", parts: [json, ""] };
  }
  const events = sse([
    { event: "message_start", data: { type: "message_start", message: { id: "msg_2", type: "message", role: "assistant", content: [], usage: ANTHROPIC_START_USAGE } } },
    { event: "content_block_delta", data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi." } } },
    { event: "message_delta", data: { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 15, cache_read_input_tokens: null } } },
    { event: "message_stop", data: { type: "message_stop" } },
  ]);
  return { type: "text/event-stream", parts: [events.slice(0, 2).join(""), events.slice(2).join("")] };
}

/** A local server (127.0.0.1 only) that answers like OpenAI and Anthropic, streaming or not. */
export async function startFakeProvider(): Promise<FakeProvider> {
  const received: Received[] = [];
  let released!: () => void;
  const gate = new Promise<void>((resolve) => (released = resolve));
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body });
      const path = (request.url ?? "").split("?")[0]!;
      const { type, parts } = answer(path, JSON.parse(body || "{}") as { stream?: boolean });
      response.writeHead(200, { "content-type": type, "x-request-id": "req_123" });
      if (type === "application/json") {
        response.end(parts[0]);
        return;
      }
      response.write(parts[0]);
      void gate.then(() => response.end(parts[1]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    release: () => released(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every body the fake provider can send, joined, for comparing with what a caller read. */
export function expectedBody(path: string, stream: boolean): string {
  return answer(path, { stream }).parts.join("");
}
