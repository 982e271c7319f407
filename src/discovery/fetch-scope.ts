import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { contains, FUNCTIONS } from "../ast/tree.js";
import { walk } from "../ast/walk.js";
import type { Evaluator } from "../eval/evaluator.js";
import type { VariableLike } from "../eval/scope.js";
import type { FunctionValue } from "../eval/values.js";
import type { MessageSelector } from "../model/request-edits.js";
import { initializerOf, isGlobalCall, isGlobalName, outermostWrapper, propertyName, unwrap } from "./definitions.js";

/*
 * The variables of a custom `fetch(url, init)` and what they hold: the request options, the body
 * parsed out of them (`JSON.parse(init.body)`), and what is read from that body
 * (`body.messages.find((m) => m.role === "system")`), as paths into it.
 */

export type FunctionNode = FunctionValue["node"];

/** One step of a path into the request body: a property, or one element of a list. */
export type Step = { property: string } | { element: MessageSelector };

/**
 * Past this size, or this many rounds of `const b = a` aliases, a fetch function is not read
 * (real wrappers are a few dozen lines): what it does is then unknown, never guessed.
 */
const MAX_NODES = 20_000;
const MAX_ALIAS_ROUNDS = 16;
/** Methods whose result is text, a number or a boolean: nothing of the body is held by it. */
export const PRIMITIVE_METHODS = new Set(["join", "toString", "includes", "indexOf", "lastIndexOf", "findIndex", "some", "every", "startsWith", "endsWith", "toLowerCase", "toUpperCase", "trim", "localeCompare"]);

export class FetchScope {
  /** Every parameter of the function. */
  readonly parameters = new Set<VariableLike>();
  /** The request options (`init`), the second parameter. */
  readonly options = new Set<VariableLike>();
  /** `body` destructured from the options parameter (`(url, { body, ...init }) =>`). */
  readonly rawBody = new Set<VariableLike>();
  /** The variable holding the parsed body, and the `JSON.parse` call that fills it. */
  readonly body: VariableLike | null = null;
  readonly parse: TSESTree.CallExpression | null = null;
  /** Variables that hold the body or a part of it, with their path into it when they are a plain path. */
  readonly derived = new Map<VariableLike, Step[] | null>();
  /** `new Headers(...)` objects. */
  readonly headerObjects = new Set<VariableLike>();
  /** Where the function stops being readable: the body read another way (another parse, `.json()`), or the function itself when it is too large. */
  readonly unreadable: TSESTree.Node | null = null;

  constructor(
    readonly evaluator: Evaluator,
    readonly fn: FunctionNode,
  ) {
    const variables = new Set<VariableLike>();
    const parses: TSESTree.CallExpression[] = [];
    const bodyReads: TSESTree.CallExpression[] = [];
    let size = 0;
    // Also sets `parent` inside a function of a module the analysis did not walk.
    walk(fn, (node) => {
      size++;
      if (node.type === "Identifier") {
        const variable = evaluator.variableOf(node);
        if (variable) variables.add(variable);
      } else if (node.type === "CallExpression") {
        if (isGlobalCall(evaluator, node, "JSON", "parse")) parses.push(node);
        else if (["json", "text", "arrayBuffer", "formData"].includes(propertyName(node.callee) ?? "")) bodyReads.push(node);
      }
    });
    for (const variable of variables) this.classifyParameter(variable);
    let unreadable: TSESTree.Node | null = null;
    const bodies: Array<[VariableLike, TSESTree.CallExpression]> = [];
    for (const parse of parses) {
      if (!this.readsRequestBody(parse.arguments[0])) {
        unreadable ??= parse;
        continue;
      }
      const variable = this.assignedVariable(parse);
      if (variable) bodies.push([variable, parse]);
    }
    // `new Request(url, init).json()`, `init.body.text()`: a body read another way.
    for (const read of bodyReads) if (this.fromRequest(read)) unreadable ??= read;
    if (bodies.length > 1) unreadable ??= bodies[1]![1];
    if (bodies.length === 1) {
      this.body = bodies[0]![0];
      this.parse = bodies[0]![1];
      this.derived.set(this.body, []);
    }
    if (size > MAX_NODES || !this.findDerived(variables)) unreadable ??= fn;
    this.unreadable = unreadable;
  }

