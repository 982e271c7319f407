import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { memberPath } from "../ast/names.js";
import { enclosingFunction } from "../ast/tree.js";
import type { DateRounding } from "../model/types.js";
import type { Evaluator } from "./evaluator.js";
import { importOf, moduleName, type ImportSource } from "./imports.js";
import { at } from "./text.js";
import {
  DATE_METHOD_GRAIN,
  MOMENT_DAY_METHODS,
  MOMENT_INSTANT_METHODS,
  intlOptionsGrain,
  momentFormatGrain,
  unicodeFormatGrain,
} from "./time-formats.js";
import { knownText, type OpaqueValue, type TimeFormat, type TimeGrain, type Value } from "./values.js";

/*
 * Recognizes the current time and random values: the things that change on every request.
 * `Date.now()`, `new Date()` rendered with the time of day, random ids, date libraries. A value
 * that shows only the date changes once a day: dynamic, not volatile.
 */

type Env = ReadonlyMap<TSESTree.Node, Value>;

/** Globals whose calls return a new value every time: `Math.random()`, `Date.now()`... */
const VOLATILE_GLOBAL_CALLS = new Set([
  "Date.now",
  "performance.now",
  "process.hrtime",
  "process.hrtime.bigint",
  "process.uptime",
  "Math.random",
  "crypto.randomUUID",
  "crypto.getRandomValues",
  "crypto.randomBytes",
  "crypto.randomInt",
  "globalThis.crypto.randomUUID",
  "window.crypto.randomUUID",
]);

/** Modules whose exports (any of them, or the listed ones) make random or time-based ids. */
const RANDOM_MODULES: Record<string, ReadonlySet<string> | "any"> = {
  uuid: "any",
  nanoid: "any",
  ulid: "any",
  ulidx: "any",
  cuid: "any",
  "@paralleldrive/cuid2": new Set(["createId", "init"]),
  "short-uuid": "any",
  "hyperid": "any",
  crypto: new Set(["randomUUID", "randomBytes", "randomInt", "getRandomValues"]),
};

/** Global function names that make ids even when the analyzer cannot see their import. */
const RANDOM_NAMES = new Set(["uuidv4", "uuidv7", "uuidv1", "nanoid", "ulid", "cuid", "createId", "randomUUID"]);

/** Functions that return "now" as a date object when called with no argument. */
const NOW_FACTORIES = new Set(["moment", "dayjs"]);
/** Methods that keep a date object a date object (and at most coarsen it). */
const DATE_OBJECT_METHODS = new Set(["tz", "utc", "local", "add", "subtract", "clone", "utcOffset", "setZone", "locale", "toDate", "plus", "minus", "toUTC", "toLocal"]);

export function timeNew(evaluator: Evaluator, node: TSESTree.NewExpression, env: Env): OpaqueValue | null {
  if (node.callee.type !== "Identifier" || node.callee.name !== "Date" || evaluator.variableOf(node.callee)) return null;
  const argument = node.arguments[0];
  if (node.arguments.length === 0 || (node.arguments.length === 1 && argument && isNowValue(evaluator.evaluate(argument, env)))) {
    return timeValue(evaluator, node, "instant", "date-object", "date");
  }
  return null;
}

export function timeCall(evaluator: Evaluator, node: TSESTree.CallExpression, env: Env): OpaqueValue | null {
  const callee = node.callee;
  const path = memberPath(callee);
  if (path !== null && (evaluator.options.volatileFunctions ?? []).includes(path)) {
    return { kind: "opaque", stability: "volatile", reason: `\`${evaluator.snippet(node)}\` at ${at(node)} (a volatile function in settings)`, node };
  }
  if (path !== null && VOLATILE_GLOBAL_CALLS.has(path) && isGlobalRoot(evaluator, callee)) return timeValue(evaluator, node, "instant", "text");
  const source = importedCallee(evaluator, callee);
  if (source) return importedTimeCall(evaluator, node, source, env);
  if (callee.type === "Identifier" && !evaluator.variableOf(callee) && RANDOM_NAMES.has(callee.name)) {
    return timeValue(evaluator, node, "instant", "text");
  }
  if (callee.type === "MemberExpression") return timeMethod(evaluator, node, callee, env);
  return null;
}

