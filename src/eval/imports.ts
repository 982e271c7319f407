import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { VariableLike } from "./scope.js";

/** Where a binding comes from: `import x from "m"`, `import { a as x } from "m"`, `require("m")`. */
export interface ImportSource {
  module: string;
  /** `default`, `*` for a namespace or a whole `require()`, else the exported name. */
  imported: string;
}

/** The module a variable is imported from, or null when it is declared in this file. */
export function importOf(variable: VariableLike): ImportSource | null {
  const def = variable.defs[0];
  if (!def) return null;
  if (def.type === "ImportBinding") {
    const declaration = def.parent;
    if (declaration?.type !== "ImportDeclaration") return null;
    const module = declaration.source.value;
    const specifier = def.node;
    if (specifier.type === "ImportDefaultSpecifier") return { module, imported: "default" };
    if (specifier.type === "ImportNamespaceSpecifier") return { module, imported: "*" };
    if (specifier.type === "ImportSpecifier") {
      const imported = specifier.imported;
      return { module, imported: imported.type === "Identifier" ? imported.name : String(imported.value) };
    }
    return null;
  }
  if (def.type === "Variable" && def.node.type === "VariableDeclarator") {
    return requireSource(def.node, def.name);
  }
  return null;
}

/** `const x = require("m")`, `const { a: x } = require("m")`, `const x = require("m").a`. */
function requireSource(declarator: TSESTree.VariableDeclarator, name: TSESTree.Node): ImportSource | null {
  let init = declarator.init;
  let member: string | null = null;
  if (init?.type === "MemberExpression" && !init.computed && init.property.type === "Identifier") {
    member = init.property.name;
    init = init.object;
  }
  const module = requiredModule(init);
  if (module === null) return null;
  if (declarator.id.type === "Identifier") return { module, imported: member ?? "*" };
  if (declarator.id.type === "ObjectPattern") {
    for (const property of declarator.id.properties) {
      if (property.type === "Property" && property.value === name && property.key.type === "Identifier") {
        return { module, imported: property.key.name };
      }
    }
  }
  return null;
}

function requiredModule(node: TSESTree.Node | null): string | null {
  if (
    node?.type === "CallExpression" &&
    node.callee.type === "Identifier" &&
    node.callee.name === "require" &&
    node.arguments[0]?.type === "Literal" &&
    typeof node.arguments[0].value === "string"
  ) {
    return node.arguments[0].value;
  }
  return null;
}

/** `node:crypto` and `crypto` are the same module. */
export function moduleName(source: ImportSource): string {
  return source.module.startsWith("node:") ? source.module.slice(5) : source.module;
}