  /** A path into the body, or null when the expression is not one. */
  pathOf(node: TSESTree.Node): Step[] | null {
    const expression = unwrap(node);
    if (expression.type === "Identifier") {
      const variable = this.evaluator.variableOf(expression);
      return variable ? (this.derived.get(variable) ?? null) : null;
    }
    if (expression.type === "MemberExpression") {
      const base = this.pathOf(expression.object);
      if (!base) return null;
      if (!expression.computed) return expression.property.type === "Identifier" ? [...base, { property: expression.property.name }] : null;
      const key = expression.property;
      if (key.type === "Literal" && typeof key.value === "number") return [...base, { element: { index: key.value } }];
      if (key.type === "Literal" && typeof key.value === "string") return [...base, { property: key.value }];
      // `messages[messages.length - 1]`
      if (key.type === "BinaryExpression" && key.operator === "-" && key.right.type === "Literal" && key.right.value === 1 && key.left.type === "MemberExpression") {
        const list = propertyName(key.left) === "length" ? this.pathOf(key.left.object) : null;
        return list && samePath(list, base) ? [...base, { element: { last: true } }] : null;
      }
      return null;
    }
    if (expression.type === "CallExpression" && expression.callee.type === "MemberExpression") {
      const base = this.pathOf(expression.callee.object);
      const method = propertyName(expression.callee);
      const argument = expression.arguments[0];
      if (!base || !argument) return null;
      if (method === "at" && argument.type === "Literal" && typeof argument.value === "number" && argument.value >= 0) return [...base, { element: { index: argument.value } }];
      if (method === "at" && argument.type === "UnaryExpression" && argument.operator === "-" && argument.argument.type === "Literal" && argument.argument.value === 1) {
        return [...base, { element: { last: true } }];
      }
      const role = method === "find" ? rolePredicate(argument) : null;
      return role === null ? null : [...base, { element: { role } }];
    }
    // `body.messages ?? []`
    if (expression.type === "LogicalExpression" && expression.operator !== "&&" && isEmptyLiteral(expression.right)) return this.pathOf(expression.left);
    return null;
  }

  /** True when an expression holds the body or a part of it (not text or a number computed from it). */
  holdsBody(node: TSESTree.Node): boolean {
    const expression = unwrap(node);
    switch (expression.type) {
      case "Identifier": {
        const variable = this.evaluator.variableOf(expression);
        return variable !== null && this.derived.has(variable);
      }
      case "MemberExpression":
        return this.holdsBody(expression.object);
      case "CallExpression": {
        const method = propertyName(expression.callee);
        return method !== null && !PRIMITIVE_METHODS.has(method) && expression.callee.type === "MemberExpression" && this.holdsBody(expression.callee.object);
      }
      case "LogicalExpression":
        return this.holdsBody(expression.left) || this.holdsBody(expression.right);
      case "ConditionalExpression":
        return this.holdsBody(expression.consequent) || this.holdsBody(expression.alternate);
      case "ArrayExpression":
        return expression.elements.some((element) => element !== null && this.holdsBody(element.type === "SpreadElement" ? element.argument : element));
      case "ObjectExpression":
        return expression.properties.some((property) => this.holdsBody(property.type === "SpreadElement" ? property.argument : property.value));
      default:
        return false;
    }
  }

  /** The variable an expression's value is read from: `body` in `body.messages.at(-1).content`. */
  rootVariable(node: TSESTree.Node): VariableLike | null {
    let current = unwrap(node);
    for (;;) {
      if (current.type === "MemberExpression") current = unwrap(current.object);
      else if (current.type === "CallExpression") current = unwrap(current.callee);
      else break;
    }
    return current.type === "Identifier" ? this.evaluator.variableOf(current) : null;
  }

