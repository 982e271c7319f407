import { isChanging, type RequestSite } from "../model/types.js";
import { lookupModel, providerFromModelId } from "../providers/models.js";
import { estimatePrefix } from "../tokens/prefix.js";
import { bodyIsComplete } from "./request-shape.js";
import type { Check, Finding } from "./types.js";

/**
 * Parameters after which the prompt of a later request starts with this one's: turns stored by the
 * provider in front of the new input (OpenAI and xAI Responses), or the steps of a tool loop the
 * SDK runs itself (AI SDK `maxSteps`, `stopWhen`, `prepareStep`). The shared prefix then grows.
 */
const GROWING_PREFIX = ["previous_response_id", "conversation", "maxSteps", "stopWhen", "prepareStep"];
/** Methods that run a tool loop, each step sending the previous steps again. */
const TOOL_LOOPS = new Set(["runTools", "toolRunner"]);

/**
 * How far below the minimum an estimate must be before it is reported. Raw text undercounts the
 * real prompt (chat template, tool and schema serialization: providers.md §12), and by more when
 * the model's own tokenizer is not available.
 */
const MARGIN = { exact: 0.9, approximate: 0.75 };

/**
 * A prefix below the model's minimum is never cached, and no error says so (Anthropic: "processed
 * without caching, and no error is returned"). Reported only when the whole prefix that two
 * requests of this call can ever share is static text the analyzer sees: it ends at a value that
 * changes on every request (the time, a random id) or at the final message. A dynamic value (a
 * user's profile, a document, the conversation history) may repeat across requests and extend the
 * shared prefix, and unknown text (an import, `process.env`) may be long: both stay quiet.
 */
export const minCacheablePrefix: Check<Record<string, never>> = {
  name: "min-cacheable-prefix",
  config: "strict",
  description: "Require the static prefix of a request to reach the model's minimum cacheable length",
  messages: {
    belowMinimum:
      "The static start of this prompt is about {{tokens}} tokens, below the {{minimum}}-token minimum of {{model}}, so the provider never caches any of this request and every call pays the full input price. If the call is worth caching, put more of its fixed content (instructions, tool definitions, examples) before the first value that changes.",
  },
  schema: [],
  defaultOptions: {},
  run({ analysis, settings }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      if (site.node.type !== "CallExpression" || site.segments.length === 0) continue;
      const callee = site.node.callee;
      const method = callee.type === "MemberExpression" && callee.property.type === "Identifier" ? callee.property.name : null;
      if (GROWING_PREFIX.some((name) => site.parameters.has(name)) || (method !== null && TOOL_LOOPS.has(method))) continue;
      if (!bodyIsComplete(site, analysis)) continue;
      // A request that is nothing but its final message (a one-off question, an example script),
      // with at most an output format before it, has no instructions, tools or examples for later
      // requests to share: there is nothing to move in front.
      if (site.segments.every((segment) => segment.isFinal || segment.kind === "response_format")) continue;
      if (!endsAtKnownPoint(site) || !isModelOf(site)) continue;
      const model = lookupModel(site.model, site.provider, settings.defaultModel, settings.models);
      if (model.minimumTokens === null) continue;
      const estimate = estimatePrefix(site, model);
      const margin = estimate.approximate ? MARGIN.approximate : MARGIN.exact;
      if (estimate.cacheableTokens >= model.minimumTokens * margin) continue;
      findings.push({
        rule: "min-cacheable-prefix",
        messageId: "belowMinimum",
        node: callee.type === "MemberExpression" ? callee.property : callee,
        data: { tokens: estimate.cacheableTokens, minimum: model.minimumTokens, model: model.id },
        site,
      });
    }
    return findings;
  },
};

/**
 * Whether everything before the end of the shared prefix is text the analyzer knows, and the end
 * is a point where every request differs: a volatile value, or the start of the final message.
 */
function endsAtKnownPoint(site: RequestSite): boolean {
  for (const segment of site.segments) {
    if (segment.isFinal) return true;
    if (segment.kind === "history" || (segment.kind === "message" && segment.role === null)) return false;
    for (const piece of segment.pieces) {
      if (piece.stability === "volatile") return true;
      if (isChanging(piece.stability) || piece.text === null || piece.media !== undefined) return false;
    }
  }
  return true;
}

/**
 * The model id, when known, belongs to the provider the request goes to. A model the table does not
 * know on OpenAI's endpoint (a fine-tune, an Azure deployment name, a model behind a proxy set by
 * `OPENAI_BASE_URL`) would otherwise get OpenAI's minimum by default.
 */
function isModelOf(site: RequestSite): boolean {
  if (site.model === null) return true;
  const owner = providerFromModelId(site.model);
  return owner !== null ? owner === site.provider : site.provider !== "openai";
}
