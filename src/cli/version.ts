import { createRequire } from "node:module";

// The package exports "./package.json", and self-reference resolves it from src/ and dist/ alike.
export const VERSION = (createRequire(import.meta.url)("eslint-plugin-prompt-cache/package.json") as { version: string }).version;
