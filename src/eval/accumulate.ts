import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { contains, enclosingFunction, LOOPS } from "../ast/tree.js";
import { worstStability, type Stability } from "../model/types.js";
import type { Evaluator } from "./evaluator.js";
import type { ReferenceLike, VariableLike } from "./scope.js";
import { at } from "./text.js";
import { mergePieces, opaque, stabilityOf, type StringValue, type Value } from "./values.js";

type Env = ReadonlyMap<TSESTree.Node, Value>;

/** A `for...of` over a known list with at most this many elements is unrolled into exact text. */
const MAX_UNROLLED = 200;

/**
 * A prompt built by appending to a `let` (`let system = BASE; if (admin) system += ADMIN; for
 * (const rule of RULES) system = system + `- ${rule}`;`): the initializer followed by each append
 * (`+=`, or `x = x + ...`), in source order. An append inside a `for...of` or a `forEach` over a
 * known list is unrolled; one under an `if`, a `switch` or another loop becomes one piece as
 * stable as the worst of its value and what decides whether or how often it runs. Null when any
 * write is of another form, in another function (a callback other than `forEach`'s runs when it
 * is called), or not before the use: the caller then treats the variable as changing.
 */
export function accumulatedText(
  evaluator: Evaluator,
  variable: VariableLike,
  declarator: TSESTree.VariableDeclarator,
  writes: readonly ReferenceLike[],
  use: TSESTree.Node,
  env: Env,
): StringValue | null {
  if (!declarator.init || declarator.id.type !== "Identifier") return null;
  const home = enclosingFunction(declarator);
  const appends: Append[] = [];
  for (const write of writes) {
    const append = appendOf(write.identifier);
    if (!append || runningFunction(append.node) !== home || append.node.range[1] > use.range[0]) return null;
    appends.push(append);
  }
  // A text that reads itself while it grows (`text += text.length`, `while (text.length < n)`) is
  // not followed: each read would evaluate the whole variable again.
  const reads = variable.references.filter((reference) => !reference.isWrite()).map((reference) => reference.identifier);
  const readIn = (node: TSESTree.Node | null | undefined) => node != null && reads.some((read) => contains(node, read));
  let pieces = evaluator.asString(evaluator.evaluate(declarator.init, env), declarator.init).pieces;
  for (const append of appends.sort((a, b) => a.node.range[0] - b.node.range[0])) {
    const guards = guardsOf(append.node, home);
    if (append.parts.some(readIn) || (guards ?? []).some((guard) => guardTests(guard, append.node).some(readIn))) return null;
    const repetition = repetitionOf(evaluator, guards, append.node, use, env);
    if (!repetition) return null;
    pieces = mergePieces([...pieces, ...appended(evaluator, append, repetition, variable.name).pieces]);
  }
  return { kind: "string", pieces };
}

/** A write that extends the text: the assignment, and what it adds in order. */
interface Append {
  node: TSESTree.AssignmentExpression;
  parts: TSESTree.Expression[];
}

/**
 * `text += part`, or `text = text + part + ...` (the parts after the variable itself, which must
 * come first: `text = part + text` puts the new text in front). Null for any other write.
 */
function appendOf(written: TSESTree.Node): Append | null {
  const assignment = written.parent;
  if (assignment?.type !== "AssignmentExpression" || assignment.left !== written || written.type !== "Identifier") return null;
  if (assignment.operator === "+=") return { node: assignment, parts: [assignment.right] };
  if (assignment.operator !== "=") return null;
  const parts: TSESTree.Expression[] = [];
  let first: TSESTree.Node = assignment.right;
  while (first.type === "BinaryExpression" && first.operator === "+") {
    parts.unshift(first.right);
    first = first.left;
  }
  return parts.length > 0 && first.type === "Identifier" && first.name === written.name ? { node: assignment, parts } : null;
}

/** A statement that decides whether or how often what it holds runs; a `forEach` call is a loop over its receiver. */
export type Guard = TSESTree.IfStatement | TSESTree.SwitchStatement | TSESTree.ForOfStatement | TSESTree.ForInStatement | TSESTree.ForStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement | ForEachCall;
type Loop = TSESTree.ForOfStatement | ForEachCall;

