import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { isChanging, worstStability, type Piece, type Stability } from "../model/types.js";
import { importOf, moduleName } from "./imports.js";
import { BindingIndex, isModuleLevel, reassignments, type ScopeManagerLike, type VariableLike } from "./scope.js";
import { at, dedentPieces, snippet } from "./text.js";
import { timeCall, timeMember, timeNew } from "./time.js";
import {
  changesOf,
  flattenPieces,
  isOversized,
  knownText,
  lazyEntry,
  mergePieces,
  toJson,
  opaque,
  stabilityOf,
  staticString,
  type ArrayElement,
  type ArrayValue,
  type Change,
  type FunctionValue,
  type ObjectValue,
  type PropertyEntry,
  type StringValue,
  type Value,
} from "./values.js";
import { accumulatedText, repetitionOf } from "./accumulate.js";
import { readFileCall } from "./files.js";
import type { ImportSource } from "./imports.js";
import { discoveredTools, listMethod, objectListMethod } from "./lists.js";
import { replaceText } from "./replace.js";
import { arrayMutations } from "./mutations.js";

export interface EvaluatorOptions {
  /** Names of the project's own functions that return the current time or a random value. */
  volatileFunctions?: readonly string[];
  /** Follows imports into other modules; without it, imported values are `unknown`. */
  resolver?: ImportResolver;
  /** Reads files named by literal paths (`readFileSync(new URL("./prompt.md", import.meta.url))`). */
  files?: FileAccess;
}

/** Where imported bindings come from, for cross-module analysis (see src/project/). */
export interface ImportResolver {
  /** The value of an imported binding, placed at `use` in this file; null when unknown. */
  importedValue(source: ImportSource, use: TSESTree.Node): Value | null;
  /**
   * Where an imported binding is declared, for code that needs the expression rather than its
   * value (the `new OpenAI({ fetch })` behind an imported client): the declared name in its own
   * module, with that module's code. Null when unknown; optional for resolvers that only know values.
   */
  importedDeclaration?(source: ImportSource, use: TSESTree.Node): ForeignDeclaration | null;
}

/**
 * Code read in the module it is written in: that module's evaluator, and how a value computed
 * there is seen from the file being analyzed (placed at a node of this file, with a chain; the
 * value itself for the file's own code).
 */
export interface ModuleCode {
  evaluator: Evaluator;
  place(value: Value): Value;
  /** Where a node of that module shows in this file: the node itself, or the use that stands for it. */
  placeNode(node: TSESTree.Node): TSESTree.Node;
}

/** A declaration in another module: the declared identifier (or the default-exported expression) and its module's code. */
export interface ForeignDeclaration {
  node: TSESTree.Node;
  code: ModuleCode;
}

/** The file being analyzed and read access to the files it names. */
export interface FileAccess {
  /** Absolute path of the file being analyzed. */
  path: string;
  /** Where relative paths given to `readFileSync` resolve (the process's working directory). */
  cwd: string;
  /** The text of a file, or null when it cannot be read or is too large. */
  readText(absolutePath: string): string | null;
}

/** Parameter bindings of a same-file function being evaluated, keyed by declaration identifier. */
type Env = ReadonlyMap<TSESTree.Node, Value>;

const ROOT_ENV: Env = new Map();
/** Deep enough for real prompt builders, shallow enough never to overflow the stack. */
const MAX_DEPTH = 64;
/**
 * Evaluation steps for one top-level `evaluate` (a request body, a message array) and for all of
 * them in one file: far above what real prompt code takes (a few thousand steps at most in the
 * corpus of `npm run corpus`), low enough that a pathological file ends in about a second.
 */
const MAX_STEPS = 50_000;
const MAX_FILE_STEPS = 1_000_000;
const MAX_ELEMENTS = 2000;
/** Callee shapes worth evaluating to find a function to follow (`f()`, `o.f()`, `o[k]!()`, IIFEs). */
const CALLABLE = new Set(["Identifier", "MemberExpression", "TSNonNullExpression", "ArrowFunctionExpression", "FunctionExpression"]);
const DEDENT_TAGS = new Set(["dedent", "outdent", "stripIndent", "stripIndents", "endent", "dedentBlock", "trimIndent"]);

type FunctionNode = FunctionValue["node"];

/**
 * Computes what a reader of one file knows about an expression: its text where it is static,
 * and for every other piece how often it changes and why. Never runs the code.
 */
export class Evaluator {
  private bindingIndex: BindingIndex | undefined;
  private readonly memo = new WeakMap<Env, Map<TSESTree.Node, Value>>();
  private readonly active = new Set<TSESTree.Node>();
  private readonly startup = new WeakMap<Value, Map<string, Value>>();
  private depth = 0;
  /** Steps taken by the current top-level evaluation, and by all of them in this file (see MAX_STEPS). */
  private steps = 0;
  private fileSteps = 0;

  constructor(
    readonly source: string,
    private readonly scopeManager: ScopeManagerLike,
    readonly options: EvaluatorOptions = {},
  ) {}

  /**
   * Built on the first name to resolve. In the CLI that is also when the file's scopes are
   * analyzed (parse.ts): most files the text test lets through make no request and never get there.
   */
  get bindings(): BindingIndex {
    this.bindingIndex ??= new BindingIndex(this.scopeManager);
    return this.bindingIndex;
  }

