import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { isReference } from "../ast/names.js";
import { patternIdentifiers } from "../ast/patterns.js";
import { contains, FUNCTIONS, LOOPS, ownFunction } from "../ast/tree.js";
import { walk } from "../ast/walk.js";
import { snippet } from "../eval/text.js";
import { changesOf, type Change, type Value } from "../eval/values.js";
import { isChanging, type RequestSite } from "../model/types.js";
import { inFile } from "./edits.js";
import type { Check, Finding } from "./types.js";

/**
 * The conversation prefix is reused only if each request repeats the previous one and appends to
 * it. A sliding window, a trimmed head, or an edited earlier turn changes the start of the
 * history, so every turn misses the cache for all of it.
 *
 * Two kinds of evidence: what the evaluator knows about the history a request sends (a
 * `slice(-20)` window, a `map` that rewrites turns by their distance from the end, a filter that
 * drops turns by time), and statements that change a sent history in place (`shift()`,
 * `splice(1, n)`, `unshift()`, `sort()`, `reverse()`, `history[i] = ...`,
 * `history[i].content = ...`). In-place changes count when the list outlives the request (a
 * parameter, module state, a class field, a closure variable); on a list built fresh in the same
 * function only a `shift` or `splice` that moves a window (in a loop, or sized by the length)
 * counts, since putting a prompt together is not rewriting a history.
 */
export const stableHistory: Check<Record<string, never>> = {
  name: "stable-history",
  config: "recommended",
  description: "Disallow rewriting earlier conversation turns instead of appending to the history",
  messages: {
    rewrittenHistory:
      "{{expression}} {{pattern}}, so each request's history no longer starts like the previous one and every turn misses the cache for the whole history. Keep the history append-only, and when it grows too long, summarize the older turns once and keep that summary fixed.",
  },
  schema: [],
  defaultOptions: {},
  run({ analysis }) {
    const findings: Finding[] = [];
    const report = (node: TSESTree.Node, pattern: string, site: RequestSite) =>
      inFile(analysis, node) &&
      findings.push({ rule: "stable-history", messageId: "rewrittenHistory", node, data: { expression: `\`${snippet(analysis.source, node)}\``, pattern }, site });
    /** Lists some request sends, by key (see `listKey`), with the first request that sends each. */
    const sent = new Map<string, RequestSite>();
    for (const site of analysis.sites) {
      for (const value of historyValues(site)) {
        for (const change of changesOf(value)) {
          const pattern = changePattern(change);
          if (pattern) report(change.node, pattern, site);
        }
      }
      for (const segment of site.segments) {
        for (const key of sentListKeys(segment.node, segment.kind === "history")) if (!sent.has(key)) sent.set(key, site);
      }
    }
    if (sent.size === 0) return findings;
    walk(analysis.program, (node) => {
      const rewrite = inPlaceRewrite(node);
      if (!rewrite) return;
      const key = listKey(rewrite.target);
      const site = key === null ? undefined : sent.get(key);
      if (!site) return;
      const outlives = outlivesRequest(rewrite.target, node);
      // A fresh list changed after the request is sent does not change what was sent.
      if (rewrite.window ? outlives || node.range[0] < site.node.range[0] : outlives) report(node, rewrite.pattern, site);
    });
    return findings;
  },
};

/** The history a request sends: its history segments, and a Responses `input` list sent whole. */
function historyValues(site: RequestSite): Value[] {
  const values = site.segments.flatMap((segment) => (segment.kind === "history" && segment.value ? [segment.value] : []));
  // `input: turns.slice(-12)` is modelled as the user's input; its list changes still show the history.
  const input = site.parameters.get("input")?.value;
  if (input?.kind === "opaque" && input.changes && !site.segments.some((segment) => segment.kind === "history")) values.push(input);
  return values;
}

/** What a list change does to a history, or null when it leaves the prefix alone. */
function changePattern(change: Change): string | null {
  if (change.stability === "volatile" && change.kind === "membership") return "drops earlier turns depending on the time";
  if (!isChanging(change.stability)) return null;
  switch (change.kind) {
    case "window":
      return "keeps a sliding window over the conversation";
    case "rewrite":
      return "rewrites earlier turns depending on how long the conversation is or on per-request values";
    case "order":
      return "reorders the earlier turns";
    default:
      // A filter on request data (`m.conversationId === id`) selects a conversation; it does not rewrite one.
      return null;
  }
}

interface InPlaceRewrite {
  target: TSESTree.Node;
  pattern: string;
  /** Moves a window (a loop, or sized by the list's length): a rewrite even on a fresh list. */
  window: boolean;
}

