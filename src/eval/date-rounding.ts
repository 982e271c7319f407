import type { TSESTree } from "@typescript-eslint/typescript-estree";

/**
 * How a time of day made from the current JavaScript `Date` can show only the date, so that a
 * check can offer the edit (no-volatile-prefix):
 * - `date`: the `Date` object itself, turned into text where it is placed: add `.toDateString()`;
 * - `iso-date`: `date.toISOString()`: add `.slice(0, 10)`;
 * - `locale-date`: `date.toLocaleString(locales?, options?)` whose options pick no time field:
 *   call `toLocaleDateString` instead;
 * - `date-string`: `date.toString()`: call `toDateString` instead.
 * Moment, dayjs and luxon objects have other methods and are never recorded.
 */
export type DateRounding = "date" | "iso-date" | "locale-date" | "date-string";

/*
 * Checks see the pieces of a prompt, not the values the evaluator made them from, so the evaluator
 * records here what it recognized (time.ts), by the node that makes the value (a piece's
 * `origin ?? node`). Keyed by AST node: entries go away with the tree, and a file parsed again
 * starts empty.
 */
const roundings = new WeakMap<TSESTree.Node, DateRounding>();

export function noteDateRounding(node: TSESTree.Node, rounding: DateRounding): void {
  roundings.set(node, rounding);
}

/** How the value made by `node` can be rounded to the date, null when the evaluator saw no way. */
export function dateRounding(node: TSESTree.Node): DateRounding | null {
  return roundings.get(node) ?? null;
}