  evaluate(node: TSESTree.Node, env: Env = ROOT_ENV): Value {
    if (this.depth >= MAX_DEPTH) return opaque("unknown", `\`${this.snippet(node)}\` is nested too deeply to follow`, node);
    // Depth alone does not bound the work: a function that calls another twice, sixty levels
    // deep, is 2^60 calls. Past a step budget the rest is unknown (never reported) and ends fast.
    if (this.depth === 0) this.steps = 0;
    if (++this.steps > MAX_STEPS || ++this.fileSteps > MAX_FILE_STEPS) return opaque("unknown", `\`${this.snippet(node)}\` is too complex to follow`, node);
    this.depth++;
    try {
      return this.evaluateNode(node, env);
    } finally {
      this.depth--;
    }
  }

  /** The value used as text (in a template, a `+`, a message content), in pieces. */
  asString(value: Value, placement: TSESTree.Node): StringValue {
    switch (value.kind) {
      case "string":
        return value;
      case "opaque":
        return {
          kind: "string",
          pieces: [
            {
              stability: value.stability,
              text: null,
              node: placement,
              reason: value.reason,
              ...(value.node !== placement && { origin: value.node }),
              ...(value.time?.rounding && { rounding: value.time.rounding }),
            },
          ],
        };
      default: {
        const stability = stabilityOf(value);
        return {
          kind: "string",
          pieces: [{ stability, text: null, node: placement, reason: `\`${this.snippet(placement)}\` converted to text` }],
        };
      }
    }
  }

  snippet(node: TSESTree.Node): string {
    return snippet(this.source, node);
  }

  /** The variable an identifier refers to, or null for globals. */
  variableOf(identifier: TSESTree.Identifier): VariableLike | null {
    return this.bindings.resolve(identifier);
  }

  private evaluateNode(node: TSESTree.Node, env: Env): Value {
    switch (node.type) {
      case "Literal":
        return staticString(node.value instanceof RegExp || typeof node.value === "bigint" ? node.raw : String(node.value), node);
      case "TemplateLiteral":
        return this.template(node, env, false);
      case "TaggedTemplateExpression":
        return this.taggedTemplate(node, env);
      case "BinaryExpression":
        return this.binary(node, env);
      case "LogicalExpression":
        return this.logical(node, env);
      case "ConditionalExpression":
        return this.choice(node.test, [node.consequent, node.alternate], node, env);
      case "Identifier":
        return this.identifier(node, env);
      case "MemberExpression":
        return this.member(node, env);
      case "CallExpression":
        return this.call(node, env);
      case "NewExpression":
        return timeNew(this, node, env) ?? this.unknownCall(node, env);
      case "ArrayExpression":
        return this.array(node, env);
      case "ObjectExpression":
        return this.object(node, env);
      case "AwaitExpression":
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "TSTypeAssertion":
      case "TSInstantiationExpression":
        return this.evaluate("expression" in node ? node.expression : node.argument, env);
      case "ChainExpression":
        return this.evaluate(node.expression, env);
      case "ArrowFunctionExpression":
      case "FunctionExpression":
        return { kind: "function", node };
      case "SequenceExpression":
        return this.evaluate(node.expressions.at(-1) ?? node, env);
      case "UnaryExpression":
        return this.unary(node, env);
      case "ThisExpression":
        return opaque("unknown", `\`this\` at ${at(node)}`, node);
      default:
        return opaque("unknown", `\`${this.snippet(node)}\` at ${at(node)}`, node);
    }
  }

  /** Evaluates a node in the environment of the function call being followed. */
  evaluateIn(node: TSESTree.Node, env: Env): Value {
    return this.evaluate(node, env);
  }

  private template(node: TSESTree.TemplateLiteral, env: Env, raw: boolean): StringValue {
    const pieces: Piece[] = [];
    node.quasis.forEach((quasi, index) => {
      // A template's raw text has its line breaks as \n at run time (typescript-estree keeps a CRLF; oxc does not).
      const text = raw ? quasi.value.raw.replace(/\r\n?/g, "\n") : (quasi.value.cooked ?? quasi.value.raw);
      pieces.push({ stability: "static", text, node: quasi, reason: "literal text" });
      const expression = node.expressions[index];
      if (expression) pieces.push(...this.asString(this.evaluate(expression, env), expression).pieces);
    });
    return { kind: "string", pieces: mergePieces(pieces) };
  }

  private taggedTemplate(node: TSESTree.TaggedTemplateExpression, env: Env): Value {
    const tag = node.tag;
    if (tag.type === "MemberExpression" && tag.object.type === "Identifier" && tag.object.name === "String" && isName(tag.property, "raw")) {
      return this.template(node.quasi, env, true);
    }
    const value = this.template(node.quasi, env, false);
    if (tag.type === "Identifier" && this.isDedent(tag)) return { kind: "string", pieces: mergePieces(dedentPieces(value.pieces)) };
    return value;
  }

  isDedent(identifier: TSESTree.Identifier): boolean {
    const variable = this.variableOf(identifier);
    const source = variable ? importOf(variable) : null;
    const name = source && source.imported !== "default" && source.imported !== "*" ? source.imported : identifier.name;
    return DEDENT_TAGS.has(name) || (source !== null && /dedent|outdent|common-tags/.test(source.module));
  }

  private binary(node: TSESTree.BinaryExpression, env: Env): Value {
    const left = this.evaluate(node.left, env);
    const right = this.evaluate(node.right, env);
    if (node.operator === "+" && (left.kind === "string" || right.kind === "string")) {
      return {
        kind: "string",
        pieces: mergePieces([...this.asString(left, node.left).pieces, ...this.asString(right, node.right).pieces]),
      };
    }
    const stability = worstStability(stabilityOf(left), stabilityOf(right));
    return opaque(stability, this.reasonFrom([left, right], node), node);
  }

