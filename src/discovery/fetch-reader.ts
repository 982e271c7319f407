import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { contains } from "../ast/tree.js";
import { walk } from "../ast/walk.js";
import { propertyKey, type ModuleCode } from "../eval/evaluator.js";
import { knownText, opaque, type ArrayElement, type Value } from "../eval/values.js";
import type { ListField, RequestEdit, TextTarget } from "../model/request-edits.js";
import type { Piece } from "../model/types.js";
import { CONVERSIONS, isGlobalCall, isGlobalName, outermostWrapper, propertyName, unwrap } from "./definitions.js";
import { guardOf } from "./fetch-guards.js";
import { FetchScope, PRIMITIVE_METHODS, samePath, type FunctionNode, type Step } from "./fetch-scope.js";

/*
 * Reads what a custom `fetch(url, init)` does to the request before it sends it. Understood:
 *
 * - the body parsed with `JSON.parse(init.body)` (or a `body` destructured from the options),
 *   changed by assignments to its top-level properties (`body.system = …`,
 *   `body.prompt_cache_key = …`), to the text of one message (`body.messages[0].content`,
 *   `.at(-1)`, `[length - 1]`, `.find((m) => m.role === "system")`, directly or through a
 *   `const`), by `push`/`unshift`/`splice(k, 0, …)` on its lists or `[x, ...body.messages]`, and
 *   written back with `JSON.stringify(body)` (or `JSON.stringify({ ...body, key: value })`) as the
 *   outgoing `body`;
 * - headers set by name in a `headers: { ... }` object, on `new Headers(...)` or on `init.headers`;
 * - under the conditions `fetch-guards.ts` understands.
 *
 * Anything else that could change the body (a loop over its messages, a helper given the body,
 * another way to read it, a write this list does not name) makes the whole function not understood,
 * and then none of its changes are applied: a rewrite the analyzer misreads would report findings
 * on a prompt that is never sent.
 */

export interface FetchReading {
  /** False when the function changes the outgoing request in a way this reader does not follow. */
  understood: boolean;
  /** Its changes in the order they are made; empty when it changes nothing or is not understood. */
  edits: RequestEdit[];
}

const NOT_UNDERSTOOD: FetchReading = { understood: false, edits: [] };

/** List methods that change the list in place. */
const MUTATING = new Set(["push", "unshift", "splice", "pop", "shift", "sort", "reverse", "fill", "copyWithin"]);
/** Methods of loggers and tracing spans: what they are given is written out, not changed. */
const LOG_METHODS = new Set(["log", "info", "debug", "warn", "error", "trace", "verbose", "fatal", "setAttribute", "setAttributes", "addEvent", "recordException"]);
/** Body properties that are the prompt or shape its prefix: changed only in the ways this reader maps. */
const PROMPT_FIELDS = new Set(["messages", "input", "system", "instructions", "tools", "functions", "response_format", "text", "model", "prompt", "contents", "cache_control"]);
/** Body properties whose inner parts never reach the prompt (`body.metadata.trace_id = …`). */
const OUTSIDE_PROMPT = new Set(["metadata"]);
const LISTS = new Set<string>(["messages", "input", "system", "tools"]);
/** Real wrappers make a handful of changes; past this many the function is not read. */
const MAX_EDITS = 200;

export function readCustomFetch(code: ModuleCode, fn: FunctionNode): FetchReading {
  return new FetchReader(code, fn).read();
}

interface PendingEdit {
  edit: RequestEdit;
  position: number;
  /** A change of the parsed body: it reaches the request only when the body is written back. */
  ofBody: boolean;
}

class FetchReader {
  private readonly scope: FetchScope;
  /** The parsed body bound to an unknown value: its parts are the SDK's own prompt, which the site already has. */
  private readonly env = new Map<TSESTree.Node, Value>();
  private readonly pending: PendingEdit[] = [];
  private understood = true;
  /** The changed body is what the function sends (`body: JSON.stringify(body)`). */
  private sent = false;
  /** `{ ...body, key: value }` objects written back, and `[x, ...body.messages]` lists read as changes. */
  private readonly writtenBack = new Set<TSESTree.Node>();
  private readonly rewrittenLists = new Set<TSESTree.Node>();
  /** `headers: { ... }` objects already read (one can be reached twice through a `const`). */
  private readonly readHeaders = new Set<TSESTree.Node>();