/** `list.forEach((element) => ...)`: the callback runs once per element, as a `for...of` body does. */
interface ForEachCall extends TSESTree.CallExpression {
  callee: TSESTree.MemberExpression;
  arguments: [TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression, ...TSESTree.CallExpressionArgument[]];
}

/** The `forEach` call a function is the callback of, or null. */
function forEachOf(fn: TSESTree.Node): ForEachCall | null {
  const call = fn.parent;
  if (call?.type !== "CallExpression" || call.arguments[0] !== fn || call.callee.type !== "MemberExpression" || call.callee.computed) return null;
  return call.callee.property.type === "Identifier" && call.callee.property.name === "forEach" ? (call as ForEachCall) : null;
}

/** The function a statement runs in, looking through `forEach` callbacks (each call of one is a pass of a loop). */
function runningFunction(node: TSESTree.Node): TSESTree.Node | null {
  let fn = enclosingFunction(node);
  while (fn && forEachOf(fn)) fn = enclosingFunction(fn);
  return fn;
}

/** The statements between an append and its function that decide whether or how often it runs, innermost first; null for a construct not followed. */
export function guardsOf(node: TSESTree.Node, home: TSESTree.Node | null): Guard[] | null {
  const guards: Guard[] = [];
  for (let current = node.parent; current && current !== home; current = current.parent) {
    const forEach = current.type === "ArrowFunctionExpression" || current.type === "FunctionExpression" ? forEachOf(current) : null;
    if (forEach) {
      guards.push(forEach);
      current = forEach;
      continue;
    }
    if (current.type === "IfStatement" || current.type === "SwitchStatement" || LOOPS.has(current.type)) guards.push(current as Guard);
    // A conditional or logical expression, a label, a try: not followed.
    else if (!PASSED_THROUGH.has(current.type)) return null;
  }
  return guards;
}

/** Statements between a guard and what it holds that decide nothing themselves. */
const PASSED_THROUGH: ReadonlySet<string> = new Set(["ExpressionStatement", "BlockStatement", "SwitchCase", "Program"]);

/** A guard that may run what it holds many times (a loop, or `forEach`), not at most once (`if`, `switch`). */
export function isLoopGuard(guard: Guard): boolean {
  return guard.type !== "IfStatement" && guard.type !== "SwitchStatement";
}

/**
 * What decides a guard for `node` inside it: an `if`'s test; a `switch`'s discriminant and the
 * tests of the case holding `node` and of the cases before it (one of them may match first), or
 * every case test for `default`; a loop's list or test (none for `for (;;)`).
 */
export function guardTests(guard: Guard, node: TSESTree.Node): TSESTree.Node[] {
  if (guard.type !== "SwitchStatement") {
    const decider = header(guard);
    return decider ? [decider] : [];
  }
  const holding = guard.cases.findIndex((switchCase) => contains(switchCase, node));
  const deciding = guard.cases[holding]?.test ? guard.cases.slice(0, holding + 1) : guard.cases;
  return [guard.discriminant, ...deciding.flatMap((switchCase) => (switchCase.test ? [switchCase.test] : []))];
}

/**
 * How often a statement runs, as a reader can tell: once per environment of `runs` (once, or once
 * per element of the known list of the one `for...of` around it, its variable bound to the
 * element), or an unknown number of times (`count`: how stable what decides that is, and the
 * environment with each loop variable standing for an element of its list).
 */
type Repetition = { runs: Env[] } | { count: Stability; env: Env; reason: string };

/**
 * The repetition of a `+=` or a `push` under `guards` (`guardsOf`): null when something between
 * it and its function is not followed (`guards` is null: a callback, a conditional expression, a
 * `try`), or when `use` is inside a loop around it (each pass would see a different value).
 */