  private logical(node: TSESTree.LogicalExpression, env: Env): Value {
    const left = this.evaluate(node.left, env);
    const text = knownText(left);
    if (node.operator !== "&&" && text !== null && text !== "") return left;
    // `left` is passed on, not evaluated again: `a || b || c ...` would double the work per operand.
    return this.choice(null, [node.left, node.right], node, env, left);
  }

  /** A value that is one of several expressions, chosen at run time. */
  private choice(test: TSESTree.Node | null, options: TSESTree.Node[], node: TSESTree.Node, env: Env, first?: Value): Value {
    // The test is evaluated once (nested conditions in tests would otherwise cost 3^depth).
    const testValue = test ? this.evaluate(test, env) : null;
    if (testValue) {
      const testText = knownText(testValue);
      if (testText === "true") return this.evaluate(options[0]!, env);
      if (testText === "false") return this.evaluate(options[1]!, env);
    }
    const values = options.map((option, index) => (index === 0 && first ? first : this.evaluate(option, env)));
    const texts = values.map(knownText);
    if (texts[0] !== null && texts.every((text) => text === texts[0])) return values[0]!;
    let stability: Stability = testValue ? stabilityOf(testValue) : "static";
    for (const value of values) stability = worstStability(stability, stabilityOf(value));
    // Both branches known but the condition is not: the text is fixed per deployment at best.
    if (stability === "static") stability = "deployment";
    const changing = values.find((value) => isChanging(stabilityOf(value)));
    const reason = changing ? this.reasonFrom([changing], node) : `conditional \`${this.snippet(node)}\` at ${at(node)}`;
    // A window or filter in either branch (`long ? history.slice(-20) : history`) still applies.
    const carried = values.flatMap(changesOf);
    const result = carried.length > 0 ? { ...opaque(stability, reason, node), changes: carried } : opaque(stability, reason, node);
    if (!values.some((value) => value.kind === "array")) return result;
    // Lists chosen at run time (`...(isAdmin ? ADMIN_TOOLS : [])`): which elements are sent varies.
    const testStability = testValue ? stabilityOf(testValue) : stabilityOf(values[0]!);
    return { ...result, changes: [...carried, { kind: "membership", stability: testStability === "static" ? "deployment" : testStability, reason: `conditional \`${this.snippet(node)}\` at ${at(node)}`, node }] };
  }

  private identifier(node: TSESTree.Identifier, env: Env, known?: VariableLike): Value {
    if (node.name === "undefined") return staticString("undefined", node);
    const variable = known ?? this.variableOf(node);
    if (!variable) return opaque("unknown", `global \`${node.name}\``, node);
    const def = variable.defs[0];
    if (!def) return opaque("unknown", `\`${node.name}\``, node);
    const bound = env.get(def.name);
    if (bound) return bound;
    switch (def.type) {
      case "Parameter":
        return opaque("dynamic", `parameter \`${node.name}\` at ${at(def.name)}`, node);
      case "FunctionName":
        return def.node.type === "FunctionDeclaration" ? { kind: "function", node: def.node } : opaque("unknown", `\`${node.name}\``, node);
      case "ImportBinding":
        return this.imported(node, variable);
      case "Variable":
        return this.variable(node, variable, def.node as TSESTree.VariableDeclarator, env);
      case "CatchClause":
        return opaque("dynamic", `caught error \`${node.name}\``, node);
      default:
        return opaque("unknown", `\`${node.name}\` (${def.type})`, node);
    }
  }

  /** An imported binding: followed into its module when a resolver is set, else unknown. */
  private imported(use: TSESTree.Identifier, variable: VariableLike): Value {
    const source = importOf(variable);
    const resolved = source ? this.options.resolver?.importedValue(source, use) : null;
    return resolved ?? opaque("unknown", `\`${variable.name}\` imported from "${source ? moduleName(source) : "?"}"`, use);
  }

  /** The value of a top-level binding of this module, as another module imports it. */
  exported(name: string): Value | null {
    const variable = this.bindings.moduleVariables.get(name);
    const def = variable?.defs[0];
    if (!variable || !def) return null;
    // As seen from the end of the module: every top-level `push` has run by the time it is imported.
    const atEnd = { ...(def.name as TSESTree.Identifier), range: [Infinity, Infinity] } as TSESTree.Identifier;
    return this.identifier(atEnd, ROOT_ENV, variable);
  }

  private variable(use: TSESTree.Identifier, variable: VariableLike, declarator: TSESTree.VariableDeclarator, env: Env): Value {
    if (importOf(variable)) return this.imported(use, variable);
    const writes = reassignments(variable);
    if (writes.length > 0) {
      const built = accumulatedText(this, variable, declarator, writes, use, env);
      if (built) return isModuleLevel(variable) ? this.onceAtStartup(built, variable.name) : built;
      return opaque("dynamic", `\`${variable.name}\` is reassigned at ${at(writes[0]!.identifier)}`, use);
    }
    if (!declarator.init) return opaque("unknown", `\`${variable.name}\` has no initializer`, use);
    if (declarator.id.type !== "Identifier") return this.destructured(use, variable, declarator, env);
    let value = this.initializer(declarator, declarator.init, env);
    if (isModuleLevel(variable)) value = this.onceAtStartup(value, variable.name);
    if (value.kind === "array") value = this.withMutations(value, variable, use, env);
    return value;
  }

