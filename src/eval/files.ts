import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "./evaluator.js";
import { importOf, moduleName } from "./imports.js";
import { at } from "./text.js";
import { knownText, opaque, staticString, type Value } from "./values.js";

/*
 * A prompt kept in a file next to the code (`readFileSync(new URL("./system.md", import.meta.url))`)
 * is static text: read it, so the rules and the estimate see it. Only paths the code spells out
 * are followed; anything computed at run time stays unknown.
 */

type Env = ReadonlyMap<TSESTree.Node, Value>;

const READERS = new Set(["readFileSync", "readFile"]);
const FS_MODULES = new Set(["fs", "fs/promises"]);
const PATH_JOINERS = new Set(["join", "resolve"]);

/** `readFileSync(path, "utf8")`, `fs.readFileSync(...)`, `await readFile(...)` of a literal path. */
export function readFileCall(evaluator: Evaluator, node: TSESTree.CallExpression, env: Env): Value | null {
  const files = evaluator.options.files;
  if (!files || !isReader(evaluator, node.callee)) return null;
  const argument = node.arguments[0];
  const target = argument && argument.type !== "SpreadElement" ? filePath(evaluator, argument, env) : null;
  if (!target) return null;
  const text = files.readText(target);
  const shown = path.relative(files.cwd, target).split(path.sep).join("/");
  if (text === null) return opaque("unknown", `\`${shown}\` could not be read (${at(node)})`, node);
  return staticString(text, node, `the contents of ${shown}`);
}

function isReader(evaluator: Evaluator, callee: TSESTree.Node): boolean {
  if (callee.type === "Identifier") {
    const variable = evaluator.variableOf(callee);
    const source = variable ? importOf(variable) : null;
    return source !== null && FS_MODULES.has(moduleName(source)) && READERS.has(source.imported);
  }
  if (callee.type !== "MemberExpression" || callee.computed || callee.property.type !== "Identifier" || !READERS.has(callee.property.name)) return false;
  // `fs.readFileSync`, `fs.promises.readFile`, `fsp.readFile`
  let object = callee.object;
  if (object.type === "MemberExpression" && !object.computed && object.property.type === "Identifier" && object.property.name === "promises") object = object.object;
  if (object.type !== "Identifier") return false;
  const variable = evaluator.variableOf(object);
  const source = variable ? importOf(variable) : null;
  return source !== null && FS_MODULES.has(moduleName(source));
}

/** The absolute path an expression names, when the code spells it out. */
function filePath(evaluator: Evaluator, node: TSESTree.Node, env: Env): string | null {
  const files = evaluator.options.files!;
  const here = path.dirname(files.path);
  if (node.type === "NewExpression" && node.callee.type === "Identifier" && node.callee.name === "URL" && isImportMetaUrl(node.arguments[1])) {
    const relative = node.arguments[0] ? knownText(evaluator.evaluate(node.arguments[0], env)) : null;
    return relative === null ? null : path.resolve(here, relative);
  }
  if (node.type === "CallExpression" && isPathJoin(evaluator, node.callee)) {
    const parts: string[] = [];
    for (const argument of node.arguments) {
      if (isDirnameOfThisFile(argument)) parts.push(here);
      else {
        const text = argument.type === "SpreadElement" ? null : knownText(evaluator.evaluate(argument, env));
        if (text === null) return null;
        parts.push(text);
      }
    }
    return path.resolve(files.cwd, ...parts);
  }
  const text = knownText(evaluator.evaluate(node, env));
  if (text === null) return null;
  if (text.startsWith("file:")) return fileURLToPath(text);
  return path.resolve(files.cwd, text);
}

function isImportMetaUrl(node: TSESTree.Node | undefined): boolean {
  return node?.type === "MemberExpression" && node.object.type === "MetaProperty" && !node.computed && node.property.type === "Identifier" && node.property.name === "url";
}

/** `__dirname` or `import.meta.dirname`. */
function isDirnameOfThisFile(node: TSESTree.Node): boolean {
  if (node.type === "Identifier") return node.name === "__dirname";
  return node.type === "MemberExpression" && node.object.type === "MetaProperty" && !node.computed && node.property.type === "Identifier" && node.property.name === "dirname";
}

/** `path.join`, `path.resolve`, or `join`/`resolve` imported from "path". */
function isPathJoin(evaluator: Evaluator, callee: TSESTree.Node): boolean {
  const [object, name] =
    callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier" ? [callee.object, callee.property.name] : [callee, null];
  if (object.type !== "Identifier") return false;
  const variable = evaluator.variableOf(object);
  const source = variable ? importOf(variable) : null;
  if (!source || moduleName(source) !== "path") return false;
  return name === null ? PATH_JOINERS.has(source.imported) : PATH_JOINERS.has(name);
}