  constructor(
    private readonly code: ModuleCode,
    private readonly fn: FunctionNode,
  ) {
    this.scope = new FetchScope(code.evaluator, fn);
    const { body, parse } = this.scope;
    if (body && parse) this.env.set(body.defs[0]!.name, opaque("unknown", "the request body the SDK built", parse));
  }

  read(): FetchReading {
    if (this.scope.unreadable) return NOT_UNDERSTOOD;
    walk(this.fn.body, (node) => {
      if (this.understood) this.visit(node);
    });
    if (this.understood) this.checkUses();
    if (!this.understood) return NOT_UNDERSTOOD;
    const edits = this.pending
      .filter((pending) => !pending.ofBody || this.sent)
      .sort((a, b) => a.position - b.position)
      .map((pending) => pending.edit);
    return { understood: true, edits };
  }

  private fail(): void {
    this.understood = false;
  }

  private visit(node: TSESTree.Node): void {
    switch (node.type) {
      case "AssignmentExpression":
        this.assignment(node);
        return;
      case "UpdateExpression":
        if (this.scope.holdsBody(node.argument)) this.fail();
        return;
      case "UnaryExpression":
        if (node.operator === "delete") this.deletion(node.argument);
        return;
      case "CallExpression":
        this.call(node);
        return;
      case "Property":
        if (node.parent?.type === "ObjectExpression") this.property(node);
        return;
      default:
        return;
    }
  }

  /** `body: …` and `headers: …` of the options the request is sent with. */
  private property(property: TSESTree.Property): void {
    const key = propertyKey(property);
    if ((key !== "body" && key !== "headers") || !this.isOutgoingOptions(property.parent as TSESTree.ObjectExpression)) return;
    if (key === "body") this.outgoingBody(property.value);
    else this.outgoingHeaders(property.value);
  }

  /**
   * Options a request is sent with (not a log record that happens to have a `body`): they spread
   * the original options, are the options argument of a call (`fetch(url, { ... })`, `new
   * Request(url, { ... })`), directly or through a `const`, or replace the options parameter.
   */
  private isOutgoingOptions(object: TSESTree.ObjectExpression): boolean {
    if (object.properties.some((property) => property.type === "SpreadElement" && this.scope.isOptions(property.argument))) return true;
    const holder = outermostWrapper(object);
    const parent = holder.parent;
    if ((parent?.type === "CallExpression" || parent?.type === "NewExpression") && parent.arguments[1] === holder) return true;
    if (parent?.type === "AssignmentExpression" && parent.right === holder) return this.scope.isOptions(parent.left);
    if (parent?.type !== "VariableDeclarator" || parent.id.type !== "Identifier") return false;
    const variable = this.scope.evaluator.variableOf(parent.id);
    return (variable?.references ?? []).some((reference) => {
      const use = reference.identifier;
      return (use.parent?.type === "CallExpression" || use.parent?.type === "NewExpression") && use.parent.arguments[1] === use;
    });
  }

  private assignment(node: TSESTree.AssignmentExpression): void {
    const left = unwrap(node.left);
    if (left.type === "MemberExpression") {
      const root = this.scope.rootVariable(left);
      if (root && this.scope.derived.has(root)) {
        const path = this.scope.pathOf(left);
        if (path && path.length > 0) this.write(path, node.operator, node.right, node);
        else this.fail();
      } else if (root && this.scope.options.has(root)) {
        this.optionsWrite(left, node);
      }
      return;
    }
    if (left.type === "Identifier") {
      const variable = this.scope.evaluator.variableOf(left);
      // The body's one write is its parse (FetchScope); `init = { ...init, body, headers }` is read property by property.
      if (!variable || variable === this.scope.body) return;
      if (this.scope.derived.has(variable)) this.fail();
      else if (this.scope.options.has(variable) && unwrap(node.right).type !== "ObjectExpression") this.fail();
      return;
    }
    // Destructuring the body into other places.
    if (this.scope.holdsBody(node.right)) this.fail();
  }

