/*
 * `eslint-plugin-prompt-cache/record`: a fetch wrapper that logs LLM requests for
 * `prompt-cache logs`. It has no dependency on ESLint or the analyzer.
 */
export { recordRequests, type Fetch, type RecordingFetch, type RecordOptions } from "./src/record/record-requests.js";
export type { RecordedRequest, RecordedResponse } from "./src/record/types.js";