export function repetitionOf(evaluator: Evaluator, guards: readonly Guard[] | null, node: TSESTree.Node, use: TSESTree.Node, env: Env): Repetition | null {
  if (guards === null || guards.some((guard) => isLoopGuard(guard) && contains(guard, use))) return null;
  const [loop, ...outer] = guards;
  if (!loop) return { runs: [env] };
  const list = outer.length === 0 && (loop.type === "ForOfStatement" || loop.type === "CallExpression") ? knownList(evaluator, loop, env) : null;
  if (list) return list;
  let count: Stability = "static";
  for (const guard of guards) count = worstStability(count, decidedBy(evaluator, guard, node, env));
  return { count, env: loopEnv(evaluator, guards, env), reason: `${guardPhrase(loop)} at ${at(loop)}` };
}

/** `for (const rule of RULES)` over a list whose elements are known one by one: one run per element. */
function knownList(evaluator: Evaluator, loop: Loop, env: Env): { runs: Env[] } | null {
  const binding = loopBinding(loop);
  const list = evaluator.evaluate(header(loop)!, env);
  if (!binding || list.kind !== "array" || list.changes?.length || list.elements.length > MAX_UNROLLED || list.elements.some((element) => element.spread)) return null;
  return { runs: list.elements.map((element) => new Map(env).set(binding, element.value)) };
}

/** What one append adds: its text for each run, or one piece when the number of runs is not known. */
function appended(evaluator: Evaluator, append: Append, repetition: Repetition, name: string): StringValue {
  const text = (env: Env) => append.parts.flatMap((part) => evaluator.asString(evaluator.evaluate(part, env), part).pieces);
  if ("runs" in repetition) return { kind: "string", pieces: mergePieces(repetition.runs.flatMap(text)) };
  const stability = append.parts.reduce((worst, part) => worstStability(worst, stabilityOf(evaluator.evaluate(part, repetition.env))), repetition.count);
  // Text the same on every request, but not known here: a deployment constant ends the estimate.
  return evaluator.asString(opaque(stability === "static" ? "deployment" : stability, `\`${name}\` is extended ${repetition.reason}`, append.node), append.node);
}

/** The environment inside the loops: each `for...of` variable stands for an element of its list. */
function loopEnv(evaluator: Evaluator, guards: readonly Guard[], env: Env): Env {
  const inner = new Map(env);
  for (const guard of guards) {
    if (guard.type !== "ForOfStatement" && guard.type !== "CallExpression") continue;
    const binding = loopBinding(guard);
    const list = header(guard)!;
    if (binding) inner.set(binding, opaque(stabilityOf(evaluator.evaluate(list, env)), `an element of \`${evaluator.snippet(list)}\``, binding));
  }
  return inner;
}

/** The identifier a `for (const x of ...)` declares or a `forEach` callback takes first, null for a pattern or an outer variable. */
function loopBinding(loop: Loop): TSESTree.Identifier | null {
  if (loop.type === "CallExpression") {
    const element = loop.arguments[0].params[0];
    return element?.type === "Identifier" ? element : null;
  }
  const left = loop.left;
  return left.type === "VariableDeclaration" && left.declarations.length === 1 && left.declarations[0]!.id.type === "Identifier" ? left.declarations[0]!.id : null;
}

/** How stable what decides a guard for `node` is (`guardTests`); a counting loop without a test is unknown. */
function decidedBy(evaluator: Evaluator, guard: Guard, node: TSESTree.Node, env: Env): Stability {
  const tests = guardTests(guard, node);
  if (tests.length === 0) return "unknown";
  return tests.reduce<Stability>((worst, test) => worstStability(worst, stabilityOf(evaluator.evaluate(test, env))), "static");
}

/** The part of an `if` or a loop evaluated to decide it (none for `for (;;)`); a `switch`: see `guardTests`. */
function header(guard: Exclude<Guard, TSESTree.SwitchStatement>): TSESTree.Node | null {
  if (guard.type === "ForOfStatement" || guard.type === "ForInStatement") return guard.right;
  if (guard.type === "CallExpression") return guard.callee.object;
  return guard.test;
}

function guardPhrase(guard: Guard): string {
  return isLoopGuard(guard) ? "in a loop" : "under a condition";
}
