import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordRequests } from "../../record.js";
import { LogAnalyzer } from "../../src/logs/analyze.js";
import type { RecordedRequest } from "../../src/record/types.js";
import { ANTHROPIC_START_USAGE, CHAT_USAGE, expectedBody, RESPONSES_USAGE, startFakeProvider, type FakeProvider } from "./fake-provider.js";

const SECRET = "sk-test-5f1c0a7e9b";

let provider: FakeProvider;
let dir: string;
let file: string;

beforeEach(async () => {
  provider = await startFakeProvider();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "prompt-cache-record-"));
  file = path.join(dir, "requests.jsonl");
});

afterEach(async () => {
  provider.release();
  await provider.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function readLog(): RecordedRequest[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as RecordedRequest);
}

/** A request the way the OpenAI SDK sends one: a string body and a plain headers object. */
function openaiInit(body: object, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json", "openai-organization": "org-1", ...headers },
    body: JSON.stringify(body),
  };
}

const CHAT_BODY = { model: "gpt-5.2", prompt_cache_key: "support-reply-T-1001", messages: [{ role: "system", content: "You are helpful." }, { role: "user", content: "Hi" }] };

describe("recordRequests", () => {
  it("records an OpenAI chat completion without the API key, and changes nothing on the wire", async () => {
    provider.release();
    const fetch = recordRequests({ file });
    const response = await fetch(`${provider.url}/v1/chat/completions`, openaiInit(CHAT_BODY, { "x-grok-conv-id": "conv-7" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req_123");
    expect(await response.text()).toBe(expectedBody("/v1/chat/completions", false));
    await fetch.flush();

    // The provider got the request as sent, key included.
    expect(provider.received).toHaveLength(1);
    expect(provider.received[0]!.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(provider.received[0]!.body).toBe(JSON.stringify(CHAT_BODY));

    const [line] = readLog();
    expect(line).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string,
      url: `${provider.url}/v1/chat/completions`,
      headers: { "content-type": "application/json", "openai-organization": "org-1", "x-grok-conv-id": "conv-7" },
      request: CHAT_BODY,
      response: { status: 200, id: "chatcmpl-1", usage: CHAT_USAGE },
    });
    expect(fs.readFileSync(file, "utf8")).not.toContain(SECRET);
  });

  it("passes a stream through as it arrives and reads the usage from its final chunk", async () => {
    const fetch = recordRequests({ file });
    const response = await fetch(`${provider.url}/v1/chat/completions`, openaiInit({ ...CHAT_BODY, stream: true, stream_options: { include_usage: true } }));
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    // The server holds the end of the stream until released: the first events must arrive before.
    let text = "";
    while (!text.includes('" there."')) text += decoder.decode((await reader.read()).value, { stream: true });
    expect(fs.existsSync(file)).toBe(false); // the line waits for the end of the stream
    provider.release();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    expect(text).toBe(expectedBody("/v1/chat/completions", true));
    await fetch.flush();
    expect(readLog()[0]!.response).toEqual({ status: 200, id: "chatcmpl-2", usage: CHAT_USAGE });
  });

  it("records a streamed Responses call: id and usage from response.completed", async () => {
    provider.release();
    const fetch = recordRequests({ file });
    const response = await fetch(`${provider.url}/v1/responses`, openaiInit({ model: "gpt-5.2", instructions: "Plan.", input: "Case C-1", stream: true }));
    expect(await response.text()).toBe(expectedBody("/v1/responses", true));
    await fetch.flush();
    expect(readLog()[0]!.response).toEqual({ status: 200, id: "resp_1", usage: RESPONSES_USAGE });
  });

  it("records Anthropic messages, removing x-api-key; a stream's usage merges message_start and message_delta", async () => {
    provider.release();
    const fetch = recordRequests({ file });
    const anthropic = (stream: boolean): RequestInit => ({
      method: "POST",
      headers: { "x-api-key": SECRET, "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 256, system: "Be brief.", messages: [{ role: "user", content: "Hi" }], stream }),
    });
    expect(await (await fetch(`${provider.url}/v1/messages`, anthropic(false))).text()).toBe(expectedBody("/v1/messages", false));
    expect(await (await fetch(`${provider.url}/v1/messages`, anthropic(true))).text()).toBe(expectedBody("/v1/messages", true));
    await fetch.flush();

    const [plain, streamed] = readLog();
    expect(plain!.headers).toEqual({ "anthropic-version": "2023-06-01", "content-type": "application/json" });
    expect(plain!.response).toEqual({ status: 200, id: "msg_1", usage: { ...ANTHROPIC_START_USAGE, output_tokens: 9 } });
    // message_delta's null cache_read_input_tokens does not overwrite message_start's value.
    expect(streamed!.response).toEqual({ status: 200, id: "msg_2", usage: { ...ANTHROPIC_START_USAGE, output_tokens: 15 } });
    expect(provider.received.map((received) => received.headers["x-api-key"])).toEqual([SECRET, SECRET]);
  });

  it("reads the body of a Request object without consuming the one that is sent", async () => {
    provider.release();
    const fetch = recordRequests({ file });
    const request = new Request(`${provider.url}/v1/chat/completions?api-version=2026-01-01&key=${SECRET}`, openaiInit(CHAT_BODY));
    await (await fetch(request)).text();
    await fetch.flush();
    expect(provider.received[0]!.body).toBe(JSON.stringify(CHAT_BODY));
    const [line] = readLog();
    expect(line!.request).toEqual(CHAT_BODY);
    expect(line!.url).toBe(`${provider.url}/v1/chat/completions?api-version=2026-01-01`);
    expect(line!.headers).not.toHaveProperty("authorization");
  });

  it("writes lines in the order requests were sent, whichever response ends first", async () => {
    const fetch = recordRequests({ file });
    const streaming = fetch(`${provider.url}/v1/responses`, openaiInit({ model: "gpt-5.2", input: "first", stream: true }));
    const first = await streaming;
    await (await fetch(`${provider.url}/v1/chat/completions`, openaiInit(CHAT_BODY))).text();
    provider.release();
    await first.text();
    await fetch.flush();
    expect(readLog().map((line) => line.response.id)).toEqual(["resp_1", "chatcmpl-1"]);
  });

  it("rethrows a network error and records the request without a response", async () => {
    const fetch = recordRequests({ file });
    const closed = await startFakeProvider();
    await closed.close();
    await expect(fetch(`${closed.url}/v1/chat/completions`, openaiInit(CHAT_BODY))).rejects.toThrow(TypeError);
    await fetch.flush();
    expect(readLog()[0]!.response).toEqual({ status: null, id: null, usage: null });
  });

  it("records what it saw of a stream the caller aborts", async () => {
    const fetch = recordRequests({ file });
    const controller = new AbortController();
    const response = await fetch(`${provider.url}/v1/chat/completions`, { ...openaiInit({ ...CHAT_BODY, stream: true }), signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    await fetch.flush();
    expect(readLog()[0]!.response).toEqual({ status: 200, id: "chatcmpl-2", usage: null });
  });

  it("wraps a given fetch and warns once when the file cannot be written", async () => {
    const calls: string[] = [];
    const inner = async (input: string | URL | Request, init?: RequestInit) => {
      calls.push(String(input));
      return globalThis.fetch(input, init);
    };
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      provider.release();
      const fetch = recordRequests({ file: path.join(dir, "missing-dir", "requests.jsonl"), fetch: inner });
      for (let turn = 0; turn < 2; turn++) expect((await fetch(`${provider.url}/v1/chat/completions`, openaiInit(CHAT_BODY))).status).toBe(200);
      await fetch.flush();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(calls).toHaveLength(2);
    expect(warnings).toEqual([expect.stringMatching(/^prompt-cache recorder cannot write .*requests\.jsonl: ENOENT/) as string]);
  });

  it("writes a log that prompt-cache logs reads, with the reported cached tokens", async () => {
    provider.release();
    const fetch = recordRequests({ file });
    const system = { role: "system", content: "You are the Parcelwise reply assistant. ".repeat(200) };
    const turn1 = { model: "gpt-5.2", messages: [system, { role: "user", content: "Hi" }] };
    const turn2 = { ...turn1, messages: [...turn1.messages, { role: "assistant", content: "Hi." }, { role: "user", content: "Void LBL-88." }] };
    for (const body of [turn1, turn2]) await (await fetch(`${provider.url}/v1/chat/completions`, openaiInit(body))).text();
    await fetch.flush();

    const analyzer = new LogAnalyzer();
    const reports = fs
      .readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((line, index) => analyzer.add(line, index + 1)!);
    expect(reports.map((report) => [report.conversation, report.cause, report.reportedCachedTokens, report.reportedPromptTokens])).toEqual([
      [1, null, 1280, 1400],
      [1, "appended", 1280, 1400],
    ]);
    // The local URL names no provider: the model id does.
    expect(reports[0]!.provider).toBe("openai");
  });

  it("is the package entry eslint-plugin-prompt-cache/record (from dist: run `npm run build` first)", async () => {
    // A variable, so that type-checking does not need dist/.
    const specifier: string = "eslint-plugin-prompt-cache/record";
    const entry = (await import(specifier)) as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(["recordRequests"]);
  });
});
