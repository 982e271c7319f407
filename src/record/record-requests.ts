import { appendFile } from "node:fs/promises";
import { observeResponse } from "./observe.js";
import { redactHeaders, redactUrl } from "./redact.js";
import type { RecordedRequest, RecordedResponse } from "./types.js";

/** The `fetch` signature the OpenAI, Anthropic and Groq SDKs accept as their `fetch` option. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RecordOptions {
  /** The JSON-lines file to append to; created when missing. */
  file: string;
  /** The fetch to wrap; default `globalThis.fetch`. */
  fetch?: Fetch;
}

/** A fetch that records, plus `flush()`: resolves when every request so far is written. */
export interface RecordingFetch extends Fetch {
  flush(): Promise<void>;
}

/**
 * Wraps a fetch so that every request appends one JSON line to `options.file`: the URL, headers
 * and body as sent (credentials removed), and the response's id and `usage`. The request and the
 * response pass through unchanged (the response is the one the wrapped fetch returned; the
 * recorder reads a clone of it, so a streamed body reaches the caller as it arrives). Lines are
 * written in the order the requests were sent, each once its response has ended. Recording never
 * fails a request: a body it cannot read is recorded as null, a failed write is one warning.
 *
 * ```ts
 * const openai = new OpenAI({ fetch: recordRequests({ file: "requests.jsonl" }) });
 * ```
 */
export function recordRequests(options: RecordOptions): RecordingFetch {
  const inner = options.fetch ?? globalThis.fetch;
  let written: Promise<void> = Promise.resolve();
  let warned = false;
  const write = (entry: Promise<RecordedRequest>) => {
    written = written
      .then(async () => appendFile(options.file, `${JSON.stringify(await entry)}\n`))
      .catch((error: unknown) => {
        if (warned) return;
        warned = true;
        process.emitWarning(`prompt-cache recorder cannot write ${options.file}: ${error instanceof Error ? error.message : String(error)}`);
      });
  };

  const recording = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const time = new Date().toISOString();
    const request = isRequest(input) ? input : null;
    // Read before sending: sending consumes a Request's body.
    const body = init?.body !== undefined && init.body !== null ? readBody(init.body) : request ? readRequestBody(request) : Promise.resolve(null);
    const sent = {
      time,
      url: redactUrl(request?.url ?? String(input)),
      headers: redactHeaders(new Headers(init?.headers ?? request?.headers)),
    };
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      write(entry(sent, body, Promise.resolve({ status: null, id: null, usage: null })));
      throw error;
    }
    const facts = observeResponse(response.clone());
    write(entry(sent, body, facts.then((read) => ({ status: response.status, ...read }))));
    return response;
  };
  return Object.assign(recording, { flush: async () => written });
}

async function entry(sent: Omit<RecordedRequest, "request" | "response">, body: Promise<unknown>, response: Promise<RecordedResponse>): Promise<RecordedRequest> {
  return { ...sent, request: await body, response: await response };
}

/**
 * A body given to fetch, without consuming it: a stream or form data is not read (null). Never
 * rejects: the line waits in the write queue, where a rejection would be unhandled until its turn.
 */
async function readBody(body: NonNullable<RequestInit["body"]>): Promise<unknown> {
  try {
    if (typeof body === "string") return parseText(body);
    if (body instanceof URLSearchParams) return parseText(body.toString());
    if (body instanceof Blob) return parseText(await body.text());
    if (body instanceof ArrayBuffer) return parseText(Buffer.from(body).toString("utf8"));
    if (ArrayBuffer.isView(body)) return parseText(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  } catch {
    // Unreadable: recorded as null.
  }
  return null;
}

/** The body of a Request, read from a clone so the original can still be sent; never rejects. */
async function readRequestBody(request: Request): Promise<unknown> {
  try {
    return request.body === null ? null : parseText(await request.clone().text());
  } catch {
    return null;
  }
}

/** JSON when the text parses, else the text. */
function parseText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isRequest(input: string | URL | Request): input is Request {
  return typeof input === "object" && !(input instanceof URL);
}