  /** `init.body = …`, `init.headers = …`, `init.headers["x-grok-conv-id"] = …`. */
  private optionsWrite(left: TSESTree.MemberExpression, node: TSESTree.AssignmentExpression): void {
    const object = unwrap(left.object);
    if (object.type === "Identifier") {
      const key = this.code.evaluator.memberKey(left, this.env);
      if (key === "body") {
        if (node.operator === "=") this.outgoingBody(node.right);
        else this.fail();
      } else if (key === "headers") {
        if (node.operator === "=") this.outgoingHeaders(node.right);
        else this.fail();
      }
      return;
    }
    if (this.isOptionsHeaders(object)) this.header(this.code.evaluator.memberKey(left, this.env), node.right, node.right);
  }

  private deletion(argument: TSESTree.Node): void {
    if (!this.scope.holdsBody(argument)) return;
    const path = this.scope.pathOf(argument);
    const [first] = path ?? [];
    if (!path || !first || !("property" in first)) return this.fail();
    if (path.length > 1 && OUTSIDE_PROMPT.has(first.property)) return;
    if (path.length > 1 || PROMPT_FIELDS.has(first.property)) return this.fail();
    this.add({ kind: "parameter", name: first.property, value: null }, argument, true);
  }

  private call(node: TSESTree.CallExpression): void {
    const callee = unwrap(node.callee);
    const method = callee.type === "MemberExpression" ? this.code.evaluator.memberKey(callee, this.env) : null;
    // `return withAuth(url, init)`: the options handed to another function of the application,
    // which may change them where this reader does not look. The platform's `fetch` (a global, an
    // import, a parameter such as a wrapped `baseFetch`) only sends them, a logger only writes them.
    const handsOver = node.arguments.some((argument) => this.carriesOptions(argument)) && !(method !== null && LOG_METHODS.has(method));
    if (handsOver && this.scope.evaluator.evaluate(callee).kind === "function") return this.fail();
    if (callee.type !== "MemberExpression") return;
    if (method !== null && MUTATING.has(method) && this.scope.holdsBody(callee.object)) {
      this.listCall(node, method, callee.object);
      return;
    }
    if (method !== "set" && method !== "append") return;
    const receiver = unwrap(callee.object);
    const root = this.scope.rootVariable(receiver);
    const onHeaders = (receiver.type === "Identifier" && root !== null && this.scope.headerObjects.has(root)) || this.isOptionsHeaders(receiver);
    const [name, value] = node.arguments;
    if (onHeaders && name && value && name.type !== "SpreadElement" && value.type !== "SpreadElement") this.header(knownText(this.evaluate(name)), value, value);
  }

  /** `body.messages.push(…)`, `unshift(…)`, `splice(k, 0, …)` on one of the body's lists. */
  private listCall(node: TSESTree.CallExpression, method: string, receiver: TSESTree.Node): void {
    const field = this.listField(this.scope.pathOf(receiver));
    if (!field) return this.fail();
    const args = node.arguments;
    if (method === "push") return this.insert(field, "end", args, node, node);
    if (method === "unshift") return this.insert(field, 0, args, node, node);
    const [start, count] = args;
    const position = start?.type === "Literal" && typeof start.value === "number" && Number.isInteger(start.value) && start.value >= 0 ? start.value : null;
    if (method === "splice" && position !== null && count?.type === "Literal" && count.value === 0) return this.insert(field, position, args.slice(2), node, node);
    this.fail();
  }

  /** A write to a path of the body: its text, its lists, or another top-level property. */
  private write(path: Step[], operator: string, right: TSESTree.Node, at: TSESTree.Node): void {
    const [first, second, third] = path;
    if (!first || !("property" in first)) return this.fail();
    const field = first.property;
    if (path.length === 1) {
      if (operator !== "=" && operator !== "+=") return this.fail();
      const isList = unwrap(right).type === "ArrayExpression";
      if ((field === "system" || field === "instructions") && !isList) return this.text({ field }, path, operator, right, at);
      if (LISTS.has(field)) return operator === "=" ? this.listAssign(field as ListField, path, right, at) : this.fail();
      if (PROMPT_FIELDS.has(field) || operator !== "=") return this.fail();
      this.add({ kind: "parameter", name: field, value: this.value(right) }, right, true, at);
      return;
    }
    if (OUTSIDE_PROMPT.has(field)) return;
    if (path.length === 3 && second && "element" in second && third && "property" in third) {
      if ((field === "messages" || field === "input") && third.property === "content") return this.text({ list: field, message: second.element }, path, operator, right, at);
      if (field === "system" && third.property === "text") return this.text({ list: "system", message: second.element }, path, operator, right, at);
    }
    this.fail();
  }

