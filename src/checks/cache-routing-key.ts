import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walk } from "../ast/walk.js";
import { flattenPieces } from "../eval/values.js";
import type { Parameter, Piece, ProviderName, RequestSite } from "../model/types.js";
import { describePiece } from "./prefix-walk.js";
import { bodyIsComplete, clientBaseURL, headersAreComplete, isFunction, parameterHolders, unwrap } from "./request-shape.js";
import type { Check, Finding } from "./types.js";
import { calleeName, isReference } from "../ast/names.js";
import { contains, LOOPS } from "../ast/tree.js";
import { valueNode } from "../model/openai-prompt.js";

export interface CacheRoutingKeyOptions {
  /** Providers whose requests must carry a routing key. */
  requireKeyFor: string[];
}

/** Body parameters and headers that route requests with the same prefix to the same cache. */
const KEY_PARAMETERS = ["prompt_cache_key", "promptCacheKey"];
const KEY_HEADERS = ["x-grok-conv-id", "x-session-affinity"];

/** xAI's own API host: the xAI rules apply only to requests that provably go there. */
const XAI_HOST = /^https?:\/\/([a-z0-9-]+\.)*x\.ai(:\d+)?(\/|$)/i;

/** The base URLs that show which provider a client talks to. */
const PROVIDER_HOSTS: Partial<Record<ProviderName, RegExp>> = {
  xai: XAI_HOST,
  openai: /^https?:\/\/([a-z0-9-]+\.)*(openai\.com|openai\.azure\.com)(:\d+)?(\/|$)/i,
  mistral: /^https?:\/\/([a-z0-9-]+\.)*mistral\.ai(:\d+)?(\/|$)/i,
};

/** The provider an SDK's client talks to when it is built without a base URL. */
const DEFAULT_HOSTS: Record<string, ProviderName> = { openai: "openai", "@mistralai/mistralai": "mistral" };

/** The client's base URL (`""`: none, the SDK's default) is the request's provider's own host. */
function isHostOf(site: RequestSite, baseURL: string): boolean {
  return baseURL === "" ? DEFAULT_HOSTS[site.sdk] === site.provider : PROVIDER_HOSTS[site.provider]?.test(baseURL) === true;
}

/**
 * Provider caches are per server: without a routing key, requests of one conversation land on
 * machines that never saw its prefix (xAI: "Always set `x-grok-conv-id`"). A key that is new on
 * every request is worse than none: every request goes to a cold server (vectorize-io/hindsight#2390).
 */
export const cacheRoutingKey: Check<CacheRoutingKeyOptions> = {
  name: "cache-routing-key",
  config: "recommended",
  description: "Require a stable cache routing key where the provider needs one, and disallow keys that change on every request",
  messages: {
    missingHeader:
      "This xAI Chat Completions request sends no `x-grok-conv-id` header, so its turns are spread over xAI servers that do not hold the conversation's prefix and most of them miss the cache. Send a stable conversation id in that header (request option `headers`, or the client's `defaultHeaders`).",
    missingKey:
      "This {{provider}} request sends no `{{key}}`, so {{cost}}. Set `{{key}}` to a stable conversation or session id.",
    ignoredKey:
      "xAI ignores `prompt_cache_key` on Chat Completions, so this request is not routed to the server that holds its prefix and most turns miss the cache. Send the id as the `x-grok-conv-id` header instead (request option `headers`, or the client's `defaultHeaders`).",
    volatileKey:
      "The routing key `{{name}}` is {{expression}}, new on every request, so every request goes to a server that has never seen its prefix and misses the cache. Use an id that stays the same for the whole conversation or session.",
  },
  schema: [
    {
      type: "object",
      properties: {
        requireKeyFor: {
          type: "array",
          items: { type: "string", enum: ["xai", "openai", "mistral"] },
          uniqueItems: true,
          description: "Providers whose requests must carry a routing key (`x-grok-conv-id` or `prompt_cache_key`).",
        },
      },
      additionalProperties: false,
    },
  ],
  defaultOptions: { requireKeyFor: ["xai"] },
  run({ analysis }, { requireKeyFor }) {
    const findings: Finding[] = [];
    for (const site of analysis.sites) {
      if (site.node.type !== "CallExpression") continue;
      for (const [name, parameter] of routingKeys(site)) {
        const piece = flattenPieces(parameter.value).find((candidate) => candidate.stability === "volatile");
        if (!piece || !isMadePerRequest(piece, parameter, site)) continue;
        findings.push({ rule: "cache-routing-key", messageId: "volatileKey", node: valueNode(parameter), data: { name, expression: describePiece(piece, analysis.source) }, site });
      }
      const baseURL = clientBaseURL(site);
      const toXai = site.provider === "xai" && baseURL !== null && XAI_HOST.test(baseURL);
      const hasHeader = site.headers.has("x-grok-conv-id");
      const ignored = toXai && site.api === "chat.completions" ? site.parameters.get("prompt_cache_key") : undefined;
      if (ignored && !hasHeader && headersAreComplete(site)) {
        findings.push({ rule: "cache-routing-key", messageId: "ignoredKey", node: ignored.node, data: {}, site });
        continue;
      }
      // The provider must be the client's, not a guess from the model id or the SDK's default.
      if (!requireKeyFor.includes(site.provider) || baseURL === null || !isHostOf(site, baseURL)) continue;
      const key = requiredKey(site);
      if (!key || key.names.some((name) => (key.where === "body" ? site.parameters : site.headers).has(name))) continue;
      // Quiet unless the analyzer sees everything that could carry the key.
      if (key.where === "header" ? !headersAreComplete(site) : !bodyIsComplete(site, analysis)) continue;
      if (site.provider === "xai" && (hasHeader || !headersAreComplete(site))) continue;
      const data = { provider: PROVIDER_LABELS[site.provider] ?? site.provider, key: key.label, cost: key.cost };
      findings.push({ rule: "cache-routing-key", messageId: key.where === "header" ? "missingHeader" : "missingKey", node: calleeName(site.node), data, site });
    }
    return findings;
  },
};

