import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { isReference } from "../ast/names.js";
import { contains, FUNCTIONS, LOOPS } from "../ast/tree.js";
import { walk } from "../ast/walk.js";
import type { EditGuard, MessageList } from "../model/request-edits.js";
import { CONVERSIONS, isGlobalName, propertyName, unwrap } from "./definitions.js";
import { PRIMITIVE_METHODS, textComparison, type FetchScope } from "./fetch-scope.js";

/*
 * The conditions a change inside a custom fetch runs under, from the `if`s, `&&`s and early
 * returns around it. Understood: tests of the options, the URL and the shape of the prompt in the
 * body (`typeof init?.body === "string"`, `Array.isArray(body.messages)`), which hold for the
 * requests the change is made for; a message's role (`body.messages[0]?.role === "system"`),
 * checked against each request's prompt; and the endpoint tested in the URL
 * (`url.includes("/chat/completions")`). A change under any other condition (a flag, a sampling
 * rate, another value of the body, an `else`), in a loop or in a callback is not understood.
 */

/** A loop runs a change any number of times; a `switch` or a `catch` under conditions not listed here. */
const UNFOLLOWED = new Set([...LOOPS, "SwitchStatement", "CatchClause"]);
/** Globals a test of the request may use. */
const GLOBALS = new Set(["Array", "String", "Number", "Boolean", "Object", "JSON", "URL", "Request", "Headers", "undefined"]);
/** Methods a test may call: they read, they do not change anything. */
const READ_METHODS = new Set([...PRIMITIVE_METHODS, "at", "find", "findLast", "has", "get", "test", "match", "isArray", "toString", "keys", "values", "entries"]);
/** Text that names an API endpoint in a test of the URL. */
const ENDPOINT = /completions|\/responses|\/messages|\/api\/(chat|generate)|:generateContent/;
const MAX_INDIRECTION = 3;
/** Body fields whose presence and type a test may check: the parts of the prompt a change rewrites. */
const SHAPE_FIELDS = new Set(["messages", "input", "system", "instructions", "tools"]);

/** The conditions a change runs under, or null when they are not understood. */
export function guardOf(scope: FetchScope, node: TSESTree.Node): EditGuard | null {
  const guard: EditGuard = { roles: [], paths: [] };
  for (let child = node; child.parent; child = child.parent) {
    const parent = child.parent;
    if (parent === scope.fn) break;
    if (UNFOLLOWED.has(parent.type) || FUNCTIONS.has(parent.type)) return null;
    switch (parent.type) {
      case "IfStatement":
      case "ConditionalExpression":
        if (child === parent.alternate) return null;
        if (child === parent.consequent && !condition(scope, parent.test, true, guard, 0)) return null;
        break;
      case "LogicalExpression":
        if (child === parent.right && (parent.operator !== "&&" || !condition(scope, parent.left, true, guard, 0))) return null;
        break;
      case "TryStatement":
        if (child === parent.handler) return null;
        break;
      case "BlockStatement":
        if (!afterEarlyReturns(scope, parent, child, guard)) return null;
        break;
      default:
        break;
    }
  }
  return guard;
}

/**
 * `if (!init?.body) return fetch(url, init);` before the change: it runs only when the test is
 * false. A statement that always leaves first means the change never runs, which is not understood.
 */
function afterEarlyReturns(scope: FetchScope, block: TSESTree.BlockStatement, child: TSESTree.Node, guard: EditGuard): boolean {
  for (const statement of block.body) {
    if (statement === child) return true;
    if (exits(statement)) return false;
    if (statement.type === "IfStatement" && exits(statement.consequent)) {
      if (statement.alternate || !condition(scope, statement.test, false, guard, 0)) return false;
    }
  }
  return true;
}

function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === "ReturnStatement" || statement.type === "ThrowStatement") return true;
  const last = statement.type === "BlockStatement" ? statement.body.at(-1) : undefined;
  return last !== undefined && (last.type === "ReturnStatement" || last.type === "ThrowStatement");
}

/** Adds what a test (`positive`: must be true; else false) says about the request to `guard`; false when it is not understood. */
function condition(scope: FetchScope, test: TSESTree.Node, positive: boolean, guard: EditGuard, depth: number): boolean {
  const expression = unwrap(test);
  if (expression.type === "LogicalExpression" && expression.operator === (positive ? "&&" : "||")) {
    return condition(scope, expression.left, positive, guard, depth) && condition(scope, expression.right, positive, guard, depth);
  }
  if (expression.type === "UnaryExpression" && expression.operator === "!") return condition(scope, expression.argument, !positive, guard, depth);
  if (expression.type === "BinaryExpression" && ["===", "==", "!==", "!="].includes(expression.operator)) {
    const role = roleCheck(scope, expression);
    if (role) {
      guard.roles.push({ ...role, equal: expression.operator.startsWith("=") === positive });
      return true;
    }
  }
  // `const isChat = url.includes("/chat/completions")` tested as `if (isChat)`.
  if (expression.type === "Identifier" && depth < MAX_INDIRECTION) {
    const variable = scope.evaluator.variableOf(expression);
    const init = variable && !scope.derived.has(variable) ? scope.localInitializer(expression) : null;
    if (init) return condition(scope, init, positive, guard, depth + 1);
  }
  if (!readsOnlyRequest(scope, expression)) return false;
  const paths = endpointTexts(expression);
  // Which endpoints a negated test leaves out is not a list of endpoints the change is made for.
  if (paths.length > 0 && !positive) return false;
  guard.paths.push(...paths);
  return true;
}

