import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { flattenPieces, stabilityOf } from "../eval/values.js";
import type { Parameter, ProviderName, RequestSite } from "../model/types.js";
import { describePiece } from "./prefix-walk.js";
import type { Check, Finding } from "./types.js";

export interface CacheRoutingKeyOptions {
  /** Providers whose requests must carry a routing key. */
  requireKeyFor: string[];
}

/** Body parameters and headers that route requests with the same prefix to the same cache. */
const KEY_PARAMETERS = ["prompt_cache_key", "promptCacheKey"];
const KEY_HEADERS = ["x-grok-conv-id", "x-session-affinity"];

/**
 * Provider caches are per server: without a routing key, requests of one conversation land on
 * machines that never saw its prefix (xAI: "Always set `x-grok-conv-id`"). A key that is new on
 * every request is worse than none: every request goes to a cold server.
 */
export const cacheRoutingKey: Check<CacheRoutingKeyOptions> = {
  name: "cache-routing-key",
  config: "recommended",
  messages: {
    missingKey:
      "This {{provider}} request sends no {{key}}, so its requests are spread over servers that do not hold their prefix and most of them miss the cache. Set {{key}} to a stable conversation or session id.",
    ignoredKey:
      "xAI ignores `prompt_cache_key` on Chat Completions, so this key routes nothing. Send it as the `x-grok-conv-id` header instead (request option `headers`, or the client's `defaultHeaders`).",
    volatileKey:
      "The routing key `{{name}}` is {{expression}}, new on every request, so every request goes to a server that has not seen its prefix and misses the cache. Use a stable conversation or session id.",
  },
  defaultOptions: { requireKeyFor: ["xai"] },
  run({ analysis }, { requireKeyFor }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      if (site.api === "messages") continue;
      const keys = [...KEY_PARAMETERS.map((name) => [name, site.parameters.get(name)] as const), ...KEY_HEADERS.map((name) => [name, site.headers.get(name)] as const)];
      for (const [name, parameter] of keys) {
        if (!parameter || stabilityOf(parameter.value) !== "volatile") continue;
        const piece = flattenPieces(parameter.value).find((candidate) => candidate.stability === "volatile")!;
        findings.push({ rule: "cache-routing-key", messageId: "volatileKey", node: valueNode(parameter), data: { name, expression: describePiece(piece, analysis.source) }, site });
      }
      const ignored = site.provider === "xai" && site.api === "chat.completions" ? site.parameters.get("prompt_cache_key") : undefined;
      if (ignored) findings.push({ rule: "cache-routing-key", messageId: "ignoredKey", node: ignored.node, data: {}, site });
      const key = requiredKey(site);
      if (key && requireKeyFor.includes(site.provider) && !hasKey(site, key)) {
        findings.push({ rule: "cache-routing-key", messageId: "missingKey", node: calleeName(site.node), data: { provider: providerLabel(site.provider), key: key.label }, site });
      }
    }
    return findings;
  },
};

interface RequiredKey {
  where: "body" | "header";
  names: string[];
  label: string;
}

/** The key each provider and API honours (providers.md: xAI Chat needs the header, Responses the body key). */
function requiredKey(site: RequestSite): RequiredKey | null {
  if (site.provider === "xai") {
    return site.api === "responses"
      ? { where: "body", names: ["prompt_cache_key"], label: "`prompt_cache_key`" }
      : { where: "header", names: ["x-grok-conv-id"], label: "the `x-grok-conv-id` header" };
  }
  if (site.provider === "openai" || site.provider === "mistral") {
    return { where: "body", names: KEY_PARAMETERS, label: site.sdk === "openai" ? "`prompt_cache_key`" : "`promptCacheKey`" };
  }
  return null;
}

function hasKey(site: RequestSite, key: RequiredKey): boolean {
  const source = key.where === "body" ? site.parameters : site.headers;
  return key.names.some((name) => source.has(name));
}

function valueNode(parameter: Parameter): TSESTree.Node {
  return parameter.node.type === "Property" ? parameter.node.value : parameter.node;
}

/** The method name of a call (`create` in `client.chat.completions.create(...)`): a short place to report. */
function calleeName(node: TSESTree.Node): TSESTree.Node {
  if (node.type === "CallExpression" && node.callee.type === "MemberExpression") return node.callee.property;
  return node;
}

const LABELS: Partial<Record<ProviderName, string>> = { xai: "xAI", openai: "OpenAI", mistral: "Mistral" };

function providerLabel(provider: ProviderName): string {
  return LABELS[provider] ?? provider;
}
