import type { LineError } from "../types.js";
import { MAX_ERRORS, type CreateFormatter } from "./types.js";

/**
 * The report as one JSON document (docs/logs.md), byte for byte what `JSON.stringify(report,
 * null, 2)` gives, but written a request at a time so that a huge log never sits in memory.
 */
export const json: CreateFormatter = (sink) => {
  const errors: LineError[] = [];
  let requests = 0;
  sink.write('{\n  "version": 1,\n  "requests": [');
  return {
    request(report) {
      sink.write(`${requests++ === 0 ? "\n" : ",\n"}    ${indent(report, 4)}`);
    },
    error(error) {
      if (errors.length < MAX_ERRORS) errors.push(error);
    },
    end(summary) {
      sink.write(`${requests === 0 ? "]" : "\n  ]"},\n  "errors": ${indent(errors, 2)},\n  "summary": ${indent(summary, 2)}\n}\n`);
    },
  };
};

function indent(value: unknown, spaces: number): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${" ".repeat(spaces)}`);
}
