import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { calleeName } from "../ast/names.js";
import type { FileAnalysis } from "../analysis.js";
import { propertyKey } from "../eval/evaluator.js";
import { isChanging, type Breakpoint, type Piece, type RequestSite, type Segment } from "../model/types.js";
import { lookupModel } from "../providers/models.js";
import { estimatePrefix } from "../tokens/prefix.js";
import { inFile, setProperty } from "./edits.js";
import { describePiece, isCacheableText } from "./prefix-walk.js";
import type { Check, Finding, Suggestion } from "./types.js";

export interface CacheControlBreakpointsOptions {
  /** Report Anthropic and Bedrock requests whose static prefix is worth caching but that mark no breakpoint. */
  requireBreakpoint: boolean;
}

/** Anthropic and Bedrock: "A maximum of 4 blocks with cache_control may be provided." */
const MAX_BREAKPOINTS = 4;

/** Providers whose cache is written only at breakpoints (Anthropic; Bedrock's Claude and Nova). */
const EXPLICIT_CACHING = new Set(["anthropic", "bedrock"]);

const MEANINGFUL = /[\p{L}\p{N}]/u;

/**
 * Anthropic `cache_control` and Bedrock `cachePoint` breakpoints that the API rejects or that cost
 * more than they save: more than four, one on a block whose content is new on every request (a
 * write at 1.25x every time, never a read), a 1-hour TTL after a 5-minute one, and none at all
 * on a static prefix that is long enough to cache.
 */
export const cacheControlBreakpoints: Check<CacheControlBreakpointsOptions> = {
  name: "cache-control-breakpoints",
  config: "recommended",
  description: "Enforce Anthropic and Bedrock cache breakpoints that the API accepts and that are read back",
  messages: {
    tooManyBreakpoints:
      'This request marks {{count}} cache breakpoints{{automatic}}, but Anthropic and Bedrock accept at most 4 and reject the request ("A maximum of 4 blocks with cache_control may be provided. Found {{count}}."). Keep one breakpoint at the end of each part that changes at its own pace: the tools, the system prompt and the conversation.',
    volatileBreakpoint:
      "This breakpoint caches a block that contains {{expression}}, which changes on every request, so every request writes a new cache entry at 1.25x the input price (2x with a 1-hour TTL) that no later request reads. Put the breakpoint on the block before the changing value, and move the value into a block of its own after it.",
    dynamicBreakpoint:
      "This breakpoint caches static {{part}} text together with {{expression}}, which can differ between requests, so each new value writes the whole prefix again at 1.25x the input price and the static text is never cached on its own. Split the block: the static text with the breakpoint first, the changing value in a block after it.",
    missingBreakpoint:
      "This request starts with about {{tokens}} tokens of static prompt, above the {{minimum}}-token minimum of {{model}}, but marks no cache breakpoint, so none of it is cached and every request pays the full input price for it. Mark the end of the static part with {{marker}}.",
    ttlOrder:
      "This 1-hour breakpoint comes after a 5-minute one ({{where}}), but breakpoints with a longer TTL must come before shorter ones. Give the earlier breakpoint `ttl: \"1h\"` too, or drop the 1-hour TTL here.",
    suggestLongerTtl: "Give the earlier breakpoint at line {{line}} `ttl: \"1h\"` too.",
  },
  schema: [
    {
      type: "object",
      properties: {
        requireBreakpoint: {
          type: "boolean",
          description: "Report Anthropic and Bedrock requests whose static prefix is above the model's minimum but that mark no cache breakpoint.",
        },
      },
      additionalProperties: false,
    },
  ],
  defaultOptions: { requireBreakpoint: true },
  run({ analysis, settings }, { requireBreakpoint }) {
    const findings: Finding[] = [];
    const at = (site: RequestSite, node: TSESTree.Node): TSESTree.Node => (inFile(analysis, node) ? node : calleeName(site.node));
    for (const site of analysis.sites) {
      const breakpoints = site.breakpoints;
      const report = (messageId: string, node: TSESTree.Node, data: Record<string, string | number>, suggestions: Suggestion[] = []) =>
        findings.push({ rule: "cache-control-breakpoints", messageId, node: at(site, node), data, site, ...(suggestions.length > 0 && { suggestions }) });

      if (breakpoints.length > MAX_BREAKPOINTS) {
        const automatic = breakpoints.some((breakpoint) => breakpoint.segment === null) ? " (counting the top-level `cache_control`)" : "";
        report("tooManyBreakpoints", breakpoints[MAX_BREAKPOINTS]!.node, { count: breakpoints.length, automatic });
      }

      const history = site.segments.findLastIndex((segment) => segment.kind === "history");
      breakpoints.forEach((breakpoint, index) => {
        if (breakpoint.segment === null) return;
        const segment = site.segments[breakpoint.segment];
        if (!segment) return;
        const pieces = breakpoint.pieces ?? segment.pieces;
        const volatile = pieces.find((piece) => piece.stability === "volatile");
        // The last turns of a growing conversation are resent as history on the next request,
        // which reads what this one writes: the documented multi-turn pattern.
        const conversationTail = isConversation(segment) && history !== -1 && breakpoint.segment > history;
        if (volatile && !conversationTail) {
          report("volatileBreakpoint", breakpoint.node, { expression: describePiece(volatile, analysis.source) });
          return;
        }
        const dynamic = pieces.find((piece) => isChanging(piece.stability));
        const firstBreakpoint = breakpoints.slice(0, index).every((earlier) => earlier.segment === null);
        if (dynamic && !isConversation(segment) && firstBreakpoint && hasStaticText(pieces)) {
          report("dynamicBreakpoint", breakpoint.node, { part: segment.kind === "tools" ? "tool definition" : "system prompt", expression: describePiece(dynamic, analysis.source) });
        }
      });

      let short: Breakpoint | undefined;
      for (const breakpoint of breakpoints) {
        if (breakpoint.ttl === "1h" && short) {
          const where = inFile(analysis, short.node) ? `line ${short.node.loc.start.line}` : "in a block imported from another module";
          report("ttlOrder", breakpoint.node, { where }, longerTtl(short, analysis));
        }
        else if (breakpoint.ttl !== "1h") short ??= breakpoint;
      }

      // Only when the discoverer read every place a marker could be set (`breakpointsComplete`).
      if (requireBreakpoint && breakpoints.length === 0 && site.breakpointsComplete === true && EXPLICIT_CACHING.has(site.provider) && !isTokenCount(site)) {
        const model = lookupModel(site.model, site.provider, settings.defaultModel, settings.models);
        if (model.minimumTokens === null) continue;
        const estimate = estimatePrefix(site, model);
        if (estimate.cacheableTokens < model.minimumTokens) continue;
        report("missingBreakpoint", calleeName(site.node), { tokens: estimate.cacheableTokens, minimum: model.minimumTokens, model: model.id, marker: markerFor(site) });
      }
    }
    return findings;
  },
};

