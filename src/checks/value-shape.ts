import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { walk } from "../ast/walk.js";
import { isFunction, unwrap } from "./request-shape.js";

/*
 * What kind of value an expression holds, as far as this file tells without a type checker: its
 * TypeScript annotation (followed through interfaces and type aliases declared in the file) or
 * where it comes from (a literal, `JSON.parse`, a response's `.json()`). Anything else, including
 * types imported from other files, is "unknown", and checks stay quiet on it.
 */

/** What a value is: an object whose keys are set at run time, something else, or not known. */
export type Shape = "object" | "other" | "unknown";

const MAX_DEPTH = 8;

export function shapeOfExpression(node: TSESTree.Node, depth = 0): Shape {
  if (depth > MAX_DEPTH) return "unknown";
  const expression = unwrap(node);
  if (!expression) return "unknown";
  switch (expression.type) {
    case "Literal":
    case "TemplateLiteral":
    case "BinaryExpression":
    case "UnaryExpression":
    case "UpdateExpression":
      return "other";
    case "ObjectExpression":
      // Keys written in the literal keep their order; what a spread or a computed key adds does not.
      for (const property of expression.properties) {
        if (property.type === "SpreadElement" ? shapeOfExpression(property.argument, depth + 1) === "object" : property.computed) return "object";
        if (property.type === "Property" && shapeOfExpression(property.value, depth + 1) === "object") return "object";
      }
      return "other";
    case "ArrayExpression":
      return expression.elements.some((element) => element !== null && shapeOfExpression(element.type === "SpreadElement" ? element.argument : element, depth + 1) === "object") ? "object" : "other";
    case "CallExpression":
      return shapeOfCall(expression, depth);
    case "Identifier":
      return shapeOfIdentifier(expression, depth);
    case "MemberExpression":
      return shapeOfMember(expression, depth);
    default:
      return "unknown";
  }
}

/** `JSON.parse(text)`, `await response.json()`, `Object.fromEntries(...)`, `Object.assign({}, ...)`, `structuredClone(x)`. */
function shapeOfCall(call: TSESTree.CallExpression, depth: number): Shape {
  const callee = call.callee;
  if (isMember(callee, "JSON", "parse") || isMember(callee, "Object", "fromEntries") || isMember(callee, "Object", "assign")) return "object";
  if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier" && callee.property.name === "json" && call.arguments.length === 0) return "object";
  if (isMember(callee, "JSON", "stringify") || (callee.type === "Identifier" && ["String", "Number", "Boolean"].includes(callee.name))) return "other";
  if (callee.type === "Identifier" && callee.name === "structuredClone" && call.arguments[0]) return shapeOfExpression(call.arguments[0], depth + 1);
  return "unknown";
}

function shapeOfIdentifier(identifier: TSESTree.Identifier, depth: number): Shape {
  const declaration = findDeclaration(identifier);
  if (!declaration) return "unknown";
  if (declaration.type) return shapeOfType(declaration.type, identifier, depth);
  // Runtime data only: a literal bound at module level is the same object on every request.
  if (declaration.init && !declaration.moduleLevel) return shapeOfExpression(declaration.init, depth + 1);
  return "unknown";
}

/** `a.b` where `a`'s type in this file declares `b`. */
function shapeOfMember(member: TSESTree.MemberExpression, depth: number): Shape {
  if (member.computed || member.property.type !== "Identifier" || member.object.type !== "Identifier") return "unknown";
  const declaration = findDeclaration(member.object);
  const members = declaration?.type ? typeMembers(declaration.type, member.object, depth) : null;
  const property = members?.get(member.property.name);
  return property ? shapeOfType(property, member, depth + 1) : "unknown";
}

/**
 * Whether a value is declared as a list (`T[]`, `Array<T>`, a tuple) or written as an array
 * literal: its entries come in index order, not in the order keys were added.
 */
export function isList(node: TSESTree.Node): boolean {
  const expression = unwrap(node);
  if (expression?.type === "ArrayExpression") return true;
  let type: TSESTree.TypeNode | null = null;
  if (expression?.type === "Identifier") type = findDeclaration(expression)?.type ?? null;
  else if (expression?.type === "MemberExpression" && !expression.computed && expression.property.type === "Identifier" && expression.object.type === "Identifier") {
    const declaration = findDeclaration(expression.object);
    type = (declaration?.type ? typeMembers(declaration.type, expression.object, 0) : null)?.get(expression.property.name) ?? null;
  }
  if (!type) return false;
  if (type.type === "TSTypeOperator" && type.typeAnnotation) type = type.typeAnnotation;
  return (
    type.type === "TSArrayType" ||
    type.type === "TSTupleType" ||
    (type.type === "TSTypeReference" && type.typeName.type === "Identifier" && (type.typeName.name === "Array" || type.typeName.name === "ReadonlyArray"))
  );
}