/**
 * A statement that changes a list in place other than at its end: `history.shift()`,
 * `history.splice(1, n)`, `history.unshift(x)`, `history.sort(byScore)`, `history.reverse()`,
 * `history[i] = x`, `history[i].content = x`.
 */
function inPlaceRewrite(node: TSESTree.Node): InPlaceRewrite | null {
  if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && !node.callee.computed && node.callee.property.type === "Identifier") {
    const target = node.callee.object;
    const inLoop = isInLoop(node);
    switch (node.callee.property.name) {
      case "shift":
        return { target, pattern: inLoop ? "keeps a sliding window over the conversation" : "drops the oldest turn", window: inLoop };
      case "splice": {
        const start = node.arguments[0];
        if (!start || isTailIndex(start, target)) return null;
        const window = inLoop || node.arguments.slice(0, 2).some((argument) => mentionsLength(argument));
        // `if (history.length > 60) history.splice(1, 20)`: evicting a block at a time misses the
        // cache once per block, not every turn (the fix openclaw/openclaw#115273 settled on).
        if (!window && isBlockEviction(node)) return null;
        return { target, pattern: window ? "keeps a sliding window over the conversation" : "removes or inserts turns before the latest one", window };
      }
      case "unshift":
        return node.arguments.length > 0 ? { target, pattern: "inserts turns before the earlier ones", window: false } : null;
      case "sort": {
        const comparator = node.arguments[0];
        if (!comparator || isDeterministicComparator(comparator)) return null;
        return { target, pattern: "reorders the earlier turns", window: false };
      }
      case "reverse":
        return { target, pattern: "reverses the order of the turns", window: false };
      case "copyWithin":
      case "fill":
        return { target, pattern: "overwrites earlier turns", window: false };
      default:
        return null;
    }
  }
  if (node.type !== "AssignmentExpression" || node.left.type !== "MemberExpression") return null;
  // `history[i] = x`, `history[i].content = x`, `history[i].content.text += x`.
  let element: TSESTree.Node = node.left;
  while (element.type === "MemberExpression" && !element.computed) element = unwrap(element.object);
  if (element.type !== "MemberExpression" || !element.computed || isTailIndex(element.property, element.object)) return null;
  const whole = element === node.left;
  // Not a window even in a loop: `messages[i] = toMessage(rows[i])` also fills a fresh array.
  return { target: element.object, pattern: whole ? "replaces an earlier turn" : "edits an earlier turn", window: false };
}

/** `splice(start, 20)` with a literal count of several turns, run only when the list is too long. */
function isBlockEviction(call: TSESTree.CallExpression): boolean {
  const count = call.arguments[1];
  if (count?.type !== "Literal" || typeof count.value !== "number" || count.value < 2) return false;
  for (let current: TSESTree.Node | undefined = call.parent; current && !FUNCTIONS.has(current.type); current = current.parent) {
    if (current.type === "IfStatement" && mentionsLength(current.test)) return true;
  }
  return false;
}

/** `-1`, `list.length`, `list.length - 1`: the end of the list, where changes leave the prefix alone. */
function isTailIndex(index: TSESTree.Node, list: TSESTree.Node): boolean {
  if (index.type === "UnaryExpression" && index.operator === "-") return true;
  const length = index.type === "BinaryExpression" && index.operator === "-" ? index.left : index;
  return length.type === "MemberExpression" && !length.computed && isName(length.property, "length") && sameExpression(length.object, list);
}

function mentionsLength(node: TSESTree.Node): boolean {
  let found = false;
  walk(node, (child) => {
    if (child.type === "MemberExpression" && !child.computed && isName(child.property, "length")) found = true;
  });
  return found;
}

/** `(a, b) => a.createdAt - b.createdAt`: a comparator on the elements' own data alone gives the same order every time. */
function isDeterministicComparator(node: TSESTree.Node): boolean {
  const comparator = comparatorFunction(node);
  // A comparator the analyzer cannot see (imported, computed) is given the benefit of the doubt.
  if (!comparator?.body) return true;
  let free = false;
  walk(comparator.body, (child) => {
    if (child.type !== "Identifier" || !isReference(child)) return;
    const declaration = declarationOf(child);
    // Globals (`Date`, `Number`) are pure enough; a name from outside the comparator is run-time data.
    if (declaration && !contains(comparator, declaration.node)) free = true;
  });
  return !free;
}

/** The function a comparator argument is: written inline, or a function or `const` of this file. */
function comparatorFunction(node: TSESTree.Node): TSESTree.FunctionLike | null {
  const expression = unwrap(node);
  if (FUNCTIONS.has(expression.type)) return expression as TSESTree.FunctionLike;
  if (expression.type !== "Identifier") return null;
  const declaration = declarationOf(expression);
  const definition = declaration?.declarator?.init ?? declaration?.node.parent;
  return definition && FUNCTIONS.has(definition.type) ? (definition as TSESTree.FunctionLike) : null;
}

