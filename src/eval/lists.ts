import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "./evaluator.js";
import { at } from "./text.js";
import { knownText, opaque, stabilityOf, staticString, type ArrayValue, type Change, type OpaqueValue, type Value } from "./values.js";

/*
 * List operations whose result cannot be computed but whose effect on the prompt can be told:
 * a filter on request data changes which tools are sent, `slice(-10)` moves a window over the
 * history every turn, a mapper that truncates old turns rewrites them, a sort fixes an order.
 */

type Env = ReadonlyMap<TSESTree.Node, Value>;
type FunctionNode = Extract<Value, { kind: "function" }>["node"];

/** Methods that fetch tool definitions from a server (MCP `tools/list`): no guaranteed order. */
const DISCOVERY_METHODS = new Set(["listTools", "list_tools", "listAllTools", "getTools", "fetchTools"]);

/** `filter`, `slice`, `map`, `sort` on a list whose elements are not all known. */
export function listMethod(evaluator: Evaluator, receiver: ArrayValue | OpaqueValue, method: string, args: Value[], node: TSESTree.CallExpression, env: Env): Value | null {
  const fn = args[0]?.kind === "function" ? args[0].node : null;
  switch (method) {
    case "filter": {
      if (!fn) return null;
      const { stability, usesPosition } = callbackDependence(evaluator, fn, node, env);
      if (stability === "static") return withChanges(receiver, node, []);
      const kind = usesPosition ? "window" : "membership";
      return withChanges(receiver, node, [{ kind, stability, reason: `\`${evaluator.snippet(node)}\` at ${at(node)}`, node }]);
    }
    case "slice":
      return slice(evaluator, receiver, args, node);
    case "map":
    case "flatMap": {
      if (!fn) return null;
      const { stability, usesPosition } = callbackDependence(evaluator, fn, node, env);
      if (stability === "static" && !usesPosition) return withChanges(receiver, node, []);
      return withChanges(receiver, node, [{ kind: "rewrite", stability: stability === "static" ? "dynamic" : stability, reason: `\`${evaluator.snippet(node)}\` at ${at(node)}`, node }]);
    }
    case "sort":
    case "toSorted": {
      // A sort puts the elements in an order of their own: the order they arrived in no longer matters.
      const kept = (receiver.changes ?? []).filter((change) => change.kind !== "order");
      const comparator = fn ? callbackDependence(evaluator, fn, node, env).stability : "static";
      if (comparator !== "static") kept.push({ kind: "order", stability: comparator, reason: `\`${evaluator.snippet(node)}\` at ${at(node)}`, node });
      return { ...withChanges(receiver, node, []), changes: kept };
    }
    default:
      return null;
  }
}

/** `Object.keys(x)`, `Object.values(x)`, `Object.entries(x)`, `Array.from(x)`. */
export function objectListMethod(evaluator: Evaluator, node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string, env: Env): Value | null {
  if (callee.object.type !== "Identifier" || evaluator.variableOf(callee.object)) return null;
  const argument = node.arguments[0];
  if (!argument || argument.type === "SpreadElement") return null;
  if (callee.object.name === "Array" && method === "from") return evaluator.evaluate(argument, env);
  if (callee.object.name !== "Object" || !["keys", "values", "entries"].includes(method)) return null;
  const object = evaluator.evaluate(argument, env);
  if (object.kind === "object" && !object.openSpread) {
    const elements = [...object.properties].map(([key, entry]) => {
      const keyValue = staticString(key, entry.node);
      const value: Value =
        method === "keys" ? keyValue : method === "values" ? entry.value : { kind: "array", node: entry.node, elements: [{ value: keyValue, spread: false, node: entry.node }, { value: entry.value, spread: false, node: entry.node }] };
      return { value, spread: false, node: entry.node };
    });
    return { kind: "array", elements, node };
  }
  const stability = stabilityOf(object);
  const result = opaque(stability, `\`${evaluator.snippet(node)}\` at ${at(node)}`, node);
  if (stability !== "dynamic" && stability !== "volatile") return result;
  // An object built per request lists its keys in the order they were added, which can vary.
  return { ...result, changes: [{ kind: "order", stability, reason: `\`${evaluator.snippet(node)}\` at ${at(node)} lists a runtime object in insertion order`, node }] };
}

/** `await mcp.listTools()`: the server's tools, fixed per deployment but in no guaranteed order. */
export function discoveredTools(evaluator: Evaluator, node: TSESTree.CallExpression, method: string, receiver: OpaqueValue): Value | null {
  if (!DISCOVERY_METHODS.has(method)) return null;
  const reason = `\`${evaluator.snippet(node)}\` at ${at(node)} returns tools in no guaranteed order`;
  return { ...opaque(receiver.stability === "static" ? "deployment" : receiver.stability, reason, node), changes: [{ kind: "order", stability: "dynamic", reason, node }] };
}

function slice(evaluator: Evaluator, receiver: ArrayValue | OpaqueValue, args: Value[], node: TSESTree.CallExpression): Value {
  const start = args[0] ? Number(knownText(args[0]) ?? Number.NaN) : 0;
  const end = args[1] ? Number(knownText(args[1]) ?? Number.NaN) : undefined;
  if (receiver.kind === "array" && !Number.isNaN(start) && !Number.isNaN(end ?? 0) && receiver.elements.every((element) => !element.spread)) {
    return { ...receiver, node, elements: receiver.elements.slice(start, end) };
  }
  // Keeping the head (`slice(0, n)`) leaves the prefix alone; any other window moves as the list grows.
  if (start === 0) return withChanges(receiver, node, []);
  return withChanges(receiver, node, [{ kind: "window", stability: "dynamic", reason: `\`${evaluator.snippet(node)}\` at ${at(node)}`, node }]);
}

function withChanges(receiver: ArrayValue | OpaqueValue, node: TSESTree.Node, added: Change[]): ArrayValue | OpaqueValue {
  const changes = [...(receiver.changes ?? []), ...added];
  const base = receiver.kind === "array" ? { ...receiver, node } : { ...receiver, node, time: undefined };
  return changes.length > 0 ? { ...base, changes } : { ...base, changes: undefined };
}

/**
 * How much a callback's result depends on anything but the element it is given: the element is
 * bound to a stand-in that counts as static, the position to one that counts as dynamic.
 */
function callbackDependence(evaluator: Evaluator, fn: FunctionNode, call: TSESTree.Node, env: Env): { stability: ReturnType<typeof stabilityOf>; usesPosition: boolean } {
  const element = opaque("static", "each element", call);
  const position = opaque("dynamic", `the position of each element at ${at(call)}`, call);
  const stability = stabilityOf(evaluator.invoke(fn, [element, position], call, env));
  const index = fn.params[1];
  const body = evaluator.source.slice(fn.body.range[0], fn.body.range[1]);
  const usesPosition = (index?.type === "Identifier" && new RegExp(`\\b${index.name}\\b`).test(body)) || /\.length\b/.test(body);
  return { stability, usesPosition };
}
