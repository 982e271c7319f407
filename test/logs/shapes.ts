import fs from "node:fs";
import type { RecordedRequest } from "../../src/record/types.js";

/** A request shape from fixtures/logs/requests: a recorder line without its time and response. */
export interface Shape {
  url: string;
  headers: Record<string, string>;
  // The bodies are edited freely by the tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request: Record<string, any>;
}

export type ShapeName = "support-reply" | "support-reply-claude" | "triage" | "research" | "planner" | "sentiment";

/** A fresh copy of a fixture shape, to edit into the turns of a conversation. */
export function shape(name: ShapeName): Shape {
  return JSON.parse(fs.readFileSync(new URL(`../../fixtures/logs/requests/${name}.json`, import.meta.url), "utf8")) as Shape;
}

/** The shape as the recorder writes it. */
export function recorded(request: Shape, response: Partial<RecordedRequest["response"]> = {}): string {
  const line: RecordedRequest = {
    time: "2026-11-22T09:14:03.000Z",
    url: request.url,
    headers: request.headers,
    request: request.request,
    response: { status: 200, id: null, usage: null, ...response },
  };
  return JSON.stringify(line);
}

/** The shape's body alone, as a log of bare request bodies has it. */
export function bare(request: Shape): string {
  return JSON.stringify(request.request);
}

/** The shape with more messages at the end of `messages`. */
export function appended(request: Shape, ...messages: object[]): Shape {
  const next = structuredClone(request);
  next.request.messages.push(...messages);
  return next;
}
