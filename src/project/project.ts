import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { Evaluator, type EvaluatorOptions, type FileAccess, type ForeignDeclaration, type ImportResolver, type ModuleCode } from "../eval/evaluator.js";
import type { ImportSource } from "../eval/imports.js";
import { lazyEntry, opaque, type FunctionValue, type PropertyEntry, type Value } from "../eval/values.js";
import { parseFile, stripBom } from "../parse.js";
import { relocate } from "./relocate.js";
import { loadPathMapping } from "./tsconfig.js";
import { resolveModule, type PathMapping } from "./resolve-module.js";
import { findWorkspacePackages, type WorkspacePackages } from "./workspaces.js";

/** File access for a project; the CLI and the ESLint adapter use the file system. */
export interface ProjectHost {
  cwd: string;
  exists(file: string): boolean;
  /** The text of a file, or null when it is missing, unreadable or over the size limit. */
  readText(file: string): string | null;
}

/** The file an import names, or null when it is outside the project (a package) or missing. */
export type ModuleLocator = (fromFile: string, specifier: string) => string | null;

interface ModuleState {
  evaluator: Evaluator;
  program: TSESTree.Program;
  /** Path shown in reasons, relative to the working directory. */
  label: string;
}

const MAX_FILE_BYTES = 1024 * 1024;
/** Import chains deeper than this are not followed (and cycles never are). */
const MAX_CHAIN = 32;

export function fileSystemHost(cwd: string): ProjectHost {
  return {
    cwd,
    exists: (file) => {
      try {
        return statSync(file).isFile();
      } catch {
        return false;
      }
    },
    readText: (file) => {
      try {
        // Only regular files: a FIFO or a device named by a literal path would block the read.
        const stats = statSync(file);
        return !stats.isFile() || stats.size > MAX_FILE_BYTES ? null : readFileSync(file, "utf8");
      } catch {
        return null;
      }
    },
  };
}

/**
 * The modules of one project, parsed and evaluated on demand and at most once, so that a prompt
 * imported from another file, or read from a `.md` file, is known where it is sent.
 */
export class Project {
  private readonly modules = new Map<string, ModuleState | null>();
  private readonly active = new Set<string>();
  private readonly mappings = new Map<string, PathMapping | null>();
  private readonly workspaces = new Map<string, WorkspacePackages>();
  readonly locate: ModuleLocator;
  /**
   * Counts imports followed and files read: an analysis that changed it depends on other files,
   * so a cache keyed by the file's own text must not keep its result.
   */
  followed = 0;

  constructor(
    readonly host: ProjectHost,
    private readonly settings: Pick<EvaluatorOptions, "volatileFunctions"> = {},
    locate?: ModuleLocator,
  ) {
    this.locate =
      locate ??
      ((fromFile, specifier) =>
        resolveModule(fromFile, specifier, host.exists, this.mappingFor(path.dirname(fromFile))) ?? this.workspacesFor(path.dirname(fromFile)).get(specifier) ?? null);
  }

  /** Evaluator options for a file of this project: its imports and file reads are followed. */
  optionsFor(file: string): EvaluatorOptions {
    const files: FileAccess = {
      path: file,
      cwd: this.host.cwd,
      readText: (target) => {
        this.followed++;
        return this.host.readText(target);
      },
    };
    const resolver: ImportResolver = {
      importedValue: (source, use) => this.importedValue(file, source, use),
      importedDeclaration: (source, use) => this.importedDeclaration(file, source, use),
    };
    return { ...this.settings, files, resolver };
  }

  importedValue(fromFile: string, source: ImportSource, use: TSESTree.Node): Value | null {
    const target = this.locate(fromFile, source.module);
    if (!target) return null;
    this.followed++;
    if (source.imported === "*") return this.namespace(target, use);
    return this.exportedValue(target, source.imported, use);
  }