function isConversation(segment: Segment): boolean {
  return segment.kind === "message" || segment.kind === "input" || segment.kind === "history";
}

/** `ttl: "1h"` on the earlier 5-minute breakpoint, when its marker is an object literal in this file. */
function longerTtl(short: Breakpoint, analysis: FileAnalysis): Suggestion[] {
  const marker = markerObject(short.node);
  if (!marker || !inFile(analysis, marker)) return [];
  // In the quotes the marker's own strings use (`type: 'ephemeral'`), else double quotes.
  const single = marker.properties.some((property) => property.type === "Property" && property.value.type === "Literal" && property.value.raw.startsWith("'"));
  const edit = setProperty(marker, "ttl", single ? "'1h'" : '"1h"', analysis.source);
  return edit ? [{ messageId: "suggestLongerTtl", data: { line: short.node.loc.start.line }, edits: [edit] }] : [];
}

/**
 * The object literal that holds a breakpoint's `ttl`: the value of `cache_control: {…}` or
 * `cacheControl: {…}` (the breakpoint's node is the property), or the `cachePoint` of a Bedrock
 * `{ cachePoint: {…} }` block.
 */
function markerObject(node: TSESTree.Node): TSESTree.ObjectExpression | null {
  if (node.type === "Property") return node.value.type === "ObjectExpression" ? node.value : null;
  if (node.type !== "ObjectExpression") return null;
  const cachePoint = node.properties.find((property): property is TSESTree.Property => property.type === "Property" && !property.computed && propertyKey(property) === "cachePoint");
  return cachePoint?.value.type === "ObjectExpression" ? cachePoint.value : null;
}

/** Static text worth caching next to the changing value: more than punctuation and white space. */
function hasStaticText(pieces: Piece[]): boolean {
  return pieces.some((piece) => isCacheableText(piece) && !piece.media && MEANINGFUL.test(piece.text!));
}

/** `countTokens` sends nothing to the cache. */
function isTokenCount(site: RequestSite): boolean {
  const callee = site.node.type === "CallExpression" ? site.node.callee : null;
  return callee?.type === "MemberExpression" && callee.property.type === "Identifier" && callee.property.name === "countTokens";
}

function markerFor(site: RequestSite): string {
  if (site.sdk === "@aws-sdk/client-bedrock-runtime" && site.api === "converse") return 'a `{ cachePoint: { type: "default" } }` block';
  return '`cache_control: { type: "ephemeral" }` on the last static block, or a top-level `cache_control` for automatic caching';
}