/** `iso.split("T")[0]`: the date part of an ISO timestamp. */
export function timeMember(evaluator: Evaluator, node: TSESTree.MemberExpression, object: Value): OpaqueValue | null {
  if (object.kind !== "opaque" || object.time?.format !== "iso-parts") return null;
  const key = node.computed && node.property.type === "Literal" ? String(node.property.value) : null;
  if (key === "0") return timeValue(evaluator, node, "day", "text");
  return timeValue(evaluator, node, object.time.grain, "text");
}

function importedTimeCall(evaluator: Evaluator, node: TSESTree.CallExpression, source: ImportSource, env: Env): OpaqueValue | null {
  const module = moduleName(source);
  const random = RANDOM_MODULES[module];
  const exported = source.imported === "*" || source.imported === "default" ? memberName(node.callee) ?? source.imported : source.imported;
  if (random === "any" || (random && random.has(exported))) return timeValue(evaluator, node, "instant", "text");
  if (NOW_FACTORIES.has(module) && source.imported !== "*") {
    return node.arguments.length === 0 ? timeValue(evaluator, node, "instant", "date-object") : null;
  }
  if (module === "luxon" && ["now", "local", "utc"].includes(memberName(node.callee) ?? "") && node.arguments.length === 0) {
    return timeValue(evaluator, node, "instant", "date-object");
  }
  if (module === "date-fns" || module.startsWith("date-fns/")) return dateFnsCall(evaluator, node, exported, env);
  return null;
}

function dateFnsCall(evaluator: Evaluator, node: TSESTree.CallExpression, name: string, env: Env): OpaqueValue | null {
  const [date, format] = node.arguments.map((argument) => evaluator.evaluate(argument, env));
  if (!date || !isNowValue(date)) return null;
  if (name === "format" || name === "lightFormat") return timeValue(evaluator, node, unicodeFormatGrain(format ? knownText(format) : null), "text");
  if (name.startsWith("formatISO") && name !== "formatISO9075") return timeValue(evaluator, node, "instant", "iso-string");
  if (name.startsWith("format")) return timeValue(evaluator, node, "instant", "text");
  return null;
}

/** A method called on the current time: a `Date`, a moment, an ISO string. */
function timeMethod(evaluator: Evaluator, node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, env: Env): OpaqueValue | null {
  const method = evaluator.memberKey(callee, env);
  if (method === null) return null;
  if (method === "format" && isIntlDateTimeFormat(evaluator, callee.object)) return intlFormat(evaluator, node, callee.object, env);
  const receiver = evaluator.evaluate(callee.object, env);
  if (receiver.kind !== "opaque" || !receiver.time) return null;
  const { grain, format } = receiver.time;
  const args = node.arguments.map((argument) => evaluator.evaluate(argument, env));
  const firstText = args[0] ? knownText(args[0]) : null;
  if (format === "iso-string") {
    if (["slice", "substring", "substr"].includes(method) && firstText === "0") {
      const end = args[1] ? Number(knownText(args[1])) : Number.NaN;
      return timeValue(evaluator, node, end <= 10 ? "day" : grain, "text");
    }
    if (method === "split" && firstText === "T") return timeValue(evaluator, node, grain, "iso-parts");
    return null;
  }
  if (format !== "date-object") return null;
  const dateGrain = DATE_METHOD_GRAIN.get(method);
  if (dateGrain) {
    const rounding = roundingOf(node, callee, receiver, method);
    if (method.startsWith("toLocale")) {
      const options = optionNames(node.arguments[1]);
      return timeValue(evaluator, node, coarsest(grain, intlOptionsGrain(options, dateGrain)), "text", rounding);
    }
    return timeValue(evaluator, node, coarsest(grain, dateGrain), method === "toISOString" || method === "toJSON" ? "iso-string" : "text", rounding);
  }
  if (method === "format") return timeValue(evaluator, node, coarsest(grain, momentFormatGrain(firstText)), "text");
  if (method === "toFormat") return timeValue(evaluator, node, coarsest(grain, unicodeFormatGrain(firstText)), "text");
  if (MOMENT_INSTANT_METHODS.has(method)) return timeValue(evaluator, node, grain, method === "toISO" || method === "toISOString" ? "iso-string" : "text");
  if (MOMENT_DAY_METHODS.has(method)) return timeValue(evaluator, node, "day", "text");
  if (method === "startOf") return timeValue(evaluator, node, firstText && firstText !== "hour" && firstText !== "minute" && firstText !== "second" ? "day" : grain, "date-object");
  if (DATE_OBJECT_METHODS.has(method)) return timeValue(evaluator, node, grain, "date-object");
  return null;
}