  /** `const { a } = obj` and `const [a] = arr`. */
  private destructured(use: TSESTree.Identifier, variable: VariableLike, declarator: TSESTree.VariableDeclarator, env: Env): Value {
    const whole = this.initializer(declarator, declarator.init!, env);
    const pattern = declarator.id;
    let value: Value | null = null;
    if (pattern.type === "ObjectPattern" && whole.kind === "object") {
      for (const property of pattern.properties) {
        if (property.type !== "Property") continue;
        const target = property.value.type === "AssignmentPattern" ? property.value.left : property.value;
        const key = propertyKey(property);
        if (target.type === "Identifier" && target.name === variable.name && key !== null) {
          value = whole.properties.get(key)?.value ?? null;
        }
      }
    }
    if (!value) {
      const stability = stabilityOf(whole);
      value = opaque(stability === "static" ? "unknown" : stability, `\`${variable.name}\` destructured from ${this.reasonFrom([whole], declarator)}`, use);
    }
    return isModuleLevel(variable) ? this.onceAtStartup(value, variable.name) : value;
  }

  /** The value of a declarator's initializer, computed once per environment. */
  private initializer(declarator: TSESTree.VariableDeclarator, init: TSESTree.Expression, env: Env): Value {
    let cache = this.memo.get(env);
    if (!cache) {
      cache = new Map();
      this.memo.set(env, cache);
    }
    const cached = cache.get(declarator);
    if (cached) return cached;
    if (this.active.has(declarator)) return opaque("unknown", `\`${this.snippet(declarator.id)}\` refers to itself`, declarator);
    this.active.add(declarator);
    try {
      const value = this.evaluate(init, env);
      cache.set(declarator, value);
      return value;
    } finally {
      this.active.delete(declarator);
    }
  }

  /** A local array with `push`/`unshift` calls before its use: append or prepend what they add. */
  private withMutations(value: ArrayValue, variable: VariableLike, use: TSESTree.Node, env: Env): ArrayValue {
    const mutations = arrayMutations(variable, use);
    if (mutations.length === 0) return value;
    const front: ArrayElement[] = [];
    const back: ArrayElement[] = [];
    const changes: Change[] = [];
    for (const mutation of mutations) {
      // A push in a loop: once per element of a known list, or as often as the loop's data says.
      const repetition = mutation.repeated ? repetitionOf(this, mutation.guards, mutation.call, use, env) : null;
      if (repetition && "count" in repetition) {
        const values = mutation.call.arguments.map((argument) => this.evaluate(argument.type === "SpreadElement" ? argument.argument : argument, repetition.env));
        const stability = values.reduce<Stability>((worst, value) => worstStability(worst, stabilityOf(value)), repetition.count);
        const reason = `\`${variable.name}.${mutation.method}()\` ${repetition.reason}`;
        if (isChanging(repetition.count)) changes.push({ kind: "membership", stability: repetition.count, reason, node: mutation.call });
        // Reported at the pushed value when there is one, as a push that runs once is.
        const placed = mutation.call.arguments.length === 1 ? mutation.call.arguments[0]! : mutation.call;
        const added = { value: opaque(stability === "static" ? "deployment" : stability, reason, placed), spread: true, node: placed };
        if (mutation.method === "unshift") front.unshift(added);
        else back.push(added);
        continue;
      }
      if (mutation.conditions.length > 0 && !repetition) {
        // Decided by the least stable of them: named in the reason.
        const decided = mutation.conditions.map((condition) => ({ condition, stability: stabilityOf(this.evaluate(condition, env)) }));
        const { condition, stability } = decided.reduce((worst, next) => (worstStability(worst.stability, next.stability) === worst.stability ? worst : next));
        const when = condition.parent?.type === "SwitchStatement" ? "in some cases of" : condition.parent?.type === "SwitchCase" ? "only in the case" : "only if";
        changes.push({ kind: "membership", stability, reason: `\`${variable.name}.${mutation.method}()\` runs ${when} \`${this.snippet(condition)}\` at ${at(mutation.call)}`, node: mutation.call });
      }
      const runs = repetition ? repetition.runs : [env];
      const added: ArrayElement[] = runs.flatMap((runEnv) =>
        mutation.call.arguments.map((argument): ArrayElement => {
          if (mutation.repeated && !repetition) {
            return { value: opaque("dynamic", `\`${variable.name}\` is appended to in a loop or callback at ${at(mutation.call)}`, argument), spread: true, node: argument };
          }
          if (argument.type === "SpreadElement") return { value: this.evaluate(argument.argument, runEnv), spread: true, node: argument };
          return { value: this.evaluate(argument, runEnv), spread: false, node: argument };
        }),
      );
      if (mutation.method === "unshift") front.unshift(...added);
      else back.push(...added);
    }
    return this.list([...front, ...value.elements, ...back], value.node, [...(value.changes ?? []), ...changes]);
  }

  /**
   * A module-level binding is computed once when the module loads: whatever it holds, even the
   * time or the result of an unknown call, is the same for every request of that process.
   * Remembered per value and name, so parts a value shares stay shared (`const b = [a, a, a]`
   * forty times over must not be copied out into 3^40 parts; see MAX_LEAVES in values.ts).
   */
  private onceAtStartup(value: Value, name: string): Value {
    let byName = this.startup.get(value);
    if (!byName) this.startup.set(value, (byName = new Map()));
    let result = byName.get(name);
    if (!result) byName.set(name, (result = this.startupValue(value, name)));
    return result;
  }

