import { html } from "./html.js";
import { json } from "./json.js";
import { pretty } from "./pretty.js";
import type { CreateFormatter } from "./types.js";

/** The `--format` values of `prompt-cache logs`. */
export const formats = { pretty, json, html } satisfies Record<string, CreateFormatter>;

export type LogFormatName = keyof typeof formats;

export const logFormatNames = Object.keys(formats) as LogFormatName[];

export function isLogFormatName(name: string): name is LogFormatName {
  return Object.hasOwn(formats, name);
}
