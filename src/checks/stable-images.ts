import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walk } from "../ast/walk.js";
import { snippet } from "../eval/text.js";
import { stabilityOf, type ObjectValue, type Value } from "../eval/values.js";
import { isChanging, type Piece, type RequestSite } from "../model/types.js";
import { isCacheableText, placedPieces, type PlacedPiece } from "./prefix-walk.js";
import { inFile } from "./edits.js";
import { isCallerData } from "./stable-history.js";
import type { Check, Finding } from "./types.js";

const MEANINGFUL = /[\p{L}\p{N}]/u;

/**
 * An image ahead of content meant to be reused, when whether it is sent (a conditional spread of
 * an image part or message) or its `detail` is chosen at run time. OpenAI and Groq miss the cache
 * when images or their `detail` differ; Anthropic drops the system and message caches when images
 * are added or removed. Reported when static text, more messages or the conversation history
 * follow; images in the final user message are fine, since nothing after them is reused.
 *
 * A per-request image itself (its URL or data) before static text is `static-before-dynamic`'s,
 * and one that changes on every request (`?t=${Date.now()}`) is `no-volatile-prefix`'s.
 */
export const stableImages: Check<Record<string, never>> = {
  name: "stable-images",
  config: "recommended",
  description: "Disallow images whose presence or `detail` changes between requests before content meant to be cached",
  messages: {
    changingImage:
      "{{subject}} can change between requests ({{expression}}) and comes before {{following}}, so whenever it changes all of that is re-processed instead of read from the cache. Send the same images with the same `detail` on every request, and put per-request images in the final user message.",
  },
  schema: [],
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      const placed = placedPieces(site).filter(({ segment }) => !segment.isFinal);
      placed.forEach(({ piece, segment }, index) => {
        if (!isChanging(piece.stability)) return;
        const image = imageChange(site, piece);
        if (!image || !inFile(analysis, image.node)) return;
        const following = reusedAfter(placed.slice(index + 1), segment);
        if (following.length === 0) return;
        findings.push({
          rule: "stable-images",
          messageId: "changingImage",
          node: image.node,
          data: { subject: image.subject, expression: `\`${snippet(analysis.source, image.cause)}\``, following: following.join(" and ") },
          site,
        });
      });
    }
    return findings;
  },
};

interface ImageChange {
  subject: string;
  /** Where to report. */
  node: TSESTree.Node;
  /** What decides it: the condition, or the `detail` expression. */
  cause: TSESTree.Node;
}

/** How an image piece can differ between requests: whether it is sent, or its `detail`. */
function imageChange(site: RequestSite, piece: Piece): ImageChange | null {
  if (piece.media === "image") {
    const detail = detailOf(site, piece.node);
    // `detail: options.detail` is the caller's setting, most often one per conversation.
    if (!detail || !isChanging(stabilityOf(detail.value)) || isCallerData(detail.node)) return null;
    return { subject: "This image's `detail`", node: detail.node, cause: detail.node };
  }
  // `...(turn === 0 ? [{ type: "image_url", ... }] : [])`: an image part or message sent on some requests only.
  const condition = piece.media === undefined && piece.text === null ? conditionOf(piece.node) : null;
  if (!condition || !containsImagePart(piece.node)) return null;
  return { subject: "Whether this image is sent", node: piece.node, cause: condition };
}

/** What after the image would be read from the cache if the image stayed the same. */
function reusedAfter(rest: PlacedPiece[], segment: PlacedPiece["segment"]): string[] {
  const following: string[] = [];
  if (rest.some((entry) => isCacheableText(entry.piece) && MEANINGFUL.test(entry.piece.text!))) following.push("static prompt text");
  if (rest.some((entry) => entry.segment !== segment && entry.segment.kind !== "history")) following.push("further messages");
  if (rest.some((entry) => entry.segment.kind === "history")) following.push("the conversation history");
  return following;
}

/**
 * The evaluated `detail` of the image part written at `part`: `{ detail }` (Responses) or
 * `{ image_url: { url, detail } }` (Chat), found in the request's parameters.
 */
function detailOf(site: RequestSite, part: TSESTree.Node): { value: Value; node: TSESTree.Node } | null {
  for (const parameter of site.parameters.values()) {
    const object = findObject(parameter.value, part, 0);
    if (!object) continue;
    const nested = object.properties.get("image_url")?.value;
    const entry = object.properties.get("detail") ?? (nested?.kind === "object" ? nested.properties.get("detail") : undefined);
    if (!entry) return null;
    return { value: entry.value, node: entry.node.type === "Property" ? entry.node.value : entry.node };
  }
  return null;
}

/** The object value built from the object literal at `node`, inside a request parameter's value. */
function findObject(value: Value, node: TSESTree.Node, depth: number): ObjectValue | null {
  if (depth > 8) return null;
  if (value.kind === "object") {
    if (value.node === node) return value;
    for (const entry of value.properties.values()) {
      const found = findObject(entry.value, node, depth + 1);
      if (found) return found;
    }
  }
  if (value.kind === "array") {
    for (const element of value.elements) {
      const found = findObject(element.value, node, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** The test of `...(test ? [image] : [])` or `...(test && [image])`. */
function conditionOf(node: TSESTree.Node): TSESTree.Node | null {
  if (node.type !== "SpreadElement") return null;
  let argument: TSESTree.Node = node.argument;
  while (argument.type === "TSAsExpression" || argument.type === "TSSatisfiesExpression") argument = argument.expression;
  if (argument.type === "ConditionalExpression") return argument.test;
  if (argument.type === "LogicalExpression") return argument.left;
  return null;
}

/** An object literal `{ type: "image_url" | "input_image" | "image", ... }` inside the node. */
function containsImagePart(node: TSESTree.Node): boolean {
  let found = false;
  walk(node, (child) => {
    if (found || child.type !== "Property" || child.computed || keyName(child) !== "type") return;
    let value: TSESTree.Node = child.value;
    while (value.type === "TSAsExpression" || value.type === "TSSatisfiesExpression") value = value.expression;
    if (value.type === "Literal" && typeof value.value === "string" && /image/.test(value.value)) found = true;
  });
  return found;
}

function keyName(property: TSESTree.Property): string | null {
  if (property.key.type === "Identifier") return property.key.name;
  return property.key.type === "Literal" ? String(property.key.value) : null;
}
