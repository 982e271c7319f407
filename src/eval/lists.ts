import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { isReference } from "../ast/names.js";
import { patternIdentifiers } from "../ast/patterns.js";
import type { Evaluator } from "./evaluator.js";
import { walk } from "../ast/walk.js";
import { isChanging, type Stability } from "../model/types.js";
import { at } from "./text.js";
import { knownText, opaque, stabilityOf, staticString, type ArrayElement, type ArrayValue, type Change, type OpaqueValue, type Value } from "./values.js";

/*
 * List operations whose result cannot be computed but whose effect on the prompt can be told:
 * a filter on request data changes which tools are sent, `slice(-10)` moves a window over the
 * history every turn, a mapper that truncates old turns rewrites them, a sort fixes an order.
 */

type Env = ReadonlyMap<TSESTree.Node, Value>;
type FunctionNode = Extract<Value, { kind: "function" }>["node"];

/** Methods that fetch tool definitions from a server (MCP `tools/list`): no guaranteed order. */
const DISCOVERY_METHODS = new Set(["listTools", "list_tools", "listAllTools", "getTools", "fetchTools"]);
/** The discovery methods that answer MCP's `tools/list` shape, `{ tools, nextCursor }`. */
const MCP_LIST_METHODS = new Set(["listTools", "list_tools", "listAllTools"]);
/** Elements that are there on some requests only: `isAdmin && refundTool`, `a ? b : null`. */
const CONDITIONAL = new Set(["LogicalExpression", "ConditionalExpression"]);

