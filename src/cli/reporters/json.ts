import type { Reporter } from "./types.js";

/** The report as one JSON document (public contract, version 1); never colored. */
export const json: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
