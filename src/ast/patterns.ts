import type { TSESTree } from "@typescript-eslint/typescript-estree";

/** The identifiers a parameter or declaration pattern binds (`x`, `{ a, b: [c] }`, `...rest`). */
export function patternIdentifiers(pattern: TSESTree.Node): TSESTree.Identifier[] {
  switch (pattern.type) {
    case "Identifier":
      return [pattern];
    case "AssignmentPattern":
      return patternIdentifiers(pattern.left);
    case "RestElement":
      return patternIdentifiers(pattern.argument);
    case "ArrayPattern":
      return pattern.elements.flatMap((element) => (element ? patternIdentifiers(element) : []));
    case "ObjectPattern":
      return pattern.properties.flatMap((property) => patternIdentifiers(property.type === "Property" ? property.value : property));
    case "TSParameterProperty":
      return patternIdentifiers(pattern.parameter);
    default:
      return [];
  }
}