  /**
   * New text for a text path: `+=` appends; `=` with the old text as one part of a template or a
   * `+` keeps it between what comes before and after; `=` without it replaces it.
   */
  private text(target: TextTarget, path: Step[], operator: string, right: TSESTree.Node, at: TSESTree.Node): void {
    const references = this.references(right, path);
    if (operator === "+=") {
      if (references.length > 0) return this.fail();
      this.add({ kind: "text", target, replacement: null, before: [], after: this.placedPieces(this.pieces(right)) }, right, true, at);
      return;
    }
    const selves = operands(right).filter((operand) => references.includes(withoutDefault(operand)));
    // The old text also used elsewhere in the new (`wrap(body.system)`): not a wrapping this reader can read.
    if (references.length !== selves.length || selves.length > 1) return this.fail();
    const pieces = this.pieces(right);
    const self = selves[0];
    if (!self) {
      this.add({ kind: "text", target, replacement: this.placedPieces(pieces), before: [], after: [] }, right, true, at);
      return;
    }
    const index = pieces.findIndex((piece) => piece.node === self);
    if (index === -1) return this.fail();
    const [before, after] = [pieces.slice(0, index), pieces.slice(index + 1)];
    this.add({ kind: "text", target, replacement: null, before: this.placedPieces(before), after: this.placedPieces(after) }, right, true, at);
  }

  /** `body.messages = [system, ...body.messages, reminder]`; `body.tools = ALL_TOOLS` replaces the tools. */
  private listAssign(field: ListField, path: Step[], right: TSESTree.Node, at: TSESTree.Node): void {
    const list = unwrap(right);
    const references = this.references(right, path);
    const elements = list.type === "ArrayExpression" ? list.elements : null;
    const self = elements ? elements.findIndex((element) => element?.type === "SpreadElement" && references.includes(withoutDefault(element.argument))) : -1;
    // Without the list itself in it, the new value replaces the list: only tools are read so.
    if (!elements || self === -1) {
      if (field !== "tools" || references.length > 0 || elements?.includes(null)) return this.fail();
      this.add({ kind: "tools", value: this.value(right) }, right, true, at);
      return;
    }
    if (elements.includes(null) || references.length !== 1) return this.fail();
    this.rewrittenLists.add(list);
    const before = elements.slice(0, self) as TSESTree.CallExpressionArgument[];
    const after = elements.slice(self + 1) as TSESTree.CallExpressionArgument[];
    if (before.length > 0) this.insert(field, 0, before, at);
    if (after.length > 0) this.insert(field, "end", after, at);
  }

  /**
   * Elements added to a list. `call`: the `push`/`unshift`/`splice` that adds them, which their
   * segments point at; an argument of such a call would read, to the checks, as a message put into
   * a history kept across requests (`history.push(message)`), which `body.messages` is not.
   */
  private insert(field: ListField, position: number | "end", args: readonly TSESTree.CallExpressionArgument[], at: TSESTree.Node, call?: TSESTree.CallExpression): void {
    const items: ArrayElement[] = args.map((arg) => {
      const node = this.code.placeNode(call ?? arg);
      return arg.type === "SpreadElement" ? { value: this.value(arg.argument), spread: true, node } : { value: this.value(arg), spread: false, node };
    });
    this.add({ kind: "insert", list: field, position, items }, at, true);
  }

  /** The outgoing `body`: unchanged (`init.body`), or the parsed body written back. */
  private outgoingBody(value: TSESTree.Node): void {
    const expression = unwrap(value);
    if (this.scope.isRequestBody(expression)) return;
    if (!this.writeBack(expression, 0)) this.fail();
  }

