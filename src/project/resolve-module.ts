import path from "node:path";

/** How `import "@app/prompts"` maps to files: a tsconfig's `baseUrl` and `paths`. */
export interface PathMapping {
  baseUrl: string;
  paths: Record<string, string[]>;
}

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/** TypeScript's ESM convention: `import "./prompts.js"` names the file `prompts.ts`. */
const TS_FOR_JS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

/**
 * The source file a module specifier names, as TypeScript and bundlers resolve it: relative
 * paths (with `.js` mapped to `.ts`, extensionless, `index` files) and tsconfig `paths`. Packages
 * in node_modules are not followed: their prompts are not the project's.
 */
export function resolveModule(fromFile: string, specifier: string, exists: (file: string) => boolean, mapping: PathMapping | null): string | null {
  if (specifier.startsWith(".") || path.isAbsolute(specifier)) {
    return firstExisting(path.resolve(path.dirname(fromFile), specifier), exists);
  }
  if (!mapping) return null;
  for (const [pattern, targets] of Object.entries(mapping.paths)) {
    const star = pattern.indexOf("*");
    const matched =
      star === -1 ? (pattern === specifier ? "" : null) : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)) ? specifier.slice(star, specifier.length - (pattern.length - star - 1)) : null;
    if (matched === null) continue;
    for (const target of targets) {
      const found = firstExisting(path.resolve(mapping.baseUrl, target.replace("*", matched)), exists);
      if (found) return found;
    }
  }
  return null;
}

function firstExisting(base: string, exists: (file: string) => boolean): string | null {
  const extension = path.extname(base);
  const candidates = [
    ...(TS_FOR_JS[extension] ?? []).map((replacement) => base.slice(0, -extension.length) + replacement),
    base,
    ...SOURCE_EXTENSIONS.map((added) => base + added),
    ...SOURCE_EXTENSIONS.map((added) => path.join(base, `index${added}`)),
  ];
  return candidates.find((candidate) => SOURCE_EXTENSIONS.includes(path.extname(candidate)) && exists(candidate)) ?? null;
}