/** Type names whose values do not serialize as objects with keys of their own. */
const NON_OBJECT_TYPES = new Set(["String", "Number", "Boolean", "BigInt", "Symbol", "Date", "URL", "RegExp", "Map", "Set", "WeakMap", "WeakSet"]);
/** Generic types whose values are objects with keys. */
const OBJECT_TYPES = new Set(["Record", "Partial", "Required", "Readonly", "Pick", "Omit"]);

function shapeOfType(type: TSESTree.TypeNode, at: TSESTree.Node, depth: number): Shape {
  if (depth > MAX_DEPTH) return "unknown";
  switch (type.type) {
    case "TSStringKeyword":
    case "TSNumberKeyword":
    case "TSBooleanKeyword":
    case "TSBigIntKeyword":
    case "TSNullKeyword":
    case "TSUndefinedKeyword":
    case "TSLiteralType":
    case "TSTemplateLiteralType":
      return "other";
    case "TSObjectKeyword":
    case "TSTypeLiteral":
    case "TSMappedType":
      return "object";
    case "TSArrayType":
      return shapeOfType(type.elementType, at, depth + 1);
    case "TSUnionType":
    case "TSIntersectionType": {
      const shapes = type.types.map((member) => shapeOfType(member, at, depth + 1));
      if (shapes.includes("object")) return shapes.every((shape) => shape === "object" || shape === "other") ? "object" : "unknown";
      return shapes.every((shape) => shape === "other") ? "other" : "unknown";
    }
    case "TSTypeReference": {
      if (type.typeName.type !== "Identifier") return "unknown";
      const name = type.typeName.name;
      const argument = type.typeArguments?.params[0];
      if ((name === "Array" || name === "ReadonlyArray") && argument) return shapeOfType(argument, at, depth + 1);
      if (NON_OBJECT_TYPES.has(name)) return "other";
      if (OBJECT_TYPES.has(name)) return "object";
      const declared = localType(at, name);
      if (declared?.type === "TSInterfaceDeclaration") return "object";
      if (declared?.type === "TSTypeAliasDeclaration") return shapeOfType(declared.typeAnnotation, declared, depth + 1);
      // An imported or global type could name a string (`type UserId = string`): not known here.
      return "unknown";
    }
    default:
      return "unknown";
  }
}

/** The declared members of an object type written in this file: a type literal, an interface or an alias of either. */
function typeMembers(type: TSESTree.TypeNode, at: TSESTree.Node, depth: number): Map<string, TSESTree.TypeNode> | null {
  if (depth > MAX_DEPTH) return null;
  let body: TSESTree.TypeElement[] | null = null;
  if (type.type === "TSTypeLiteral") body = type.members;
  else if (type.type === "TSTypeReference" && type.typeName.type === "Identifier") {
    const declared = localType(at, type.typeName.name);
    if (declared?.type === "TSInterfaceDeclaration") body = declared.body.body;
    else if (declared?.type === "TSTypeAliasDeclaration") return typeMembers(declared.typeAnnotation, declared, depth + 1);
  }
  if (!body) return null;
  const members = new Map<string, TSESTree.TypeNode>();
  for (const element of body) {
    if (element.type === "TSPropertySignature" && !element.computed && element.key.type === "Identifier" && element.typeAnnotation) {
      members.set(element.key.name, element.typeAnnotation.typeAnnotation);
    }
  }
  return members;
}

/** The interface or type alias of that name declared at the top of this file. */
function localType(at: TSESTree.Node, name: string): TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration | null {
  const program = programOf(at);
  for (const statement of program?.body ?? []) {
    const declaration = statement.type === "ExportNamedDeclaration" && statement.declaration ? statement.declaration : statement;
    if ((declaration.type === "TSInterfaceDeclaration" || declaration.type === "TSTypeAliasDeclaration") && declaration.id.name === name) return declaration;
  }
  return null;
}

interface Declaration {
  type: TSESTree.TypeNode | null;
  init: TSESTree.Expression | null;
  moduleLevel: boolean;
}

