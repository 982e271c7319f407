import { createHash } from "node:crypto";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

export function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Markers that configure the cache but are not prompt text: moving one changes no token. */
const NOT_IN_PROMPT = new Set(["cache_control", "prompt_cache_breakpoint"]);
/** Fields that hold inline base64 data or opaque blobs: compared and stored by digest. */
const INLINE_DATA = new Set(["data", "file_data", "encrypted_content"]);
const INLINE_DATA_MIN_LENGTH = 256;

/**
 * The text of a JSON value as the prompt sees it, for comparing two requests: keys in their own
 * order (providers render tool schemas in the order given, so a reordering is a real change),
 * cache markers left out, inline data replaced by its digest so a log of images stays small.
 */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (key, item: unknown) => {
      if (NOT_IN_PROMPT.has(key)) return undefined;
      if (typeof item === "string" && item.length >= INLINE_DATA_MIN_LENGTH && (INLINE_DATA.has(key) || item.startsWith("data:"))) return digest(item);
      return item;
    }) ?? ""
  );
}

/** A short, stable stand-in for a long text. */
export function digest(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex").slice(0, 16)} (${text.length} chars)`;
}
