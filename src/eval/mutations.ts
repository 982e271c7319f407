import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { contains, enclosingFunction, FUNCTIONS, LOOPS } from "../ast/tree.js";
import { guardsOf } from "./accumulate.js";
import type { VariableLike } from "./scope.js";

export interface ArrayMutation {
  call: TSESTree.CallExpression;
  method: "push" | "unshift";
  /** Inside a loop or a callback: it may add any number of elements. */
  repeated: boolean;
  /**
   * What decides whether it runs at all, innermost first: within the array's own function, the
   * test of every `if` around it, and the discriminant and case tests of every `switch`
   * (`switchTests`), as `guardsOf` reads an append; where that is not followed, the test of the
   * nearest `if`, `?:` or `&&`. Also for a repeated call, whose number of runs may not be known.
   */
  conditions: TSESTree.Node[];
}

/**
 * `messages.push(...)` / `messages.unshift(...)` calls that run before `use` in source order,
 * as a reader sees a message array being built up before it is sent.
 */
export function arrayMutations(variable: VariableLike, use: TSESTree.Node): ArrayMutation[] {
  const declaration = variable.defs[0]?.node;
  if (!declaration) return [];
  const home = enclosingFunction(declaration);
  const mutations: ArrayMutation[] = [];
  for (const reference of variable.references) {
    const member = reference.identifier.parent;
    if (member?.type !== "MemberExpression" || member.object !== reference.identifier || member.computed) continue;
    const call = member.parent;
    if (call?.type !== "CallExpression" || call.callee !== member || member.property.type !== "Identifier") continue;
    const method = member.property.name;
    if (method !== "push" && method !== "unshift") continue;
    if (call.range[1] > use.range[0]) continue;
    mutations.push({ call, method, ...runsOf(call, home) });
  }
  return mutations.sort((a, b) => a.call.range[0] - b.call.range[0]);
}

/** Whether a call may run many times, and what decides whether it runs. */
function runsOf(call: TSESTree.Node, home: TSESTree.Node | null): Pick<ArrayMutation, "repeated" | "conditions"> {
  const guards = guardsOf(call, home);
  if (!guards) {
    const nearest = nearestCondition(call, home);
    return { repeated: isRepeated(call, home), conditions: nearest ? [nearest] : [] };
  }
  return {
    repeated: guards.some((guard) => guard.type !== "IfStatement" && guard.type !== "SwitchStatement"),
    conditions: guards.flatMap((guard) => (guard.type === "IfStatement" ? [guard.test] : guard.type === "SwitchStatement" ? switchTests(guard, call) : [])),
  };
}

/**
 * What decides whether a statement in a `switch` runs: the discriminant, the test of its case and
 * of the cases before it (one of them may match first), or every case test for `default`.
 */
function switchTests(statement: TSESTree.SwitchStatement, node: TSESTree.Node): TSESTree.Node[] {
  const holding = statement.cases.findIndex((switchCase) => contains(switchCase, node));
  const deciding = statement.cases[holding]?.test ? statement.cases.slice(0, holding + 1) : statement.cases;
  return [statement.discriminant, ...deciding.flatMap((switchCase) => (switchCase.test ? [switchCase.test] : []))];
}

/** True when a loop or another function stands between the call and the array's own function. */
function isRepeated(call: TSESTree.Node, home: TSESTree.Node | null): boolean {
  for (let current = call.parent; current && current !== home; current = current.parent) {
    if (LOOPS.has(current.type) || FUNCTIONS.has(current.type)) return true;
  }
  return false;
}

function nearestCondition(call: TSESTree.Node, home: TSESTree.Node | null): TSESTree.Node | null {
  for (let current = call.parent; current && current !== home; current = current.parent) {
    if (current.type === "IfStatement" || current.type === "ConditionalExpression") return current.test;
    if (current.type === "LogicalExpression") return current.left;
  }
  return null;
}
