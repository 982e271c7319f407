import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { Evaluator, type EvaluatorOptions, type FileAccess, type ImportResolver } from "../eval/evaluator.js";
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
    const resolver: ImportResolver = { importedValue: (source, use) => this.importedValue(file, source, use) };
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
    for (const statement of module.program.body) {
      if (statement.type === "ExportNamedDeclaration") {
        const declaration = statement.declaration;
        if (declaration?.type === "VariableDeclaration" && declaration.declarations.some((item) => item.id.type === "Identifier" && item.id.name === name)) {
          return module.evaluator.exported(name);
        }
        if (declaration?.type === "FunctionDeclaration" && declaration.id?.name === name) return { kind: "function", node: declaration };
        for (const specifier of statement.specifiers) {
          if (exportName(specifier.exported) !== name) continue;
          const local = exportName(specifier.local);
          if (!statement.source) return module.evaluator.exported(local);
          const target = this.locate(file, statement.source.value);
          return target ? this.exportedValue(target, local, use) : null;
        }
      }
      if (statement.type === "ExportDefaultDeclaration" && name === "default") {
        const declaration = statement.declaration;
        if (declaration.type === "FunctionDeclaration") return { kind: "function", node: declaration };
        if (declaration.type === "Identifier") return module.evaluator.exported(declaration.name);
        return declaration.type.endsWith("Declaration") ? null : module.evaluator.evaluate(declaration);
      }
      if (statement.type === "ExportAllDeclaration" && statement.exported === null) {
        const target = this.locate(file, statement.source.value);
        const value = target ? this.exportedValue(target, name, use) : null;
        if (value) return value;
      }
    }
    return null;
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
      owner: { invoke: (node, args, call) => relocate(module.evaluator.invoke(node, args, call, new Map()), call, module.label) },
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

