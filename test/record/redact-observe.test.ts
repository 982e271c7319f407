import { describe, expect, it } from "vitest";
import { observeResponse } from "../../src/record/observe.js";
import { redactHeaders, redactUrl } from "../../src/record/redact.js";

describe("redactHeaders", () => {
  it("drops every header that can carry a credential and keeps routing headers", () => {
    const headers = new Headers({
      Authorization: "Bearer sk-1",
      "x-api-key": "sk-ant-1",
      "api-key": "azure-1",
      "x-goog-api-key": "g-1",
      "proxy-authorization": "Basic x",
      cookie: "session=1",
      "x-amz-security-token": "t",
      "helicone-auth": "h",
      "x-grok-conv-id": "conv-1",
      "x-session-affinity": "user-1",
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
    });
    expect(redactHeaders(headers)).toEqual({ "anthropic-version": "2023-06-01", "content-type": "application/json", "x-grok-conv-id": "conv-1", "x-session-affinity": "user-1" });
  });
});

describe("redactUrl", () => {
  it("drops user info and credential query parameters", () => {
    expect(redactUrl("https://user:pw@generativelanguage.googleapis.com/v1beta/models/x:generateContent?key=AIza1&alt=sse")).toBe("https://generativelanguage.googleapis.com/v1beta/models/x:generateContent?alt=sse");
    expect(redactUrl("https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2026-01-01&sig=abc&access_token=t")).toBe("https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2026-01-01");
    expect(redactUrl("/v1/chat/completions?key=1")).toBe("/v1/chat/completions");
  });
});

/** A response whose body arrives in the given chunks. */
function streamed(chunks: string[], type = "text/event-stream"): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": type } });
}

describe("observeResponse", () => {
  it("reads events split anywhere across chunks, with CRLF lines and multi-line data", async () => {
    const text = 'data: {"id":"chatcmpl-9","usage":null}\r\n\r\ndata: {"usage":\ndata: {"prompt_tokens":5}}\r\n\r\ndata: [DONE]\r\n\r\n';
    const chunks = [text.slice(0, 7), text.slice(7, 41), text.slice(41, 42), text.slice(42)];
    expect(await observeResponse(streamed(chunks))).toEqual({ id: "chatcmpl-9", usage: { prompt_tokens: 5 } });
  });

  it("keeps the last event when the stream ends without a blank line", async () => {
    expect(await observeResponse(streamed(['data: {"id":"a","usage":{"prompt_tokens":3}}']))).toEqual({ id: "a", usage: { prompt_tokens: 3 } });
  });

  it("gives nulls for a body that is neither JSON nor events", async () => {
    expect(await observeResponse(streamed(["<html>Bad gateway</html>"], "text/html"))).toEqual({ id: null, usage: null });
    expect(await observeResponse(new Response(null, { status: 204 }))).toEqual({ id: null, usage: null });
  });
});