/**
 * The nearest declaration of an identifier's name, by the scopes around it: a parameter of an
 * enclosing function (with its type annotation), or a `const`/`let` in an enclosing block. A name
 * declared twice in one scope, or reassigned, is not resolved.
 */
function findDeclaration(identifier: TSESTree.Identifier): Declaration | null {
  const name = identifier.name;
  for (let current: TSESTree.Node | undefined = identifier.parent; current; current = current.parent) {
    if (isFunction(current)) {
      for (const param of current.params) {
        const target = param.type === "AssignmentPattern" ? param.left : param.type === "TSParameterProperty" ? param.parameter : param;
        if (target.type === "Identifier" && target.name === name) return { type: target.typeAnnotation?.typeAnnotation ?? null, init: null, moduleLevel: false };
        if (target.type === "ObjectPattern" && bindsInPattern(target, name)) return { type: patternMemberType(target, name), init: null, moduleLevel: false };
        if (target.type !== "Identifier" && bindsInPattern(target, name)) return null;
      }
    }
    // Loop variables, catch parameters: not followed.
    if ((current.type === "ForInStatement" || current.type === "ForOfStatement") && bindsInPattern(current.left, name)) return null;
    if (current.type === "ForStatement" && current.init && bindsInPattern(current.init, name)) return null;
    if (current.type === "CatchClause" && current.param && bindsInPattern(current.param, name)) return null;
    const statements = current.type === "BlockStatement" || current.type === "Program" || current.type === "StaticBlock" ? current.body : current.type === "SwitchCase" ? current.consequent : null;
    if (!statements) continue;
    const found: TSESTree.VariableDeclarator[] = [];
    for (const statement of statements) {
      const declaration = statement.type === "ExportNamedDeclaration" && statement.declaration ? statement.declaration : statement;
      if (declaration.type === "ImportDeclaration" && declaration.specifiers.some((specifier) => specifier.local.name === name)) return null;
      if ((declaration.type === "FunctionDeclaration" || declaration.type === "ClassDeclaration") && declaration.id?.name === name) return null;
      if (declaration.type !== "VariableDeclaration") continue;
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === "Identifier" && declarator.id.name === name) found.push(declarator);
        else if (declarator.id.type !== "Identifier" && bindsInPattern(declarator.id, name)) return null;
      }
    }
    if (found.length > 1) return null;
    const declarator = found[0];
    if (!declarator || declarator.id.type !== "Identifier") continue;
    if (isReassigned(current, name)) return null;
    return { type: declarator.id.typeAnnotation?.typeAnnotation ?? null, init: declarator.init, moduleLevel: current.type === "Program" };
  }
  return null;
}

/** `({ profile }: { profile: Profile })`: the declared type of one destructured name. */
function patternMemberType(pattern: TSESTree.ObjectPattern, name: string): TSESTree.TypeNode | null {
  const annotation = pattern.typeAnnotation?.typeAnnotation;
  if (!annotation) return null;
  for (const property of pattern.properties) {
    if (property.type !== "Property" || property.computed || property.key.type !== "Identifier") continue;
    if (property.value.type === "Identifier" && property.value.name === name) return typeMembers(annotation, pattern, 0)?.get(property.key.name) ?? null;
  }
  return null;
}

export function bindsInPattern(pattern: TSESTree.Node, name: string): boolean {
  let found = false;
  walk(pattern, (node) => {
    if (node.type === "Identifier" && node.name === name && !(node.parent?.type === "Property" && node.parent.key === node && !node.parent.shorthand)) found = true;
  });
  return found;
}

function isReassigned(scope: TSESTree.Node, name: string): boolean {
  let reassigned = false;
  walk(scope, (node) => {
    if (node.type === "AssignmentExpression" && node.left.type === "Identifier" && node.left.name === name) reassigned = true;
  });
  return reassigned;
}

/** `Object.property`, written out (`JSON.stringify`, `Object.entries`). */
export function isMember(node: TSESTree.Node, object: string, property: string): boolean {
  return (
    node.type === "MemberExpression" &&
    !node.computed &&
    node.object.type === "Identifier" &&
    node.object.name === object &&
    node.property.type === "Identifier" &&
    node.property.name === property
  );
}

function programOf(node: TSESTree.Node): TSESTree.Program | null {
  let current: TSESTree.Node | undefined = node;
  while (current && current.type !== "Program") current = current.parent;
  return current ?? null;
}