/** `filter`, `slice`, `map`, `sort` on a list whose elements are not all known. */
export function listMethod(evaluator: Evaluator, receiver: ArrayValue | OpaqueValue, method: string, args: Value[], node: TSESTree.CallExpression, env: Env): Value | null {
  const fn = args[0]?.kind === "function" ? args[0].node : null;
  switch (method) {
    case "filter": {
      if (!fn) return isGlobal(evaluator, node.arguments[0], "Boolean") ? truthyFilter(evaluator, receiver, node) : null;
      const { stability, usesIndex, usesLength } = callbackDependence(evaluator, fn, node, env);
      if (!usesLength && !isChanging(stability)) return withChanges(receiver, node, []);
      // Keeping elements by their distance from the end (`i >= list.length - 10`) moves a window.
      const kind = usesLength || usesIndex ? "window" : "membership";
      return withChanges(receiver, node, [{ kind, stability: isChanging(stability) ? stability : "dynamic", reason: `\`${evaluator.snippet(node)}\` at ${at(node)}`, node }]);
    }
    case "slice":
      return slice(evaluator, receiver, args, node);
    case "map":
    case "flatMap": {
      if (!fn) return null;
      const { stability, usesLength } = callbackDependence(evaluator, fn, node, env);
      if (!usesLength && !isChanging(stability)) return withChanges(receiver, node, []);
      return withChanges(receiver, node, [{ kind: "rewrite", stability: isChanging(stability) ? stability : "dynamic", reason: `\`${evaluator.snippet(node)}\` at ${at(node)}`, node }]);
    }
    case "sort":
    case "toSorted": {
      // A sort puts the elements in an order of their own: the order they arrived in no longer
      // matters, for the list and for the lists spread into it (`[...listed].sort(byName)`).
      const kept = (receiver.changes ?? []).filter((change) => change.kind !== "order");
      const sorted = receiver.kind === "array" ? { ...receiver, elements: receiver.elements.map(withoutOrder) } : receiver;
      const comparator = fn ? callbackDependence(evaluator, fn, node, env, true).stability : "static";
      if (isChanging(comparator)) kept.push(onceAtLoad(node, { kind: "order", stability: comparator, reason: `\`${evaluator.snippet(node)}\` at ${at(node)}`, node }));
      return { ...withChanges(sorted, node, []), changes: kept.length > 0 ? kept : undefined };
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
  if (!isChanging(stability) || isParameterData(evaluator, argument)) return result;
  // An object built per request lists its keys in the order they were added, which can vary. One
  // the caller hands in (`Object.entries(toolset)`) is the caller's to keep in order.
  return { ...result, changes: [onceAtLoad(node, { kind: "order", stability, reason: `\`${evaluator.snippet(node)}\` at ${at(node)} lists a runtime object in insertion order`, node })] };
}

/** `await mcp.listTools()`: the server's tools, fixed per deployment but in no guaranteed order. */
export function discoveredTools(evaluator: Evaluator, node: TSESTree.CallExpression, method: string, receiver: OpaqueValue): Value | null {
  if (!DISCOVERY_METHODS.has(method)) return null;
  const reason = `\`${evaluator.snippet(node)}\` at ${at(node)} returns tools in no guaranteed order`;
  const tools: OpaqueValue = { ...opaque(receiver.stability === "static" ? "deployment" : receiver.stability, reason, node), changes: [onceAtLoad(node, { kind: "order", stability: "dynamic", reason, node })] };
  if (!MCP_LIST_METHODS.has(method)) return tools;
  // MCP answers `{ tools, nextCursor }`: `const { tools } = await mcp.listTools()` keeps the order change.
  return { kind: "object", properties: new Map([["tools", { value: tools, node }]]), openSpread: tools, node };
}

function slice(evaluator: Evaluator, receiver: ArrayValue | OpaqueValue, args: Value[], node: TSESTree.CallExpression): Value {
  const start = args[0] ? Number(knownText(args[0]) ?? Number.NaN) : 0;
  const end = args[1] ? Number(knownText(args[1]) ?? Number.NaN) : undefined;
  if (receiver.kind === "array" && !Number.isNaN(start) && !Number.isNaN(end ?? 0) && receiver.elements.every((element) => !element.spread)) {
    return { ...receiver, node, elements: receiver.elements.slice(start, end) };
  }
  // A fixed start (`slice(0, n)`, `slice(1)`) keeps the same head as the list grows; a start counted
  // from the end (`slice(-10)`) or computed at run time (`slice(list.length - 10)`) moves with it.
  if (start >= 0) {
    // A length chosen at run time (`slice(0, budget)`) keeps the head but not the rest: which
    // elements of a list are sent changes. An opaque receiver may as well be text
    // (`content.slice(0, budget)`), which then changes itself; it gets no list change, since the
    // models read an opaque value with changes as a list.
    const count = args[1] ? stabilityOf(args[1]) : "static";
    if (!isChanging(count)) return withChanges(receiver, node, []);
    const reason = `\`${evaluator.snippet(node)}\` at ${at(node)}`;
    if (receiver.kind === "opaque") {
      const result: OpaqueValue = { ...receiver, node, time: undefined };
      return isChanging(result.stability) ? result : { ...result, stability: count, reason };
    }
    return withChanges(receiver, node, [{ kind: "membership", stability: count, reason, node }]);
  }
  return withChanges(receiver, node, [{ kind: "window", stability: "dynamic", reason: `\`${evaluator.snippet(node)}\` at ${at(node)}`, node }]);
}

/** A spread list whose own order no longer matters once the list it is spread into is sorted. */
function withoutOrder(element: ArrayElement): ArrayElement {
  const value = element.value;
  if (!element.spread || value.kind !== "opaque" || !value.changes) return element;
  const changes = value.changes.filter((change) => change.kind !== "order");
  return { ...element, value: { ...value, changes: changes.length > 0 ? changes : undefined } };
}

/** Outside every function: run once when the module loads, so the same for every request. */
function onceAtLoad(node: TSESTree.Node, change: Change): Change {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "FunctionDeclaration" || current.type === "FunctionExpression" || current.type === "ArrowFunctionExpression") return change;
  }
  return isChanging(change.stability) ? { ...change, stability: "deployment" } : change;
}

function withChanges(receiver: ArrayValue | OpaqueValue, node: TSESTree.Node, added: Change[]): ArrayValue | OpaqueValue {
  const changes = [...(receiver.changes ?? []), ...added.map((change) => onceAtLoad(node, change))];
  const base = receiver.kind === "array" ? { ...receiver, node } : { ...receiver, node, time: undefined };
  return changes.length > 0 ? { ...base, changes } : { ...base, changes: undefined };
}