  private exportedValue(file: string, name: string, use: TSESTree.Node): Value | null {
    const key = `${file}#${name}`;
    if (this.active.has(key) || this.active.size >= MAX_CHAIN) return null;
    const module = this.module(file);
    if (!module) return null;
    this.active.add(key);
    try {
      const value = this.findExport(file, module, name, use);
      return value ? this.placed(value, module, use) : null;
    } finally {
      this.active.delete(key);
    }
  }

  private findExport(file: string, module: ModuleState, name: string, use: TSESTree.Node): Value | null {
    for (const entry of exportEntries(module.program, name)) {
      let value: Value | null;
      switch (entry.kind) {
        case "binding":
          value = module.evaluator.exported(entry.local);
          break;
        case "function":
          value = { kind: "function", node: entry.node };
          break;
        case "expression":
          value = module.evaluator.evaluate(entry.node);
          break;
        case "reexport": {
          const target = this.locate(file, entry.module);
          value = target ? this.exportedValue(target, entry.name, use) : null;
          break;
        }
      }
      if (value || entry.final) return value;
    }
    return null;
  }

  /**
   * Where an imported binding is declared in its module, for reading the code itself (an SDK
   * client's construction); values computed there are relocated to `use` like imported values.
   */
  importedDeclaration(fromFile: string, source: ImportSource, use: TSESTree.Node): ForeignDeclaration | null {
    if (source.imported === "*") return null;
    const target = this.locate(fromFile, source.module);
    if (!target) return null;
    this.followed++;
    return this.exportedDeclaration(target, source.imported, use);
  }

  private exportedDeclaration(file: string, name: string, use: TSESTree.Node): ForeignDeclaration | null {
    const key = `declaration:${file}#${name}`;
    if (this.active.has(key) || this.active.size >= MAX_CHAIN) return null;
    const module = this.module(file);
    if (!module) return null;
    this.active.add(key);
    try {
      const code: ModuleCode = { evaluator: module.evaluator, place: (value) => relocate(value, use, module.label), placeNode: () => use };
      for (const entry of exportEntries(module.program, name)) {
        let found: ForeignDeclaration | null = null;
        if (entry.kind === "binding") {
          const declared = module.evaluator.bindings.moduleVariables.get(entry.local)?.defs[0]?.name;
          found = declared ? { node: declared, code } : null;
        } else if (entry.kind === "reexport") {
          const target = this.locate(file, entry.module);
          const inner = target ? this.exportedDeclaration(target, entry.name, use) : null;
          // Through a re-export the chain names each module, as for values (see `placed`).
          found = inner ? { node: inner.node, code: { ...inner.code, place: (value) => code.place(inner.code.place(value)), placeNode: () => use } } : null;
        } else {
          found = { node: entry.node, code };
        }
        if (found || entry.final) return found;
      }
      return null;
    } finally {
      this.active.delete(key);
    }
  }

  /** `import * as prompts from "./prompts"`: an object of the module's exports, read lazily. */
  private namespace(file: string, use: TSESTree.Node): Value | null {
    const module = this.module(file);
    if (!module) return null;
    const properties = new Map<string, PropertyEntry>();
    for (const name of exportNames(module.program)) {
      properties.set(name, lazyEntry(use, () => this.exportedValue(file, name, use) ?? opaque("unknown", `\`${name}\` of ${module.label}`, use)));
    }
    return { kind: "object", properties, openSpread: null, node: use };
  }

  /** A value of another module as the importer sees it; its functions are evaluated at home. */
  private placed(value: Value, module: ModuleState, use: TSESTree.Node): Value {
    if (value.kind !== "function") return relocate(value, use, module.label);
    const fn: FunctionValue = {
      kind: "function",
      node: value.node,
      owner: {
        invoke: (node, args, call) => relocate(module.evaluator.invoke(node, args, call, new Map()), call, module.label),
        home: (placement) => ({ evaluator: module.evaluator, place: (result) => relocate(result, placement, module.label), placeNode: () => placement }),
      },
    };
    return value.owner ? value : fn;
  }

