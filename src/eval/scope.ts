import type { TSESTree } from "@typescript-eslint/typescript-estree";

/*
 * The few parts of a scope manager the engine reads. Both ESLint's `eslint-scope` (plain JS with
 * espree) and `@typescript-eslint/scope-manager` have this shape, so the engine runs on either.
 */
export interface ScopeManagerLike {
  scopes: readonly ScopeLike[];
}

export interface ScopeLike {
  type: string;
  block: TSESTree.Node;
  references: readonly ReferenceLike[];
  variables: readonly VariableLike[];
}

export interface ReferenceLike {
  identifier: TSESTree.Node;
  resolved: VariableLike | null;
  init?: boolean | null;
  isWrite(): boolean;
}

export interface VariableLike {
  name: string;
  defs: readonly DefinitionLike[];
  references: readonly ReferenceLike[];
  scope: ScopeLike;
}

export interface DefinitionLike {
  type: string;
  node: TSESTree.Node;
  name: TSESTree.Node;
  parent?: TSESTree.Node | null;
}

/** Resolves identifiers to their variables with one pass over the scope manager's references. */
export class BindingIndex {
  private readonly byIdentifier = new Map<TSESTree.Node, VariableLike | null>();
  /** Variables declared at the top of the module, by name (what it can export). */
  readonly moduleVariables = new Map<string, VariableLike>();

  constructor(scopeManager: ScopeManagerLike) {
    for (const scope of scopeManager.scopes) {
      if (scope.type === "module" || (scope.type === "global" && this.moduleVariables.size === 0)) {
        for (const variable of scope.variables) if (variable.defs.length > 0) this.moduleVariables.set(variable.name, variable);
      }
      for (const reference of scope.references) {
        this.byIdentifier.set(reference.identifier, reference.resolved);
      }
    }
  }

  /**
   * The variable an identifier reads, or null for a global or an unresolved name (the TS scope
   * manager resolves `Date` or `crypto` to implicit lib variables, which have no definition).
   */
  resolve(identifier: TSESTree.Identifier): VariableLike | null {
    const variable = this.byIdentifier.get(identifier);
    return variable && variable.defs.length > 0 ? variable : null;
  }
}

/** Writes to a variable other than its declaration's initializer. */
export function reassignments(variable: VariableLike): ReferenceLike[] {
  return variable.references.filter((reference) => reference.isWrite() && !reference.init);
}

/** True when the variable is declared at the top of a module or script (evaluated once). */
export function isModuleLevel(variable: VariableLike): boolean {
  return variable.scope.type === "module" || variable.scope.type === "global";
}