/**
 * How a method of the current `Date` can show only the date (`DateRounding`). Only when the `Date`
 * is made in the same function as the call: a helper's parameter may be given a `Date` by one
 * caller and anything else by another, and the edit would break those.
 */
function roundingOf(node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, receiver: OpaqueValue, method: string): DateRounding | undefined {
  if (callee.computed || receiver.time?.rounding !== "date" || enclosingFunction(receiver.node) !== enclosingFunction(node)) return undefined;
  if (method === "toISOString") return "iso-date";
  if (method === "toString") return "date-string";
  if (method === "toLocaleString" && picksNoTimeField(node.arguments[1])) return "locale-date";
  return undefined;
}

/**
 * `toLocaleDateString` adds the date fields, but still shows an hour or minute the options ask for
 * (and throws on `timeStyle`): only options written out without any of them can switch to it.
 */
function picksNoTimeField(options: TSESTree.Node | undefined): boolean {
  if (!options) return true;
  const names = optionNames(options);
  return options.type === "ObjectExpression" && names?.length === options.properties.length && intlOptionsGrain(names, "day") === "day";
}

/** `new Intl.DateTimeFormat(locale, options).format(date)`; no options show the date only. */
function intlFormat(evaluator: Evaluator, node: TSESTree.CallExpression, formatter: TSESTree.Node, env: Env): OpaqueValue | null {
  const argument = node.arguments[0];
  const date = argument ? evaluator.evaluate(argument, env) : null;
  if (date && !isNowValue(date)) return null;
  const options = formatter.type === "CallExpression" || formatter.type === "NewExpression" ? optionNames(formatter.arguments[1]) : null;
  return timeValue(evaluator, node, intlOptionsGrain(options, "day"), "text");
}

function isIntlDateTimeFormat(evaluator: Evaluator, node: TSESTree.Node): boolean {
  if (node.type !== "CallExpression" && node.type !== "NewExpression") return false;
  const path = memberPath(node.callee);
  return path === "Intl.DateTimeFormat" && isGlobalRoot(evaluator, node.callee);
}

function timeValue(evaluator: Evaluator, node: TSESTree.Node, grain: TimeGrain, format: TimeFormat, rounding?: DateRounding): OpaqueValue {
  const code = `\`${evaluator.snippet(node)}\` at ${at(node)}`;
  const time = { grain, format, ...(rounding && { rounding }) };
  return grain === "instant"
    ? { kind: "opaque", stability: "volatile", reason: code, node, time }
    : { kind: "opaque", stability: "dynamic", reason: `${code} (changes once a day)`, node, time };
}

function isNowValue(value: Value): boolean {
  return value.kind === "opaque" && value.time !== undefined;
}

function coarsest(a: TimeGrain, b: TimeGrain): TimeGrain {
  return a === "day" || b === "day" ? "day" : "instant";
}

/** The property names of an options object literal, null when there is no literal. */
function optionNames(node: TSESTree.Node | undefined): string[] | null {
  if (node?.type !== "ObjectExpression") return null;
  return node.properties.flatMap((property) =>
    property.type === "Property" && !property.computed && property.key.type === "Identifier" ? [property.key.name] : [],
  );
}


function memberName(node: TSESTree.Node): string | null {
  return node.type === "MemberExpression" && !node.computed && node.property.type === "Identifier" ? node.property.name : null;
}

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | null {
  let current = node;
  while (current.type === "MemberExpression") current = current.object;
  return current.type === "Identifier" ? current : null;
}

/** True when the callee's root name is the global, not a local variable of that name. */
function isGlobalRoot(evaluator: Evaluator, callee: TSESTree.Node): boolean {
  const root = rootIdentifier(callee);
  if (!root) return false;
  const variable = evaluator.variableOf(root);
  return !variable || (root.name === "crypto" && importOf(variable) !== null && moduleName(importOf(variable)!) === "crypto");
}

/** The import a callee comes from: `v4()`, `uuid.v4()`, `moment()`, `DateTime.now()`. */
function importedCallee(evaluator: Evaluator, callee: TSESTree.Node): ImportSource | null {
  const root = rootIdentifier(callee);
  if (!root) return null;
  if (callee !== root && (callee.type !== "MemberExpression" || callee.object !== root)) return null;
  const variable = evaluator.variableOf(root);
  return variable ? importOf(variable) : null;
}