  private startupValue(value: Value, name: string): Value {
    switch (value.kind) {
      case "string":
        return {
          kind: "string",
          pieces: value.pieces.map((piece) =>
            piece.stability === "static" || piece.stability === "deployment"
              ? piece
              : { ...piece, stability: "deployment", reason: `\`${name}\` is computed once when the module loads (${piece.reason})` },
          ),
        };
      case "opaque":
        return value.stability === "static" || value.stability === "deployment"
          ? value
          : opaque("deployment", `\`${name}\` is computed once when the module loads (${value.reason})`, value.node);
      case "array":
        return { ...value, elements: value.elements.map((element) => ({ ...element, value: this.onceAtStartup(element.value, name) })) };
      case "object": {
        const properties = new Map<string, PropertyEntry>();
        for (const [key, entry] of value.properties) {
          properties.set(key, lazyEntry(entry.node, () => this.onceAtStartup(entry.value, name)));
        }
        const openSpread = value.openSpread ? (this.onceAtStartup(value.openSpread, name) as typeof value.openSpread) : null;
        return { ...value, properties, openSpread };
      }
      case "function":
        return value;
    }
  }

  private member(node: TSESTree.MemberExpression, env: Env): Value {
    const deployment = environmentVariable(node);
    if (deployment) return opaque("deployment", `\`${deployment}\``, node);
    const object = this.evaluate(node.object, env);
    const key = this.memberKey(node, env);
    const time = timeMember(this, node, object);
    if (time) return time;
    if (key !== null && object.kind === "object") {
      const entry = object.properties.get(key);
      if (entry) return entry.value;
      if (object.openSpread) return object.openSpread;
      return opaque("unknown", `\`${this.snippet(node)}\` is not set`, node);
    }
    if (key !== null && object.kind === "array" && /^\d+$/.test(key)) {
      const index = Number(key);
      const before = object.elements.slice(0, index + 1);
      if (before.length === index + 1 && before.every((element) => !element.spread)) return object.elements[index]!.value;
    }
    if (key === "length" && object.kind === "string") {
      const text = knownText(object);
      if (text !== null) return staticString(String(text.length), node);
    }
    const stability = worstStability(stabilityOf(object), node.computed ? stabilityOf(this.evaluate(node.property, env)) : "static");
    const result = opaque(stability, object.kind === "opaque" ? object.reason : `\`${this.snippet(node)}\` at ${at(node)}`, node);
    return object.kind === "opaque" && object.changes ? { ...result, changes: object.changes } : result;
  }

  /** The static name of a member, or null when it is computed at run time. */
  memberKey(node: TSESTree.MemberExpression, env: Env = ROOT_ENV): string | null {
    if (!node.computed) return node.property.type === "Identifier" ? node.property.name : null;
    return knownText(this.evaluate(node.property, env));
  }

  private call(node: TSESTree.CallExpression, env: Env): Value {
    const time = timeCall(this, node, env);
    if (time) return time;
    const callee = node.callee;
    if (callee.type === "MemberExpression") {
      const method = this.memberKey(callee, env);
      if (method !== null) {
        const result = this.method(node, callee, method, env);
        if (result) return result;
      }
    }
    if (callee.type === "Identifier") {
      if (callee.name === "String" && !this.variableOf(callee) && node.arguments[0]) {
        return this.asString(this.evaluate(node.arguments[0], env), node.arguments[0]);
      }
      if (this.isDedent(callee) && node.arguments[0]) {
        const value = this.evaluate(node.arguments[0], env);
        return value.kind === "string" ? { kind: "string", pieces: mergePieces(dedentPieces(value.pieces)) } : value;
      }
    }
    const file = readFileCall(this, node, env);
    if (file) return file;
    const target = CALLABLE.has(callee.type) ? this.evaluate(callee, env) : null;
    if (target?.kind === "function") {
      if (!target.owner) return this.callFunction(target.node, node, env);
      const args = node.arguments.map((argument) => this.evaluate(argument.type === "SpreadElement" ? argument.argument : argument, env));
      return target.owner.invoke(target.node, args, node);
    }
    return this.unknownCall(node, env);
  }

  /** A known method of a string or array whose result the evaluator can compute. */
  private method(node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string, env: Env): Value | null {
    if (callee.object.type === "Identifier" && callee.object.name === "JSON" && method === "stringify" && !this.variableOf(callee.object)) {
      return this.stringify(node, env);
    }
    const objectMethod = objectListMethod(this, node, callee, method, env);
    if (objectMethod) return objectMethod;
    const receiver = this.evaluate(callee.object, env);
    const args = node.arguments.map((argument) => this.evaluate(argument, env));
    if (receiver.kind === "string") {
      if (method === "replace" || method === "replaceAll") return replaceText(this, receiver, args, method === "replaceAll", node, env);
      return stringMethod(receiver, method, args, node);
    }
    if (receiver.kind === "array") return this.arrayMethod(receiver, method, args, node, env) ?? listMethod(this, receiver, method, args, node, env);
    if (receiver.kind === "opaque") return listMethod(this, receiver, method, args, node, env) ?? discoveredTools(this, node, method, receiver);
    return null;
  }

  private arrayMethod(receiver: ArrayValue, method: string, args: Value[], node: TSESTree.CallExpression, env: Env): Value | null {
    switch (method) {
      case "join": {
        const separator = args[0] ? this.asString(args[0], node.arguments[0]!) : staticString(",", node);
        const pieces: Piece[] = [];
        receiver.elements.forEach((element, index) => {
          if (index > 0) pieces.push(...separator.pieces);
          pieces.push(...this.asString(element.value, element.node).pieces);
        });
        return { kind: "string", pieces: mergePieces(pieces) };
      }
      case "map": {
        const mapper = args[0];
        if (mapper?.kind !== "function" || receiver.elements.some((element) => element.spread)) return null;
        return {
          ...receiver,
          node,
          elements: receiver.elements.map((element, index) => ({
            value: this.invoke(mapper.node, [element.value, staticString(String(index), element.node)], node, env),
            spread: false,
            node: element.node,
          })),
        };
      }
      case "filter": {
        const predicate = args[0];
        if (predicate?.kind !== "function" || receiver.elements.some((element) => element.spread)) return null;
        const kept = receiver.elements.map((element, index) => knownText(this.invoke(predicate.node, [element.value, staticString(String(index), element.node)], node, env)));
        // A predicate that depends only on the elements' own known data is computed here.
        if (kept.every((text) => text === "true" || text === "false")) {
          return { ...receiver, node, elements: receiver.elements.filter((_, index) => kept[index] === "true") };
        }
        return null;
      }
      case "concat":
        return this.list(
          [...receiver.elements, ...args.map((value, index) => ({ value, spread: value.kind !== "array", node: node.arguments[index]! }))],
          node,
          receiver.changes,
        );
      default:
        return null;
    }
  }

