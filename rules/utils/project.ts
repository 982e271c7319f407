import { createRequire } from "node:module";
import path from "node:path";
import type { ParserServices, TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { EvaluatorOptions } from "../../src/eval/evaluator.js";
import { staticString } from "../../src/eval/values.js";
import { fileSystemHost, Project } from "../../src/project/project.js";
import type { PromptCacheSettings } from "../../src/settings.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type TypeScript = typeof import("typescript");

/** One project per TypeScript program: modules parsed for one file are reused by the next. */
const projects = new WeakMap<object, Project>();

/**
 * What the evaluator may look at beyond the file being linted. Without type information ESLint
 * sees one file: imports stay unknown (never a false positive), and only prompt files named by a
 * literal path are read. With typescript-eslint's type information, imports are followed through
 * the program's own module resolution, and an import the engine cannot read (a `.d.ts`, a
 * package) still counts when the checker gives it a string literal type.
 */
export function evaluatorOptions(context: Context, settings: PromptCacheSettings): EvaluatorOptions {
  const file = path.resolve(context.cwd, context.filename);
  const services = context.sourceCode.parserServices as Partial<ParserServices> | undefined;
  const program = services?.program;
  if (!program || !services.esTreeNodeToTSNodeMap) {
    const host = fileSystemHost(context.cwd);
    return { ...settings, files: { path: file, cwd: context.cwd, readText: host.readText } };
  }
  let project = projects.get(program);
  if (!project) {
    const ts = createRequire(import.meta.url)("typescript") as TypeScript;
    project = new Project(fileSystemHost(context.cwd), settings, (fromFile, specifier) => {
      const resolved = ts.resolveModuleName(specifier, fromFile, program.getCompilerOptions(), ts.sys).resolvedModule;
      return resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.endsWith(".d.ts") ? resolved.resolvedFileName : null;
    });
    projects.set(program, project);
  }
  const options = project.optionsFor(file);
  const checker = program.getTypeChecker();
  const nodeMap = services.esTreeNodeToTSNodeMap;
  return {
    ...options,
    resolver: {
      importedDeclaration: options.resolver!.importedDeclaration,
      importedValue: (source, use) => {
        const value = options.resolver!.importedValue(source, use);
        if (value) return value;
        const type = checker.getTypeAtLocation(nodeMap.get(use as TSESTree.Node));
        return type.isStringLiteral() ? { kind: "string", pieces: staticString(type.value, use).pieces.map((piece) => ({ ...piece, reason: `the literal type of \`${source.imported}\`` })) } : null;
      },
    },
  };
}
