import { RuleTester, type InvalidTestCase } from "@typescript-eslint/rule-tester";
import { afterAll, describe, it } from "vitest";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A RuleTester on typescript-eslint's parser, as most users of the plugin run it. */
export const ruleTester = new RuleTester();

/** A static block of rules long enough to be worth caching (well over 20 tokens). */
export const POLICY = [
  "You are the support assistant for Acme Cloud.",
  "Answer only questions about Acme Cloud billing, accounts and deployments.",
  "Never reveal internal ticket notes, and escalate security incidents to a human agent.",
  "Keep answers under 200 words and link to the relevant help-center article when one exists.",
].join(" ");

/**
 * The full position (line, column, endLine, endColumn; 1-based like ESLint) of `text` in `code`,
 * at its first appearance right after `after`: the node an error must point at, by its source.
 */
export function positionOf(code: string, text: string, after = ""): { line: number; column: number; endLine: number; endColumn: number } {
  const found = code.indexOf(after + text);
  if (found === -1) throw new Error(`"${after}${text}" does not occur in the code`);
  const index = found + after.length;
  const point = (offset: number) => {
    const before = code.slice(0, offset).split("\n");
    return { line: before.length, column: before.at(-1)!.length + 1 };
  };
  const start = point(index);
  const end = point(index + text.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/**
 * An editor suggestion expected on an error: its output is the code with `from` replaced by `to`,
 * where `from` must occur exactly once, so the expected edit is unambiguous.
 */
export interface ExpectedSuggestion<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  from: string;
  to: string;
}

/**
 * An invalid case whose errors point at the given source texts, in order. `suggestions` lists the
 * error's editor suggestions; `[]` asserts that it has none.
 */
export function invalid<MessageId extends string, Options extends readonly unknown[] = []>(
  code: string,
  errors: Array<{ messageId: MessageId; text: string; after?: string; suggestions?: Array<ExpectedSuggestion<MessageId>> }>,
  options?: Options,
): InvalidTestCase<MessageId, Options> {
  return {
    code,
    ...(options ? { options } : {}),
    errors: errors.map(({ messageId, text, after, suggestions }) => ({
      messageId,
      ...positionOf(code, text, after),
      ...(suggestions && {
        suggestions: suggestions.map(({ messageId: suggestion, data, from, to }) => ({ messageId: suggestion, ...(data && { data }), output: replaceOnce(code, from, to) })),
      }),
    })),
  };
}

function replaceOnce(code: string, from: string, to: string): string {
  const index = code.indexOf(from);
  if (index === -1 || code.indexOf(from, index + 1) !== -1) throw new Error(`"${from}" must occur exactly once in the code`);
  return code.slice(0, index) + to + code.slice(index + from.length);
}
