import eslintPlugin from "eslint-plugin-eslint-plugin";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  // fixtures/ holds sample apps with intentional prompt-caching mistakes, not project code.
  globalIgnores(["dist/", "coverage/", "fixtures/"]),
  { files: ["**/*.ts"], extends: [tseslint.configs.recommended] },
  { files: ["rules/**/*.ts"], extends: [eslintPlugin.configs["rules-recommended"]] },
  { files: ["test/rules/**/*.ts"], extends: [eslintPlugin.configs["tests-recommended"]] },
);
