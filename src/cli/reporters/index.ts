import { json } from "./json.js";
import { pretty } from "./pretty.js";
import type { Reporter } from "./types.js";

/** The `--format` values and the reporter each one selects. */
export const reporters = { pretty, json } satisfies Record<string, Reporter>;

export type FormatName = keyof typeof reporters;

export const formatNames = Object.keys(reporters) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(reporters, name);
}