/** `<message>.role === "system"`, where the message is one element of a body list. */
function roleCheck(scope: FetchScope, expression: TSESTree.BinaryExpression): { list: MessageList; message: EditGuard["roles"][number]["message"]; role: string } | null {
  const comparison = textComparison(expression);
  if (!comparison) return null;
  const member = unwrap(comparison.read);
  if (member.type !== "MemberExpression" || propertyName(member) !== "role") return null;
  const path = scope.pathOf(member.object);
  const [list, element] = path ?? [];
  if (path?.length !== 2 || !list || !("property" in list) || !element || !("element" in element)) return null;
  if (list.property !== "messages" && list.property !== "input" && list.property !== "system") return null;
  return { list: list.property, message: element.element, role: comparison.text };
}

/**
 * True when a test reads only the request (the function's parameters and the body), a few
 * globals, and calls only methods that read: no flag, setting or state of the application.
 */
function readsOnlyRequest(scope: FetchScope, expression: TSESTree.Node): boolean {
  let only = true;
  const declared = new Set<TSESTree.Node>();
  walk(expression, (node) => {
    if (!only) return;
    // The parameters of a callback inside the test (`messages.some((m) => m.role === "tool")`).
    if (FUNCTIONS.has(node.type)) for (const param of (node as TSESTree.FunctionLike).params) declareParameter(param, declared);
    switch (node.type) {
      case "Identifier": {
        if (!isReference(node) || declared.has(node)) return;
        const variable = scope.evaluator.variableOf(node);
        if (!variable) {
          only = GLOBALS.has(node.name);
          return;
        }
        const name = variable.defs[0]?.name;
        const inside = name !== undefined && declared.has(name);
        only = inside || scope.parameters.has(variable) || (scope.derived.has(variable) && readsShape(scope, node));
        return;
      }
      case "CallExpression": {
        const callee = unwrap(node.callee);
        const method = propertyName(callee);
        only = callee.type === "Identifier" ? isGlobalName(scope.evaluator, callee, ...CONVERSIONS) : method !== null && READ_METHODS.has(method);
        return;
      }
      case "NewExpression":
        only = node.callee.type === "Identifier" && node.callee.name === "URL";
        return;
      case "AssignmentExpression":
      case "UpdateExpression":
      case "AwaitExpression":
      case "YieldExpression":
        only = false;
        return;
      default:
        return;
    }
  });
  return only;
}

/**
 * Every node of a callback's parameter (its names, keys and type annotations) is the callback's
 * own, except its default values (`(m = FLAG) => ...`) and computed keys (`({ [FIELD]: v }) =>`),
 * which are read like the rest of the test.
 */
function declareParameter(param: TSESTree.Parameter, declared: Set<TSESTree.Node>): void {
  const read: TSESTree.Node[] = [];
  walk(param, (inner) => {
    if (inner.type === "AssignmentPattern") read.push(inner.right);
    if (inner.type === "Property" && inner.computed) read.push(inner.key);
    if (!read.some((value) => contains(value, inner))) declared.add(inner);
  });
}

/**
 * Whether a read of the body tests its shape (`body.messages`, `typeof body.system`, a message
 * found by role): true of every request the change is made for. A test of another value
 * (`body.stream`, `body.model.startsWith("gpt-5")`) holds for some requests only, and the analyzer
 * does not check which.
 */
function readsShape(scope: FetchScope, identifier: TSESTree.Identifier): boolean {
  let chain: TSESTree.Node = identifier;
  while (chain.parent && ((chain.parent.type === "MemberExpression" && chain.parent.object === chain) || unwrap(chain.parent) !== chain.parent)) chain = chain.parent;
  const [first] = scope.pathOf(chain) ?? [];
  return first !== undefined && "property" in first && SHAPE_FIELDS.has(first.property);
}

function endpointTexts(expression: TSESTree.Node): string[] {
  const texts: string[] = [];
  walk(expression, (node) => {
    const text = node.type === "Literal" && typeof node.value === "string" ? node.value : node.type === "TemplateElement" ? node.value.cooked : null;
    if (text && ENDPOINT.test(text)) texts.push(text);
  });
  return texts;
}