/** Inside a loop of its own function (a `while (history.length > n) history.shift()`). */
function isInLoop(node: TSESTree.Node): boolean {
  for (let current = node.parent; current && !FUNCTIONS.has(current.type); current = current.parent) {
    if (LOOPS.has(current.type)) return true;
  }
  return false;
}

/**
 * Whether a list lives longer than one request: a parameter (the caller's list), module state, a
 * class field or any property, a variable of an enclosing function (a closure), or an alias of one.
 */
function outlivesRequest(target: TSESTree.Node, use: TSESTree.Node): boolean {
  const expression = unwrap(target);
  if (expression.type !== "Identifier") return expression.type === "MemberExpression";
  const declaration = declarationOf(expression);
  if (!declaration) return false;
  if (declaration.kind === "parameter") return true;
  if (declaration.kind !== "variable") return false;
  if (declaration.scope.type === "Program" || declaration.scope !== ownFunction(use)) return true;
  const init = declaration.declarator?.init ? unwrap(declaration.declarator.init) : null;
  return init !== null && (init.type === "Identifier" || init.type === "MemberExpression");
}

/* ---------------------------------------------------------------------------------------------
 * Which lists a request sends, by a key that identifies the list across the file:
 * `var@<offset>` for a declared variable, `this@<class offset>.name` for a class field, with
 * property paths appended (`var@12.history`). Aliases (`const h = this.history`) share the key.
 * ------------------------------------------------------------------------------------------- */

/** Methods that return a list made from the one they are called on. */
const LIST_METHODS = new Set(["slice", "map", "flatMap", "filter", "concat", "flat", "toSorted", "toReversed", "sort", "reverse", "toSpliced", "with"]);

/**
 * The keys of the lists a segment comes from: the list a history spread reads (`history` in
 * `...history.slice(-20)`) and the list a message literal is put into (`messages` in
 * `const messages = [{ role: "system", ... }, ...]` or `messages.push({ ... })`).
 */
function sentListKeys(node: TSESTree.Node, isHistory: boolean): string[] {
  const keys: string[] = [];
  const add = (expression: TSESTree.Node | null | undefined) => {
    const key = expression ? listKey(expression) : null;
    if (key !== null) keys.push(key);
  };
  const element = node.type === "SpreadElement" ? node.argument : node;
  if (isHistory) add(listSource(element));
  const container = node.parent?.type === "SpreadElement" ? node.parent.parent : node.parent;
  if (container?.type === "ArrayExpression") {
    const holder = container.parent;
    if (holder?.type === "VariableDeclarator") add(holder.id);
    else if (holder?.type === "AssignmentExpression") add(holder.left);
  } else if (container?.type === "CallExpression" && container.callee.type === "MemberExpression" && ["push", "unshift"].includes(memberName(container.callee) ?? "")) {
    add(container.callee.object);
  }
  return keys;
}

/** `history` in `history.slice(-20).map(toMessage)`: the list a chain of list methods starts from. */
function listSource(node: TSESTree.Node): TSESTree.Node {
  let current = unwrap(node);
  while (current.type === "CallExpression" && current.callee.type === "MemberExpression" && LIST_METHODS.has(memberName(current.callee) ?? "")) {
    current = unwrap(current.callee.object);
  }
  return current;
}

/** A key for a list expression (see above), or null when it is not a variable or property path. */
function listKey(node: TSESTree.Node, depth = 0): string | null {
  const expression = unwrap(node);
  if (depth > 8) return null;
  if (expression.type === "ThisExpression") {
    const owner = enclosingClass(expression);
    return owner ? `this@${owner.range[0]}` : null;
  }
  if (expression.type === "MemberExpression") {
    const name = memberName(expression);
    const object = name === null ? null : listKey(expression.object, depth + 1);
    return object === null ? null : `${object}.${name}`;
  }
  if (expression.type !== "Identifier") return null;
  const declaration = declarationOf(expression);
  if (!declaration) return null;
  const init = declaration.declarator?.init ? unwrap(declaration.declarator.init) : null;
  // `const history = this.history`: the same list under another name.
  if (declaration.declarator?.id.type === "Identifier" && init && (init.type === "Identifier" || init.type === "MemberExpression")) {
    const aliased = listKey(init, depth + 1);
    if (aliased !== null) return aliased;
  }
  return `var@${declaration.node.range[0]}`;
}

