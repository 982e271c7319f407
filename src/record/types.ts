/**
 * One line of a recorder log (`recordRequests`), and the format `prompt-cache logs` reads. Field
 * names are a public contract: see docs/logs.md.
 */
export interface RecordedRequest {
  /** When the request was sent, ISO 8601 in UTC. */
  time: string;
  /** The request URL without credentials (user info and secret query parameters removed). */
  url: string;
  /** Request headers by lower-case name, without credentials. */
  headers: Record<string, string>;
  /** The body as sent: parsed when it is JSON, else its text; null when it could not be read without consuming it. */
  request: unknown;
  response: RecordedResponse;
}

export interface RecordedResponse {
  /** The HTTP status; null when the request failed before a response (network error, abort). */
  status: number | null;
  /** The response or message id (`chatcmpl-…`, `resp_…`, `msg_…`): links `previous_response_id` chains. */
  id: string | null;
  /** The provider's `usage` object as reported, merged over the events of a streamed response. */
  usage: Record<string, unknown> | null;
}