  private stringify(node: TSESTree.CallExpression, env: Env): Value {
    const argument = node.arguments[0];
    if (!argument) return staticString("undefined", node);
    const value = this.evaluate(argument, env);
    const json = value.kind === "function" ? null : toJson(value);
    if (json !== null && node.arguments.length === 1) return staticString(json, node);
    const stability = stabilityOf(value);
    return opaque(stability === "static" ? "deployment" : stability, this.reasonFrom([value], node), node);
  }

  /** Follows a call to a function declared in this file, with its arguments bound. */
  private callFunction(fn: FunctionNode, call: TSESTree.CallExpression, env: Env): Value {
    const args = call.arguments.map((argument) =>
      argument.type === "SpreadElement" ? opaque(stabilityOf(this.evaluate(argument.argument, env)), "spread arguments", argument) : this.evaluate(argument, env),
    );
    return this.invoke(fn, args, call, env);
  }

  /** Calls a function of this file with argument values bound to its parameters. */
  invoke(fn: FunctionNode, args: Value[], call: TSESTree.Node, env: Env): Value {
    const name = fn.type === "FunctionDeclaration" && fn.id ? fn.id.name : "function";
    if (this.active.has(fn)) return opaque("unknown", `\`${name}()\` calls itself`, call);
    const bindings = new Map<TSESTree.Node, Value>(env);
    fn.params.forEach((param, index) => bindParameter(bindings, param, args[index], args.slice(index), this, bindings));
    const returned = returnExpressions(fn);
    if (returned.length === 0) return opaque("unknown", `\`${name}()\` returns nothing the analyzer can follow`, call);
    this.active.add(fn);
    try {
      const values = returned.map((expression) => this.evaluate(expression, bindings));
      if (values.length === 1) return values[0]!;
      const texts = values.map(knownText);
      if (texts[0] !== null && texts.every((text) => text === texts[0])) return values[0]!;
      // Which return runs depends on the arguments: as changing as they are, at least per deployment.
      const chosenBy = args.some((arg) => isChanging(stabilityOf(arg))) ? "dynamic" : "deployment";
      const stability = values.reduce<Stability>((worst, value) => worstStability(worst, stabilityOf(value)), chosenBy);
      return opaque(stability, `one of ${values.length} return values of \`${name}()\` (${this.reasonFrom(values, call)})`, call);
    } finally {
      this.active.delete(fn);
    }
  }

  /** A call the analyzer cannot follow: as changing as its inputs, else unknown. */
  private unknownCall(node: TSESTree.CallExpression | TSESTree.NewExpression, env: Env): Value {
    const inputs: Value[] = node.arguments.map((argument) => this.evaluate(argument.type === "SpreadElement" ? argument.argument : argument, env));
    if (node.callee.type === "MemberExpression") inputs.push(this.evaluate(node.callee.object, env));
    const changing = inputs.find((value) => isChanging(stabilityOf(value)));
    if (changing) {
      const stability = inputs.some((value) => stabilityOf(value) === "volatile") ? "volatile" : "dynamic";
      return opaque(stability, `\`${this.snippet(node)}\` at ${at(node)} depends on ${this.reasonFrom([changing], node)}`, node);
    }
    const calleeValue = node.callee.type === "Identifier" ? this.evaluate(node.callee, env) : null;
    if (calleeValue?.kind === "opaque" && calleeValue.stability === "dynamic") {
      return opaque("dynamic", `\`${this.snippet(node)}\` at ${at(node)} calls ${calleeValue.reason}`, node);
    }
    return opaque("unknown", `result of \`${this.snippet(node)}\` at ${at(node)}`, node);
  }

  private array(node: TSESTree.ArrayExpression, env: Env): Value {
    if (node.elements.length > MAX_ELEMENTS) return opaque("unknown", `array of ${node.elements.length} elements at ${at(node)}`, node);
    const elements: ArrayElement[] = [];
    for (const element of node.elements) {
      if (!element) continue;
      if (element.type === "SpreadElement") elements.push({ value: this.evaluate(element.argument, env), spread: true, node: element });
      else elements.push({ value: this.evaluate(element, env), spread: false, node: element });
    }
    return this.list(elements, node);
  }

  /**
   * A list of elements in which spreads of known arrays become their elements, so
   * `[...FEW_SHOT, question]` reads as written; what could change those arrays carries over.
   */
  list(elements: ArrayElement[], node: TSESTree.Node, changes: Change[] = []): ArrayValue {
    // A Set: `[...list, ...list]` brings the same changes twice, and doubling a list forty times
    // must not double them forty times.
    const all = new Set(changes);
    const flat: ArrayElement[] = [];
    for (const element of elements) {
      if (!element.spread || element.value.kind !== "array") flat.push(element);
      else {
        for (const change of element.value.changes ?? []) all.add(change);
        for (const inner of element.value.elements) flat.push(inner);
      }
      // Past MAX_ELEMENTS (a list doubled by spreads at every step), the rest is an unknown spread.
      if (flat.length > MAX_ELEMENTS) {
        flat.length = MAX_ELEMENTS;
        flat.push({ value: opaque("unknown", `a list of more than ${MAX_ELEMENTS} elements at ${at(node)}`, node), spread: true, node });
        break;
      }
    }
    return { kind: "array", elements: flat, node, ...(all.size > 0 && { changes: [...all] }) };
  }

