import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Value } from "../eval/values.js";

/**
 * How often a piece of prompt content can change.
 * - `static`: known text, identical on every request.
 * - `deployment`: identical for every request of one deployment (`process.env`, module-level
 *   constants computed once), but its text is not known to the analyzer.
 * - `unknown`: the analyzer cannot see where it comes from (an import, a global).
 * - `dynamic`: can differ between requests (parameters, call results, request data).
 * - `volatile`: differs on every request (the time of day, random ids).
 */
export type Stability = "static" | "deployment" | "unknown" | "dynamic" | "volatile";

const RANK: Record<Stability, number> = { static: 0, deployment: 1, unknown: 2, dynamic: 3, volatile: 4 };

export function worstStability(a: Stability, b: Stability): Stability {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Dynamic or volatile: content that defeats the cache wherever it sits in the prefix. */
export function isChanging(stability: Stability): boolean {
  return stability === "dynamic" || stability === "volatile";
}

/** One contiguous piece of prompt text, in prefix order. */
export interface Piece {
  stability: Stability;
  /** The exact text when the analyzer knows it, else null. */
  text: string | null;
  /** Where the piece is placed into the prompt: the node a finding points at. */
  node: TSESTree.Node;
  /** Where the value was made, when that is elsewhere (`const now = Date.now()` for `${now}`). */
  origin?: TSESTree.Node;
  /** Why it has this stability, for humans ("`new Date().toISOString()` at line 12"). */
  reason: string;
  /** Set for non-text content (an image URL, a file): its token size is not known. */
  media?: "image" | "file" | "audio";
  /** For a value made in other modules: where it was made, first, and each module it went through. */
  chain?: ChainLink[];
  /** For a time of day made from the current `Date` in this file: how it can show only the date. */
  rounding?: DateRounding;
}

/**
 * How a time of day made from the current JavaScript `Date` can show only the date, so that a
 * check can offer the edit (no-volatile-prefix):
 * - `date`: the `Date` object itself, turned into text where it is placed: add `.toDateString()`;
 * - `iso-date`: `date.toISOString()`: add `.slice(0, 10)`;
 * - `locale-date`: `date.toLocaleString(locales?, options?)` whose options pick no time field:
 *   call `toLocaleDateString` instead;
 * - `date-string`: `date.toString()`: call `toDateString` instead.
 * Moment, dayjs and luxon objects have other methods and never get one.
 */
export type DateRounding = "date" | "iso-date" | "locale-date" | "date-string";

/** A place a value passed through on its way into the prompt, in another file. */
export interface ChainLink {
  /** Relative to the working directory, with `/` separators. */
  file: string;
  line: number;
}

/** Where a segment sits in the provider's prefix. */
export type SegmentKind =
  | "tools"
  | "response_format"
  | "instructions"
  | "system"
  | "message"
  | "history"
  | "input";

/** A unit of the prompt model: tools, the system prompt, one message, a history spread. */
export interface Segment {
  kind: SegmentKind;
  /** The message role (`system`, `developer`, `user`, `assistant`, `tool`), null when not a message. */
  role: string | null;
  pieces: Piece[];
  node: TSESTree.Node;
  /** True for the last message of the request, the part that is expected to change every turn. */
  isFinal: boolean;
  /** Structured data kept for token counting (e.g. tool definitions); see tokens/. */
  tools?: ToolDefinition[] | null;
  /** What the segment was built from, for checks that look at how (a tools array, a history). */
  value?: Value;
}

/** A tool definition whose shape the analyzer could read, for the token estimate. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Array<{ name: string; type: string; description: string; enum: string[] }>;
}

export type ProviderName =
  | "openai"
  | "xai"
  | "groq"
  | "deepseek"
  | "mistral"
  | "together"
  | "fireworks"
  | "openrouter"
  | "openai-compatible"
  | "anthropic"
  | "google"
  | "bedrock"
  | "ollama";

/** A request parameter or header: its evaluated value and the property that sets it. */
export interface Parameter {
  value: Value;
  /** The property (key and value), or the header entry. */
  node: TSESTree.Node;
}

/** A cache breakpoint: Anthropic `cache_control`, Bedrock `cachePoint`, AI SDK `cacheControl`. */
export interface Breakpoint {
  node: TSESTree.Node;
  /** `5m`, `1h`, or null for the provider's default. */
  ttl: string | null;
  /** Index in `segments` of the block it closes; null for top-level automatic caching. */
  segment: number | null;
  /**
   * The content of the marked block itself (one tool, system block or content part: what the
   * breakpoint writes last), when the discoverer can tell it apart from the rest of its segment.
   * Checks fall back to the whole segment without it.
   */
  pieces?: Piece[];
}

/** One request to an LLM API found in the source. */
export interface RequestSite {
  /** The call expression, or the array literal for a message array sent elsewhere. */
  node: TSESTree.Node;
  provider: ProviderName;
  /** The SDK it goes through (`openai`, `groq-sdk`, ...), or `messages` for a bare message array. */
  sdk: string;
  /** `chat.completions`, `responses`, or `messages` for a message array found outside a call. */
  api: string;
  /** The model id when it is a known string, else null. */
  model: string | null;
  /** The prompt in the provider's prefix order. */
  segments: Segment[];
  /** Body parameters by the SDK's own name (`tool_choice`, `prompt_cache_key`, `store`...). */
  parameters: Map<string, Parameter>;
  /** HTTP headers: client defaults overridden by per-request ones, by lower-case name. */
  headers: Map<string, Parameter>;
  breakpoints: Breakpoint[];
  /**
   * True when the discoverer read every place where this request could set a cache breakpoint,
   * so an empty `breakpoints` means that it sets none (what a check for a missing breakpoint needs).
   */
  breakpointsComplete?: boolean;
  /** The custom `fetch` of the request's client (`new OpenAI({ fetch })`), when it has one. */
  customFetch?: CustomFetch;
  /**
   * The `new OpenAI({...})` (or Groq's, Mistral's) the request is sent through, when the analyzer
   * found it: in this file, or (OpenAI, Groq) in the module the client is imported from. Checks
   * read its options for the base URL and for headers set on every request.
   */
  clientConstruction?: TSESTree.NewExpression;
}

/**
 * A client's custom `fetch`, which sees every request of the client before it leaves and may
 * rewrite its body and headers (`src/discovery/custom-fetch.ts`). Its changes the analyzer
 * understands are already applied to the request's segments, parameters and headers.
 */
export interface CustomFetch {
  /**
   * The function when it is in this file (it runs once per HTTP request: whatever it makes is new
   * on every request), else the node of this file that stands for it: the client's `fetch` option,
   * or the imported client.
   */
  node: TSESTree.Node;
  /**
   * False when the analyzer cannot read the function or does not follow all it does to the body
   * or the headers (then none of its changes are applied): the request as sent is not known, and
   * a check that reports something missing should stay quiet.
   */
  understood: boolean;
}

/** A message in an array literal of `{ role, content }` objects. */
export interface MessageEntry {
  /** The role when static, else null. */
  role: string | null;
  node: TSESTree.Node;
  /** Elements before this one in the array (spreads count as one). */
  index: number;
}

/** An array literal that holds `{ role, content }` messages, wherever it is in the file. */
export interface MessageArray {
  node: TSESTree.ArrayExpression;
  entries: MessageEntry[];
}