  /** The initializer of a local `const` (or a `let` never written again) an identifier names. */
  localInitializer(node: TSESTree.Node): TSESTree.Expression | null {
    if (node.type !== "Identifier") return null;
    const variable = this.evaluator.variableOf(node);
    return variable && this.isLocal(variable) ? initializerOf(this.evaluator, node) : null;
  }

  /** Whether a variable is declared inside the function (not a closure's or the module's). */
  private isLocal(variable: VariableLike): boolean {
    const declared = variable.defs[0]?.name;
    return declared !== undefined && contains(this.fn, declared);
  }

  private classifyParameter(variable: VariableLike): void {
    const def = variable.defs[0];
    if (def?.type !== "Parameter" || def.node !== this.fn) return;
    this.parameters.add(variable);
    const options = this.fn.params[1];
    if (!options || !contains(options, def.name)) return;
    const pattern = options.type === "AssignmentPattern" ? options.left : options;
    if (pattern.type === "Identifier") {
      this.options.add(variable);
      return;
    }
    // `{ body, ...init }` or `{ body = "" }`
    let holder = def.name.parent;
    if (holder?.type === "AssignmentPattern") holder = holder.parent;
    if (pattern.type === "ObjectPattern" && holder?.type === "Property" && holder.parent === pattern && !holder.computed && holder.key.type === "Identifier" && holder.key.name === "body") {
      this.rawBody.add(variable);
    }
  }

  /** `init.body`, `String(init?.body)`, `init.body as string`, or a `body` destructured from the options. */
  private readsRequestBody(argument: TSESTree.Node | undefined): boolean {
    if (!argument || argument.type === "SpreadElement") return false;
    let expression = unwrap(argument);
    if (expression.type === "CallExpression" && expression.arguments.length <= 1) {
      const isString = isGlobalName(this.evaluator, expression.callee, "String");
      if (isString && expression.arguments[0]) expression = unwrap(expression.arguments[0]);
      else if (propertyName(expression.callee) === "toString" && expression.callee.type === "MemberExpression") expression = unwrap(expression.callee.object);
    }
    return this.isRequestBody(expression);
  }

  /** The options parameter (`init`), through `as` and `!`. */
  isOptions(node: TSESTree.Node): boolean {
    const expression = unwrap(node);
    const variable = expression.type === "Identifier" ? this.evaluator.variableOf(expression) : null;
    return variable !== null && this.options.has(variable);
  }

  /** The body as the request carries it: `init.body`, or a `body` destructured from the options. */
  isRequestBody(node: TSESTree.Node): boolean {
    const expression = unwrap(node);
    if (expression.type === "Identifier") {
      const variable = this.evaluator.variableOf(expression);
      return variable !== null && this.rawBody.has(variable);
    }
    return expression.type === "MemberExpression" && this.evaluator.memberKey(expression) === "body" && this.isOptions(expression.object);
  }

  /** The local variable a parse fills: `const body = JSON.parse(…)`, or `body = JSON.parse(…)` once. */
  private assignedVariable(parse: TSESTree.CallExpression): VariableLike | null {
    const holder = outermostWrapper(parse);
    const parent = holder.parent;
    const target =
      parent?.type === "VariableDeclarator" && parent.init === holder ? parent.id : parent?.type === "AssignmentExpression" && parent.right === holder && parent.operator === "=" ? parent.left : null;
    if (target?.type !== "Identifier") return null;
    const variable = this.evaluator.variableOf(target);
    if (!variable || !this.isLocal(variable)) return null;
    // Filled once: `let body; try { body = JSON.parse(...) } catch {}` is still one body.
    const writes = variable.references.filter((reference) => reference.isWrite());
    return writes.length === 1 ? variable : null;
  }

  /** A `.json()`/`.text()` read of the outgoing request: on a parameter or on a `new Request(...)`. */
  private fromRequest(read: TSESTree.CallExpression): boolean {
    const root = this.rootVariable(read);
    if (!root) return false;
    if (this.parameters.has(root)) return true;
    const declarator = root.defs[0]?.node;
    const init = declarator?.type === "VariableDeclarator" ? declarator.init && unwrap(declarator.init) : null;
    return init?.type === "NewExpression" && init.callee.type === "Identifier" && init.callee.name === "Request";
  }