  private object(node: TSESTree.ObjectExpression, env: Env): ObjectValue {
    const properties = new Map<string, PropertyEntry>();
    let openSpread: ObjectValue["openSpread"] = null;
    for (const property of node.properties) {
      if (property.type === "SpreadElement") {
        const spread = this.evaluate(property.argument, env);
        if (spread.kind === "object") {
          for (const [key, entry] of spread.properties) properties.set(key, entry);
          openSpread = spread.openSpread ?? openSpread;
        } else if (spread.kind === "opaque") {
          openSpread = spread;
        }
        continue;
      }
      const key = property.computed ? knownText(this.evaluate(property.key, env)) : propertyKey(property);
      if (key === null || property.kind !== "init") continue;
      const valueNode = property.value;
      properties.delete(key);
      properties.set(key, lazyEntry(property, () => this.evaluate(valueNode, env)));
    }
    return { kind: "object", properties, openSpread, node };
  }

  private unary(node: TSESTree.UnaryExpression, env: Env): Value {
    const argument = this.evaluate(node.argument, env);
    const text = knownText(argument);
    if (node.operator === "-" && text !== null && /^[\d.]+$/.test(text)) return staticString(`-${text}`, node);
    if (node.operator === "void") return staticString("undefined", node);
    return opaque(stabilityOf(argument), this.reasonFrom([argument], node), node);
  }

  /** The reason of the most changing input, for values computed from several. */
  reasonFrom(values: Value[], node: TSESTree.Node): string {
    let worst: { stability: Stability; reason: string } | null = null;
    for (const value of values) {
      for (const piece of pieceReasons(value)) {
        if (!worst || worstStability(worst.stability, piece.stability) !== worst.stability) worst = piece;
      }
    }
    return worst && worst.stability !== "static" ? worst.reason : `\`${this.snippet(node)}\` at ${at(node)}`;
  }
}

function pieceReasons(value: Value): Array<{ stability: Stability; reason: string }> {
  if (isOversized(value)) return flattenPieces(value); // one summary piece, not an exponential walk
  switch (value.kind) {
    case "opaque":
      return [value];
    case "string":
      return value.pieces;
    case "array":
      return value.elements.flatMap((element) => pieceReasons(element.value));
    case "object":
      return [...value.properties.values()].flatMap((entry) => pieceReasons(entry.value));
    case "function":
      return [];
  }
}


function isName(node: TSESTree.Node, name: string): boolean {
  return node.type === "Identifier" && node.name === name;
}

export function propertyKey(property: TSESTree.Property): string | null {
  if (property.computed) return null;
  if (property.key.type === "Identifier") return property.key.name;
  if (property.key.type === "Literal") return String(property.key.value);
  return null;
}

/** `process.env.NAME`, `process.env["NAME"]`, `import.meta.env.NAME`, `Deno.env`-free on purpose. */
function environmentVariable(node: TSESTree.MemberExpression): string | null {
  const object = node.object;
  if (object.type !== "MemberExpression" || object.computed || !isName(object.property, "env")) return null;
  const isProcess = object.object.type === "Identifier" && object.object.name === "process";
  const isImportMeta = object.object.type === "MetaProperty";
  if (!isProcess && !isImportMeta) return null;
  const prefix = isProcess ? "process.env" : "import.meta.env";
  if (!node.computed && node.property.type === "Identifier") return `${prefix}.${node.property.name}`;
  if (node.property.type === "Literal") return `${prefix}[${node.property.raw}]`;
  return `${prefix}[…]`;
}

