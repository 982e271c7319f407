import { isChanging, type Piece, type RequestSite, type Segment } from "../model/types.js";
import type { EncodingName, ModelInfo } from "../providers/types.js";
import { countTokens } from "./count.js";
import { countToolTokens } from "./tools.js";

/** The cacheable-prefix estimate of one request. */
export interface PrefixEstimate {
  /** Tokens from the start of the prompt up to the first piece whose text is unknown or changes. */
  cacheableTokens: number;
  encoding: EncodingName;
  /** True when the model's tokenizer is not the encoding, or tool definitions were estimated. */
  approximate: boolean;
  minimumTokens: number | null;
  /** Null when the minimum is not published. */
  meetsMinimum: boolean | null;
  /** The first dynamic or volatile piece anywhere in the request. */
  firstDynamic: { piece: Piece; segment: Segment } | null;
  /** Per `site.segments[i]`: tokens of its known text with its framing, null when none is known. */
  segmentTokens: Array<number | null>;
}

/**
 * Tokens OpenAI adds around each message (`<|start|>`, `<|message|>`, `<|end|>`), plus the role:
 * the cookbook's `num_tokens_from_messages` for gpt-4o and gpt-4.
 */
const TOKENS_PER_MESSAGE = 3;

interface SegmentCount {
  /** Tokens of the known text with the framing, null when no text is known. */
  known: number | null;
  /** Tokens from the segment's start up to its first piece that ends the known prefix. */
  leading: number;
  /** Whether the known prefix continues after the segment. */
  complete: boolean;
  /** Whether the count is an estimate (tool definitions). */
  estimated: boolean;
}

/** The estimate for one request; `site.segments` are already in the provider's prefix order. */
export function estimatePrefix(site: RequestSite, model: ModelInfo): PrefixEstimate {
  const { encoding, minimumTokens } = model;
  let cacheableTokens = 0;
  let approximate = model.approximate;
  let open = true;
  const segmentTokens = site.segments.map((segment) => {
    const count = countSegment(segment, encoding);
    if (open) {
      cacheableTokens += count.leading;
      approximate ||= count.estimated;
      open = count.complete;
    }
    return count.known;
  });
  return {
    cacheableTokens,
    encoding,
    approximate,
    minimumTokens,
    meetsMinimum: minimumTokens === null ? null : cacheableTokens >= minimumTokens,
    firstDynamic: firstDynamic(site.segments),
    segmentTokens,
  };
}

/**
 * Tokens of the known text of pieces. Adjacent known pieces are counted as one text, as the
 * provider sees them: BPE merges across the seam (`"You are "` + `"Bob"` is 3 tokens, not 4).
 * Media pieces count as unknown whatever their text (an image URL is not its token cost).
 */
export function countStaticTokens(pieces: Piece[], encoding: EncodingName): number {
  let total = 0;
  let run = "";
  for (const piece of pieces) {
    const text = knownText(piece);
    if (text !== null) {
      run += text;
    } else {
      total += countTokens(run, encoding);
      run = "";
    }
  }
  return total + countTokens(run, encoding);
}

function countSegment(segment: Segment, encoding: EncodingName): SegmentCount {
  if (segment.kind === "tools" && segment.tools && segment.pieces.every((piece) => piece.stability === "static")) {
    const tokens = countToolTokens(segment.tools, encoding);
    return { known: tokens, leading: tokens, complete: true, estimated: true };
  }
  const role = roleOf(segment);
  const framing = role === undefined ? 0 : TOKENS_PER_MESSAGE + (role === null ? 0 : countTokens(role, encoding));
  const known = segment.pieces.some((piece) => knownText(piece) !== null) ? framing + countStaticTokens(segment.pieces, encoding) : null;
  const end = segment.pieces.findIndex(endsPrefix);
  // A spread of earlier turns, or a message whose role is not known, is text the analyzer cannot
  // see. A message that starts with unknown text adds only its framing: not worth reporting.
  if (segment.kind === "history" || role === null || end === 0) return { known, leading: 0, complete: false, estimated: false };
  const leading = end === -1 ? segment.pieces : segment.pieces.slice(0, end);
  return { known, leading: framing + countStaticTokens(leading, encoding), complete: end === -1, estimated: false };
}

/** The role a segment is sent with: undefined when it is not a message, null when not known. */
function roleOf(segment: Segment): string | null | undefined {
  switch (segment.kind) {
    case "system":
      return segment.role ?? "system";
    case "instructions":
      return segment.role ?? "developer";
    case "input":
      return segment.role ?? "user";
    case "message":
      return segment.role;
    default:
      return undefined;
  }
}

/** Unknown text, or text that changes between requests even when one value of it is known. */
function endsPrefix(piece: Piece): boolean {
  return knownText(piece) === null || isChanging(piece.stability);
}

function knownText(piece: Piece): string | null {
  return piece.media ? null : piece.text;
}

function firstDynamic(segments: Segment[]): PrefixEstimate["firstDynamic"] {
  for (const segment of segments) {
    const piece = segment.pieces.find((candidate) => isChanging(candidate.stability));
    if (piece) return { piece, segment };
  }
  return null;
}
