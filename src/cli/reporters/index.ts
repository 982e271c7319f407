import { github } from "./github.js";
import { json } from "./json.js";
import { markdown } from "./markdown.js";
import type { FormatName } from "./names.js";
import { pretty } from "./pretty.js";
import { sarif } from "./sarif.js";
import type { Reporter } from "./types.js";

/** The reporter each `--format` value selects. */
export const reporters: Record<FormatName, Reporter> = { pretty, json, sarif, markdown, github };