function stringMethod(receiver: StringValue, method: string, args: Value[], node: TSESTree.CallExpression): Value | null {
  const text = knownText(receiver);
  const argTexts = args.map(knownText);
  const edit = (fn: (text: string) => string): StringValue => ({
    kind: "string",
    pieces: receiver.pieces.map((piece) => (piece.text === null ? piece : { ...piece, text: fn(piece.text) })),
  });
  switch (method) {
    case "trim":
      return trimEdges(receiver, true, true);
    case "trimStart":
    case "trimLeft":
      return trimEdges(receiver, true, false);
    case "trimEnd":
    case "trimRight":
      return trimEdges(receiver, false, true);
    case "toUpperCase":
    case "toLocaleUpperCase":
      return edit((value) => value.toUpperCase());
    case "toLowerCase":
    case "toLocaleLowerCase":
      return edit((value) => value.toLowerCase());
    case "concat":
      return {
        kind: "string",
        pieces: mergePieces([
          ...receiver.pieces,
          ...args.flatMap((value, index) =>
            value.kind === "string" ? value.pieces : [{ stability: stabilityOf(value), text: null, node: node.arguments[index]!, reason: "concatenated value" }],
          ),
        ]),
      };
    default:
      if (text !== null && argTexts.every((value) => value !== null) && method in String.prototype && typeof (String.prototype as unknown as Record<string, unknown>)[method] === "function") {
        // Running the file's own method calls on its own text: arguments that would throw
        // (`"x".normalize("bad")`, `"x".repeat(-1)`), compile a pattern (`"x".match("(")`) or
        // build a huge text (`"x".repeat(1e9)`) leave the call unknown instead of crashing.
        if (NO_TEXT_RESULT.has(method) || grownLength(text, method, argTexts as string[]) > MAX_COMPUTED_TEXT) return null;
        let result: unknown;
        try {
          result = (String.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!.apply(text, argTexts);
        } catch {
          return null;
        }
        if (typeof result === "string") return staticString(result, node);
      }
      return null;
  }
}

/** The longest text a string method may compute here; longer results are left unknown. */
const MAX_COMPUTED_TEXT = 1_000_000;
/** String methods that never return a string, some of which compile their argument as a pattern. */
const NO_TEXT_RESULT = new Set(["match", "matchAll", "search", "split", "localeCompare", "includes", "startsWith", "endsWith", "indexOf", "lastIndexOf"]);

/** The length `repeat`, `padStart` or `padEnd` would produce (NaN counts as nothing). */
function grownLength(text: string, method: string, args: string[]): number {
  const amount = Number(args[0]);
  if (method === "repeat") return text.length * (Number.isFinite(amount) ? amount : 0);
  if (method === "padStart" || method === "padEnd") return Number.isFinite(amount) ? amount : 0;
  return text.length;
}

function trimEdges(value: StringValue, start: boolean, end: boolean): StringValue {
  const pieces = [...value.pieces];
  const first = pieces[0];
  if (start && first?.text != null) pieces[0] = { ...first, text: first.text.trimStart() };
  const last = pieces.at(-1);
  if (end && last?.text != null) pieces[pieces.length - 1] = { ...last, text: last.text.trimEnd() };
  return { kind: "string", pieces: mergePieces(pieces) };
}

/** Every `return` argument of a function body, not counting nested functions. */
function returnExpressions(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== "BlockStatement") return [fn.body];
  const found: TSESTree.Node[] = [];
  const stack: TSESTree.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "ReturnStatement") {
      if (node.argument) found.push(node.argument);
      continue;
    }
    for (const child of statementChildren(node)) stack.push(child);
  }
  return found.sort((a, b) => a.range[0] - b.range[0]);
}

/** Child statements that can hold a `return` of the same function. */
function statementChildren(node: TSESTree.Node): TSESTree.Node[] {
  switch (node.type) {
    case "BlockStatement":
      return node.body;
    case "IfStatement":
      return node.alternate ? [node.consequent, node.alternate] : [node.consequent];
    case "TryStatement":
      return [node.block, ...(node.handler ? [node.handler.body] : []), ...(node.finalizer ? [node.finalizer] : [])];
    case "SwitchStatement":
      return node.cases.flatMap((switchCase) => switchCase.consequent);
    case "ForStatement":
    case "ForInStatement":
    case "ForOfStatement":
    case "WhileStatement":
    case "DoWhileStatement":
    case "LabeledStatement":
      return [node.body];
    default:
      return [];
  }
}

function bindParameter(
  bindings: Map<TSESTree.Node, Value>,
  param: TSESTree.Parameter,
  arg: Value | undefined,
  rest: Value[],
  evaluator: Evaluator,
  env: Env,
): void {
  if (param.type === "RestElement") {
    bindPattern(bindings, param.argument, { kind: "array", node: param, elements: rest.map((value) => ({ value, spread: false, node: param })) }, evaluator, env);
  } else if (param.type === "TSParameterProperty") {
    bindPattern(bindings, param.parameter, arg, evaluator, env);
  } else {
    bindPattern(bindings, param, arg, evaluator, env);
  }
}

/**
 * Binds every name of a parameter pattern (`x`, `{ a, b = 1, ...rest }`, `[k, v]`) to the part of
 * the argument it receives. A part the analyzer cannot single out is as changing as the argument.
 */
function bindPattern(bindings: Map<TSESTree.Node, Value>, pattern: TSESTree.Node, value: Value | undefined, evaluator: Evaluator, env: Env): void {
  switch (pattern.type) {
    case "Identifier":
      if (value) bindings.set(pattern, value);
      return;
    case "AssignmentPattern":
      bindPattern(bindings, pattern.left, value ?? evaluator.evaluateIn(pattern.right, env), evaluator, env);
      return;
    case "ObjectPattern":
      for (const property of pattern.properties) {
        if (property.type === "RestElement") {
          bindPattern(bindings, property.argument, value && partOf(value, null, property), evaluator, env);
          continue;
        }
        const key = propertyKey(property);
        const entry = value?.kind === "object" && key !== null ? value.properties.get(key)?.value : undefined;
        bindPattern(bindings, property.value, entry ?? (value && partOf(value, key, property)), evaluator, env);
      }
      return;
    case "ArrayPattern":
      pattern.elements.forEach((element, index) => {
        if (!element) return;
        if (element.type === "RestElement") {
          const rest = value?.kind === "array" && value.elements.slice(0, index).every((item) => !item.spread) ? { ...value, elements: value.elements.slice(index) } : value && partOf(value, null, element);
          bindPattern(bindings, element.argument, rest, evaluator, env);
          return;
        }
        const item = value?.kind === "array" && value.elements.slice(0, index + 1).every((part) => !part.spread) ? value.elements[index]?.value : undefined;
        bindPattern(bindings, element, item ?? (value && partOf(value, String(index), element)), evaluator, env);
      });
      return;
    default:
      return;
  }
}

/** A part of a value that cannot be picked out: as changing as the whole, or missing (unknown). */
function partOf(value: Value, key: string | null, node: TSESTree.Node): Value | undefined {
  if (value.kind === "object" && key !== null && !value.openSpread) return undefined;
  const stability = stabilityOf(value);
  return opaque(stability, value.kind === "opaque" ? value.reason : `part of a value at line ${node.loc.start.line}`, node);
}