/* ---------------------------------------------------------------------------------------------
 * Name resolution on the AST alone (checks see no scope manager): enough for the variables of
 * one file, which is all these rules compare.
 * ------------------------------------------------------------------------------------------- */


interface Declaration {
  /** The identifier that declares the name. */
  node: TSESTree.Identifier;
  kind: "parameter" | "variable" | "other";
  /** The function (or the Program) the name belongs to. */
  scope: TSESTree.Node;
  declarator?: TSESTree.VariableDeclarator;
}

/** Where an identifier is declared in this file, or null for a global. */
export function declarationOf(identifier: TSESTree.Identifier): Declaration | null {
  const name = identifier.name;
  for (let node: TSESTree.Node | undefined = identifier.parent; node; node = node.parent) {
    if (FUNCTIONS.has(node.type)) {
      const fn = node as TSESTree.FunctionLike;
      for (const param of fn.params) {
        const found = patternIdentifiers(param).find((candidate) => candidate.name === name);
        if (found) return { node: found, kind: "parameter", scope: fn };
      }
      if (fn.type === "FunctionExpression" && fn.id?.name === name) return { node: fn.id, kind: "other", scope: fn };
    }
    const statements = blockStatements(node);
    for (const statement of statements) {
      const found = declaredIn(statement, name, node);
      if (found) return found;
    }
    if (node.type === "CatchClause" && node.param) {
      const found = patternIdentifiers(node.param).find((candidate) => candidate.name === name);
      if (found) return { node: found, kind: "other", scope: ownFunction(node) };
    }
  }
  return null;
}

function blockStatements(node: TSESTree.Node): TSESTree.Node[] {
  switch (node.type) {
    case "Program":
    case "BlockStatement":
    case "StaticBlock":
      return node.body;
    case "SwitchCase":
      return node.consequent;
    case "ForStatement":
      return node.init ? [node.init] : [];
    case "ForInStatement":
    case "ForOfStatement":
      return [node.left];
    default:
      return [];
  }
}

function declaredIn(statement: TSESTree.Node, name: string, block: TSESTree.Node): Declaration | null {
  const inner = statement.type === "ExportNamedDeclaration" && statement.declaration ? statement.declaration : statement;
  if (inner.type === "VariableDeclaration") {
    for (const declarator of inner.declarations) {
      const found = patternIdentifiers(declarator.id).find((candidate) => candidate.name === name);
      if (found) return { node: found, kind: block.type === "ForInStatement" || block.type === "ForOfStatement" ? "other" : "variable", scope: ownFunction(block), declarator };
    }
  }
  if ((inner.type === "FunctionDeclaration" || inner.type === "ClassDeclaration") && inner.id?.name === name) {
    return { node: inner.id, kind: "other", scope: ownFunction(block) };
  }
  return null;
}



function enclosingClass(node: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "ClassBody") return current;
    // `this` inside a plain function is that function's own.
    if (current.type === "FunctionDeclaration" || (current.type === "FunctionExpression" && current.parent?.type !== "MethodDefinition")) return null;
  }
  return null;
}

/**
 * A list the caller hands in: a parameter or a property of one (`options.tools`), also behind list
 * methods (`options.tools.map(toTool)`). Not this file's to keep stable.
 */
export function isCallerData(node: TSESTree.Node): boolean {
  let root = listSource(node.type === "SpreadElement" ? node.argument : node);
  while (root.type === "MemberExpression") root = unwrap(root.object);
  return root.type === "Identifier" && declarationOf(root)?.kind === "parameter";
}

/** A node of the file being checked (a value made in another module keeps that module's nodes). */

function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    if (current.type === "TSAsExpression" || current.type === "TSNonNullExpression" || current.type === "TSSatisfiesExpression" || current.type === "ChainExpression") {
      current = current.expression;
    } else if (current.type === "AwaitExpression") {
      current = current.argument;
    } else {
      return current;
    }
  }
}

function memberName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed && node.property.type === "Identifier") return node.property.name;
  return node.property.type === "Literal" && typeof node.property.value === "string" ? node.property.value : null;
}

function isName(node: TSESTree.Node, name: string): boolean {
  return node.type === "Identifier" && node.name === name;
}

function sameExpression(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const left = unwrap(a);
  const right = unwrap(b);
  if (left.type === "Identifier" && right.type === "Identifier") return left.name === right.name;
  if (left.type === "ThisExpression" && right.type === "ThisExpression") return true;
  if (left.type === "MemberExpression" && right.type === "MemberExpression") {
    return memberName(left) !== null && memberName(left) === memberName(right) && sameExpression(left.object, right.object);
  }
  return false;
}