  private module(file: string): ModuleState | null {
    if (this.modules.has(file)) return this.modules.get(file)!;
    let state: ModuleState | null = null;
    const text = this.host.readText(file);
    if (text !== null) {
      try {
        const source = stripBom(text);
        const { program, scopeManager } = parseFile(source, file);
        const label = path.relative(this.host.cwd, file).split(path.sep).join("/");
        state = { evaluator: new Evaluator(source, scopeManager, this.optionsFor(file)), program, label };
      } catch {
        // A module that does not parse is reported when it is analyzed itself; here it is unknown.
        state = null;
      }
    }
    this.modules.set(file, state);
    return state;
  }

  private workspacesFor(directory: string): WorkspacePackages {
    if (!this.workspaces.has(directory)) this.workspaces.set(directory, findWorkspacePackages(directory, this.host.readText, this.host.exists));
    return this.workspaces.get(directory)!;
  }

  private mappingFor(directory: string): PathMapping | null {
    if (!this.mappings.has(directory)) this.mappings.set(directory, loadPathMapping(directory, this.host.exists, this.host.readText));
    return this.mappings.get(directory)!;
  }
}

/**
 * What a module exports under `name`, in the order its statements say it: a module-level binding,
 * a function declaration, a default-exported expression, or another module's export. `final`
 * entries decide the answer; an `export *` is only tried, and the search goes on when it has none.
 */
type ExportEntry = { final: boolean } & (
  | { kind: "binding"; local: string }
  | { kind: "function"; node: TSESTree.FunctionDeclaration }
  | { kind: "expression"; node: TSESTree.Expression }
  | { kind: "reexport"; module: string; name: string }
);

function exportEntries(program: TSESTree.Program, name: string): ExportEntry[] {
  const entries: ExportEntry[] = [];
  for (const statement of program.body) {
    if (statement.type === "ExportNamedDeclaration") {
      const declaration = statement.declaration;
      if (declaration?.type === "VariableDeclaration" && declaration.declarations.some((item) => item.id.type === "Identifier" && item.id.name === name)) {
        return [...entries, { final: true, kind: "binding", local: name }];
      }
      if (declaration?.type === "FunctionDeclaration" && declaration.id?.name === name) return [...entries, { final: true, kind: "function", node: declaration }];
      for (const specifier of statement.specifiers) {
        if (exportName(specifier.exported) !== name) continue;
        const local = exportName(specifier.local);
        return [...entries, statement.source ? { final: true, kind: "reexport", module: statement.source.value, name: local } : { final: true, kind: "binding", local }];
      }
    }
    if (statement.type === "ExportDefaultDeclaration" && name === "default") {
      const declaration = statement.declaration;
      if (declaration.type === "FunctionDeclaration") return [...entries, { final: true, kind: "function", node: declaration }];
      if (declaration.type === "Identifier") return [...entries, { final: true, kind: "binding", local: declaration.name }];
      // A class or an interface: nothing the analyzer reads.
      if (declaration.type.endsWith("Declaration")) return entries;
      return [...entries, { final: true, kind: "expression", node: declaration as TSESTree.Expression }];
    }
    if (statement.type === "ExportAllDeclaration" && statement.exported === null) {
      entries.push({ final: false, kind: "reexport", module: statement.source.value, name });
    }
  }
  return entries;
}

function exportName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === "Identifier" ? node.name : node.value;
}

function exportNames(program: TSESTree.Program): string[] {
  const names: string[] = [];
  for (const statement of program.body) {
    if (statement.type !== "ExportNamedDeclaration") continue;
    const declaration = statement.declaration;
    if (declaration?.type === "VariableDeclaration") {
      for (const item of declaration.declarations) if (item.id.type === "Identifier") names.push(item.id.name);
    } else if (declaration && "id" in declaration && declaration.id?.type === "Identifier") {
      names.push(declaration.id.name);
    }
    for (const specifier of statement.specifiers) names.push(exportName(specifier.exported));
  }
  return names;
}