  /** `JSON.stringify(body)`, `JSON.stringify({ ...body, key: value })`, or a `const` holding either. */
  private writeBack(node: TSESTree.Node, depth: number): boolean {
    const expression = unwrap(node);
    const init = depth < 2 ? this.scope.localInitializer(expression) : null;
    if (init) return this.writeBack(init, depth + 1);
    if (expression.type !== "CallExpression" || !isGlobalCall(this.code.evaluator, expression, "JSON", "stringify") || !expression.arguments[0]) return false;
    const argument = unwrap(expression.arguments[0]);
    if (argument.type === "Identifier" && this.isBodyVariable(argument)) {
      this.sent = true;
      return true;
    }
    const object = this.scope.localInitializer(argument) ?? argument;
    if (object.type !== "ObjectExpression") return false;
    const [spread, ...rest] = object.properties;
    if (spread?.type !== "SpreadElement" || spread.argument.type !== "Identifier" || !this.isBodyVariable(spread.argument)) return false;
    this.sent = true;
    if (this.writtenBack.has(object)) return true;
    this.writtenBack.add(object);
    for (const property of rest) {
      const key = property.type === "Property" ? propertyKey(property) : null;
      if (property.type !== "Property" || key === null) return false;
      this.write([{ property: key }], "=", property.value, property);
      if (!this.understood) return true;
    }
    return true;
  }

  /** The outgoing `headers`: an object whose named entries are set, a `Headers` object, or the original ones. */
  private outgoingHeaders(value: TSESTree.Node): void {
    const expression = unwrap(value);
    const object = this.scope.localInitializer(expression) ?? expression;
    if (object.type === "ObjectExpression") {
      if (this.readHeaders.has(object)) return;
      this.readHeaders.add(object);
      for (const property of object.properties) {
        if (property.type === "SpreadElement") continue;
        const name = property.computed ? knownText(this.evaluate(property.key)) : propertyKey(property);
        this.header(name, property.value, property);
      }
      return;
    }
    const root = this.scope.rootVariable(expression);
    const isHeaders = (object.type === "NewExpression" && object.callee.type === "Identifier" && object.callee.name === "Headers") || (root !== null && this.scope.headerObjects.has(root));
    if (!isHeaders && !this.isOptionsHeaders(expression)) this.fail();
  }

  private header(name: string | null, value: TSESTree.Node, at: TSESTree.Node): void {
    if (name === null) return this.fail();
    this.add({ kind: "header", name, value: this.value(value) }, at, false);
  }

  /** Records a change with the conditions it runs under; `at` is where those are read from. */
  private add(change: DistributiveOmit<RequestEdit, "node" | "guard">, node: TSESTree.Node, ofBody: boolean, at: TSESTree.Node = node): void {
    const guard = guardOf(this.scope, at);
    if (!guard || this.pending.length >= MAX_EDITS) return this.fail();
    this.pending.push({ edit: { ...change, node: this.code.placeNode(node), guard } as RequestEdit, position: at.range[0], ofBody });
  }

  /**
   * Every use of the body or a part of it must keep it inside the function: read, logged,
   * serialized, tested, or changed in one of the ways read above. Given to any other function,
   * stored in another object or variable, it may be changed where this reader cannot see. The
   * variables holding part of the body are all local: their uses are in the function.
   */
  private checkUses(): void {
    for (const variable of this.scope.derived.keys()) {
      for (const reference of variable.references) {
        if (!reference.isWrite() && !this.staysInside(reference.identifier as TSESTree.Identifier)) return this.fail();
      }
    }
  }

  private staysInside(identifier: TSESTree.Identifier): boolean {
    let current: TSESTree.Node = identifier;
    for (;;) {
      const parent: TSESTree.Node = current.parent!;
      if (unwrap(parent) !== parent || (parent.type === "MemberExpression" && parent.object === current)) {
        current = parent;
        continue;
      }
      if (parent.type === "CallExpression" && parent.callee === current) {
        const method = propertyName(current);
        // Text or a number comes out; changes in place were read by `listCall`.
        if (method !== null && (PRIMITIVE_METHODS.has(method) || MUTATING.has(method))) return true;
        current = parent;
        continue;
      }
      return this.keptBy(current);
    }
  }

  /** Whether what holds part of the body (`node`) stays inside the function where it is put. */
  private keptBy(node: TSESTree.Node): boolean {
    const parent = node.parent!;
    switch (parent.type) {
      case "CallExpression":
        return parent.callee === node || this.isHarmlessCall(parent);
      case "NewExpression":
        return false;
      case "SpreadElement":
      case "ArrayExpression":
      case "Property": {
        const holder = parent.type === "ArrayExpression" ? parent : parent.parent!;
        if (parent.type === "Property" && parent.value !== node) return true;
        if (this.writtenBack.has(holder) || this.rewrittenLists.has(holder)) return true;
        return holder.type === "CallExpression" ? this.isHarmlessCall(holder) : this.keptBy(holder);
      }
      case "AssignmentExpression":
        return parent.left === node || this.scope.holdsBody(parent.left);
      default:
        return true;
    }
  }