/**
 * How much a callback's result depends on anything but the element it is given. The element
 * (both elements, for a sort comparator), its index and the list are bound to stand-ins that count
 * as static, whatever the shape of the parameters (`([name, tool]) => ...`, `({ role, content })`):
 * the index of an element in a list that grows by appending does not change. What moves with the
 * length of the list (`i < list.length - 6`) is reported apart, as `usesLength`.
 */
function callbackDependence(
  evaluator: Evaluator,
  fn: FunctionNode,
  call: TSESTree.Node,
  env: Env,
  comparator = false,
): { stability: Stability; usesIndex: boolean; usesLength: boolean } {
  const element = opaque("static", "each element", call);
  const index = opaque("static", `the position of each element at ${at(call)}`, call);
  const list = opaque("static", "the list itself", call);
  const standIns = comparator ? [element, element] : [element, index, list];
  const bindings = new Map(env);
  fn.params.forEach((param, position) => {
    for (const identifier of patternIdentifiers(param)) bindings.set(identifier, standIns[position] ?? opaque("unknown", "an extra argument", call));
  });
  const stability = stabilityOf(evaluator.invoke(fn, standIns, call, bindings));
  if (comparator) return { stability, usesIndex: false, usesLength: false };
  const indexNames = new Set(fn.params[1] ? patternIdentifiers(fn.params[1]).map((identifier) => identifier.name) : []);
  const listNames = new Set(fn.params[2] ? patternIdentifiers(fn.params[2]).map((identifier) => identifier.name) : []);
  const local = new Set<string>();
  for (const param of fn.params.slice(0, 2)) for (const identifier of patternIdentifiers(param)) local.add(identifier.name);
  let usesIndex = false;
  let usesLength = false;
  walk(fn.body, (node) => {
    if (node.type === "VariableDeclarator" || node.type === "FunctionDeclaration") {
      const id = node.id;
      if (id) for (const identifier of patternIdentifiers(id)) local.add(identifier.name);
    }
  });
  walk(fn.body, (node) => {
    if (node.type === "Identifier" && indexNames.has(node.name) && isReference(node)) usesIndex = true;
    if (node.type !== "MemberExpression" || node.computed || node.property.type !== "Identifier" || node.property.name !== "length") return;
    let root: TSESTree.Node = node.object;
    while (root.type === "MemberExpression") root = root.object;
    // `history.length`, `this.messages.length` or the list argument's length: the end of the list.
    if (root.type === "ThisExpression" || (root.type === "Identifier" && (listNames.has(root.name) || !local.has(root.name)))) usesLength = true;
  });
  return { stability, usesIndex, usesLength };
}

/** `toolset`, `options.tools`: a parameter or a property of one, read as it is. */
function isParameterData(evaluator: Evaluator, node: TSESTree.Node): boolean {
  let root = node;
  while (root.type === "MemberExpression" || root.type === "TSAsExpression" || root.type === "TSNonNullExpression" || root.type === "ChainExpression" || root.type === "AwaitExpression") {
    root = root.type === "MemberExpression" ? root.object : root.type === "AwaitExpression" ? root.argument : root.expression;
  }
  return root.type === "Identifier" && evaluator.variableOf(root)?.defs[0]?.type === "Parameter";
}

/** A name that is not declared in the file: the global it names (`Boolean`, `Object`). */
function isGlobal(evaluator: Evaluator, node: TSESTree.Node | undefined, name: string): boolean {
  return node?.type === "Identifier" && node.name === name && !evaluator.variableOf(node);
}

/**
 * `[search, isAdmin && refund].filter(Boolean)`: the elements that can be empty on some requests
 * decide which elements are sent.
 */
function truthyFilter(evaluator: Evaluator, receiver: ArrayValue | OpaqueValue, node: TSESTree.CallExpression): ArrayValue | OpaqueValue {
  if (receiver.kind !== "array") return withChanges(receiver, node, []);
  const changes: Change[] = receiver.elements
    .filter((element) => !element.spread && CONDITIONAL.has(element.node.type) && isChanging(stabilityOf(element.value)))
    .map((element) => ({
      kind: "membership",
      stability: stabilityOf(element.value),
      reason: `\`${evaluator.snippet(element.node)}\` at ${at(element.node)} is left out on some requests`,
      node: element.node,
    }));
  return withChanges(receiver, node, changes);
}
