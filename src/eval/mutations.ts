import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { enclosingFunction, FUNCTIONS, LOOPS } from "../ast/tree.js";
import { guardsOf, guardTests, isLoopGuard, type Guard } from "./accumulate.js";
import type { VariableLike } from "./scope.js";

export interface ArrayMutation {
  call: TSESTree.CallExpression;
  method: "push" | "unshift";
  /** What stands between the call and the array's own function (`guardsOf`); null when that is not followed. */
  guards: Guard[] | null;
  /** Inside a loop or a callback: it may add any number of elements. */
  repeated: boolean;
  /**
   * What decides whether it runs at all, innermost first: the tests of the `if`s and `switch`es
   * among `guards` (`guardTests`), or, where those are not followed, the test of the nearest `if`,
   * `?:` or `&&`. Also for a repeated call, whose number of runs may not be known.
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

/** What stands around a call, whether it may run many times, and what decides whether it runs. */
function runsOf(call: TSESTree.Node, home: TSESTree.Node | null): Pick<ArrayMutation, "guards" | "repeated" | "conditions"> {
  const guards = guardsOf(call, home);
  if (!guards) {
    const nearest = nearestCondition(call, home);
    return { guards, repeated: isRepeated(call, home), conditions: nearest ? [nearest] : [] };
  }
  return { guards, repeated: guards.some(isLoopGuard), conditions: guards.flatMap((guard) => (isLoopGuard(guard) ? [] : guardTests(guard, call))) };
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