  /**
   * Local variables that hold part of the body, found round by round until none is added (false
   * when that takes too many rounds): those initialized from it, the loop variables over its lists,
   * and the parameters of callbacks given to its methods (`body.messages.forEach((m) => …)`).
   * `new Headers(...)` variables are noted on the way.
   */
  private findDerived(variables: Set<VariableLike>): boolean {
    let changed = true;
    for (let round = 0; changed; round++) {
      if (round === MAX_ALIAS_ROUNDS) return false;
      changed = false;
      for (const variable of variables) {
        if (this.derived.has(variable) || !this.isLocal(variable)) continue;
        const def = variable.defs[0]!;
        let path: Step[] | null | undefined;
        if (def.type === "Variable" && def.node.type === "VariableDeclarator") {
          const declarator = def.node;
          const loop = declarator.parent?.parent;
          if (declarator.init) {
            const init = unwrap(declarator.init);
            if (init.type === "NewExpression" && init.callee.type === "Identifier" && init.callee.name === "Headers") this.headerObjects.add(variable);
            if (this.holdsBody(declarator.init)) path = declarator.id.type === "Identifier" ? this.pathOf(declarator.init) : null;
          } else if ((loop?.type === "ForOfStatement" || loop?.type === "ForInStatement") && this.holdsBody(loop.right)) {
            path = null;
          }
        } else if (def.type === "Parameter" && def.node !== this.fn && this.isCallbackOfBody(def.node)) {
          path = null;
        }
        if (path !== undefined) {
          this.derived.set(variable, path);
          changed = true;
        }
      }
    }
    return true;
  }

  private isCallbackOfBody(fn: TSESTree.Node): boolean {
    const call = fn.parent;
    return FUNCTIONS.has(fn.type) && call?.type === "CallExpression" && call.arguments.includes(fn as TSESTree.CallExpressionArgument) && call.callee.type === "MemberExpression" && this.holdsBody(call.callee.object);
  }
}


export function samePath(a: readonly Step[], b: readonly Step[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `x === "text"` or `"text" === x` (any comparison operator): what is compared with which text. */
export function textComparison(expression: TSESTree.BinaryExpression): { read: TSESTree.Node; text: string } | null {
  const [read, literal] = expression.right.type === "Literal" ? [expression.left, expression.right] : [expression.right, expression.left];
  return literal.type === "Literal" && typeof literal.value === "string" ? { read, text: literal.value } : null;
}

/** `(m) => m.role === "system"` or `({ role }) => role === "system"`: the role it looks for. */
function rolePredicate(node: TSESTree.Node): string | null {
  if (node.type !== "ArrowFunctionExpression" && node.type !== "FunctionExpression") return null;
  const [param] = node.params;
  let body: TSESTree.Node = node.body;
  if (body.type === "BlockStatement") {
    const [only] = body.body;
    if (body.body.length !== 1 || only?.type !== "ReturnStatement" || !only.argument) return null;
    body = only.argument;
  }
  if (!param || body.type !== "BinaryExpression" || (body.operator !== "===" && body.operator !== "==")) return null;
  const comparison = textComparison(body);
  if (!comparison) return null;
  const target = unwrap(comparison.read);
  if (param.type === "Identifier") {
    return target.type === "MemberExpression" && propertyName(target) === "role" && unwrap(target.object).type === "Identifier" && (unwrap(target.object) as TSESTree.Identifier).name === param.name ? comparison.text : null;
  }
  const destructured = param.type === "ObjectPattern" && param.properties.some((property) => property.type === "Property" && property.value.type === "Identifier" && property.value.name === "role");
  return destructured && target.type === "Identifier" && target.name === "role" ? comparison.text : null;
}

function isEmptyLiteral(node: TSESTree.Node): boolean {
  return (node.type === "ArrayExpression" && node.elements.length === 0) || (node.type === "ObjectExpression" && node.properties.length === 0) || (node.type === "Literal" && node.value === "");
}
