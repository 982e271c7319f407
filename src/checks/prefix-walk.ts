import { snippet } from "../eval/text.js";
import { lookupModel } from "../providers/models.js";
import type { EncodingName } from "../providers/types.js";
import type { Piece, RequestSite, Segment } from "../model/types.js";
import { countTokens } from "../tokens/count.js";
import type { CheckSettings } from "./types.js";

/** A piece with the segment it belongs to, in prefix order. */
export interface PlacedPiece {
  piece: Piece;
  segment: Segment;
}

export function placedPieces(site: RequestSite): PlacedPiece[] {
  return site.segments.flatMap((segment) => segment.pieces.map((piece) => ({ piece, segment })));
}

/** The encoding used to count a site's tokens. */
export function encodingOf(site: RequestSite, settings: CheckSettings): EncodingName {
  return lookupModel(site.model, site.provider, settings.defaultModel, settings.models).encoding;
}

/** Tokens of the known text of pieces, without counting when the text is too short to matter. */
export function staticTokens(pieces: readonly Piece[], encoding: EncodingName, atLeast = 0): number {
  const text = pieces.map((piece) => piece.text ?? "").join("");
  // A token is at least one UTF-8 byte: short text cannot reach the threshold, skip the tokenizer.
  if (Buffer.byteLength(text) < atLeast) return 0;
  return text === "" ? 0 : countTokens(text, encoding);
}

/** Known text that would be cached if nothing before it changed. */
export function isCacheableText(piece: Piece): boolean {
  return piece.text !== null && (piece.stability === "static" || piece.stability === "deployment");
}

/** "`user.name` (parameter `user` at line 3)", without repeating the expression. */
export function describePiece(piece: Piece, source: string): string {
  const code = `\`${snippet(source, piece.node)}\``;
  return piece.reason.startsWith(code) ? piece.reason : `${code} (${piece.reason})`;
}