interface RequiredKey {
  where: "body" | "header";
  names: string[];
  label: string;
  cost: string;
}

const PROVIDER_LABELS: Partial<Record<ProviderName, string>> = { xai: "xAI", openai: "OpenAI", mistral: "Mistral" };

const XAI_COST = "its turns are spread over xAI servers that do not hold the conversation's prefix and most of them miss the cache";
const BODY_KEY_COST = "requests are routed by their first tokens alone, and conversations that share a long prefix crowd the same servers and overflow to servers without the cache";

/** The key each provider and API honours (providers.md §3: xAI Chat needs the header, Responses the body key). */
function requiredKey(site: RequestSite): RequiredKey | null {
  if (site.provider === "xai") {
    return site.api === "responses"
      ? { where: "body", names: ["prompt_cache_key"], label: "prompt_cache_key", cost: XAI_COST }
      : { where: "header", names: ["x-grok-conv-id"], label: "x-grok-conv-id", cost: XAI_COST };
  }
  // Mistral's FIM and agents requests have no `promptCacheKey` (client-ts FIMCompletionRequest, AgentsCompletionRequest).
  if (site.provider === "mistral" && site.api !== "chat.completions") return null;
  if (site.provider === "openai" || site.provider === "mistral") {
    // OpenAI also routes by the deprecated `user` field (providers.md §0).
    const names = site.provider === "openai" ? [...KEY_PARAMETERS, "user"] : KEY_PARAMETERS;
    return { where: "body", names, label: site.sdk === "openai" ? "prompt_cache_key" : "promptCacheKey", cost: BODY_KEY_COST };
  }
  return null;
}

function routingKeys(site: RequestSite): Array<[string, Parameter]> {
  const keys: Array<[string, Parameter]> = [];
  for (const name of KEY_PARAMETERS) {
    const parameter = site.parameters.get(name);
    if (parameter) keys.push([name, parameter]);
  }
  for (const name of KEY_HEADERS) {
    const header = site.headers.get(name);
    if (header) keys.push([name, header]);
  }
  return keys;
}

/**
 * Whether a volatile key is made anew for each request, rather than once for a conversation that
 * then sends several requests with it. Made per request: inside the request itself, by a helper
 * the key calls, or in a local variable of the function (or loop body) that sends the request and
 * used by nothing but this request. Made before a loop of requests, in an enclosing function whose
 * closure sends them, or stored elsewhere too (`sessions.set(id, …)`), it is a conversation id.
 */
function isMadePerRequest(piece: Piece, parameter: Parameter, site: RequestSite): boolean {
  const made = piece.origin ?? piece.node;
  // `header ?? randomUUID()`: a fallback for requests without an id of their own.
  if (made.type === "ConditionalExpression" || made.type === "LogicalExpression") return false;
  const request = site.node;
  if (contains(request, made)) return true;
  // A client's custom fetch runs once per HTTP request: what it makes is new for each one.
  if (site.customFetch && contains(site.customFetch.node, made)) return true;
  const scope = enclosingScope(request);
  const value = unwrap(valueNode(parameter));
  if (value?.type === "CallExpression" && value.callee.type === "Identifier" && contains(scope, value) && insideFunctionNamed(made, value.callee.name)) return true;
  const declarator = enclosingDeclarator(made);
  if (!declarator || declarator.id.type !== "Identifier" || !contains(scope, declarator)) return false;
  const name = declarator.id.name;
  const allowed = [request, ...parameterHolders([...site.parameters.values(), ...site.headers.values()])];
  let usedElsewhere = false;
  walk(scope, (node) => {
    if (node.type !== "Identifier" || node.name !== name || node === declarator.id || !isReference(node)) return;
    usedElsewhere ||= !allowed.some((range) => contains(range, node));
  });
  return !usedElsewhere;
}

/** The innermost function or loop around the request: what runs once per request. */
function enclosingScope(node: TSESTree.Node): TSESTree.Node {
  let current = node.parent;
  while (current) {
    if (isFunction(current) || LOOPS.has(current.type)) return current;
    if (current.type === "Program") return current;
    current = current.parent;
  }
  return node;
}

function enclosingDeclarator(node: TSESTree.Node): TSESTree.VariableDeclarator | null {
  let current = node.parent;
  while (current && !isFunction(current)) {
    if (current.type === "VariableDeclarator") return current;
    current = current.parent;
  }
  return null;
}

function insideFunctionNamed(node: TSESTree.Node, name: string): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "FunctionDeclaration" && current.id?.name === name) return true;
    if (isFunction(current) && current.parent?.type === "VariableDeclarator" && current.parent.id.type === "Identifier" && current.parent.id.name === name) return true;
  }
  return false;
}