  /** JSON.stringify, a logger, `String()`/`Array.isArray()`/`Object.keys()`, or a reading method of the body itself. */
  private isHarmlessCall(call: TSESTree.CallExpression): boolean {
    const callee = unwrap(call.callee);
    if (callee.type === "Identifier") return isGlobalName(this.scope.evaluator, callee, ...CONVERSIONS);
    if (callee.type !== "MemberExpression") return false;
    const method = this.code.evaluator.memberKey(callee, this.env);
    if (method === null) return false;
    const object = unwrap(callee.object);
    if (object.type === "Identifier" && !this.scope.evaluator.variableOf(object)) {
      if (object.name === "console" || (object.name === "JSON" && method === "stringify") || (object.name === "Array" && method === "isArray")) return true;
      if (object.name === "Object" && ["keys", "values", "entries"].includes(method)) return true;
    }
    return LOG_METHODS.has(method) || (this.scope.holdsBody(callee.object) && !MUTATING.has(method));
  }

  private listField(path: Step[] | null): ListField | null {
    const [only] = path ?? [];
    return path?.length === 1 && only && "property" in only && LISTS.has(only.property) ? (only.property as ListField) : null;
  }

  /** The expressions in `right` that read exactly `path`. */
  private references(right: TSESTree.Node, path: Step[]): TSESTree.Node[] {
    const found: TSESTree.Node[] = [];
    walk(right, (node) => {
      if (node.type === "MemberExpression" || node.type === "CallExpression" || node.type === "Identifier") {
        const read = this.scope.pathOf(node);
        if (read && samePath(read, path) && !found.some((outer) => contains(outer, node))) found.push(node);
      }
    });
    return found.map((node) => outermostWrapper(node));
  }

  private isBodyVariable(identifier: TSESTree.Identifier): boolean {
    const variable = this.scope.evaluator.variableOf(identifier);
    return variable !== null && variable === this.scope.body;
  }

  /** `init.headers` */
  private isOptionsHeaders(node: TSESTree.Node): boolean {
    const expression = unwrap(node);
    return expression.type === "MemberExpression" && this.code.evaluator.memberKey(expression, this.env) === "headers" && this.scope.isOptions(expression.object);
  }

  /** `init`, or an object literal spreading it (`{ ...init, signal }`). */
  private carriesOptions(argument: TSESTree.Node): boolean {
    const expression = unwrap(argument.type === "SpreadElement" ? argument.argument : argument);
    if (expression.type === "ObjectExpression") return expression.properties.some((property) => property.type === "SpreadElement" && this.scope.isOptions(property.argument));
    return this.scope.isOptions(expression);
  }

  private evaluate(node: TSESTree.Node): Value {
    return this.code.evaluator.evaluate(node, this.env);
  }

  /** A value computed in the function, as the file being analyzed sees it. */
  private value(node: TSESTree.Node): Value {
    return this.code.place(this.evaluate(node));
  }

  private pieces(node: TSESTree.Node): Piece[] {
    return this.code.evaluator.asString(this.evaluate(node), node).pieces;
  }

  private placedPieces(pieces: Piece[]): Piece[] {
    if (pieces.length === 0) return [];
    const placed = this.code.place({ kind: "string", pieces });
    return placed.kind === "string" ? placed.pieces : [];
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The parts a text is made of at its top level: a template's expressions, the operands of `+`. */
function operands(node: TSESTree.Node): TSESTree.Node[] {
  const expression = unwrap(node);
  if (expression.type === "TemplateLiteral") return expression.expressions;
  if (expression.type === "BinaryExpression" && expression.operator === "+") return [...operands(expression.left), ...operands(expression.right)];
  // As the evaluator places it: the operand as written, wrappers and all.
  return [node];
}

/** `body.system ?? ""` reads as `body.system`. */
function withoutDefault(node: TSESTree.Node): TSESTree.Node {
  const expression = unwrap(node);
  if (expression.type === "LogicalExpression" && expression.operator !== "&&") return outermostWrapper(unwrap(expression.left));
  return outermostWrapper(expression);
}
