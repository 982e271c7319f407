import eslintPlugin from "eslint-plugin-eslint-plugin";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  // fixtures/ holds sample apps with intentional prompt-caching mistakes, not project code.
  globalIgnores(["dist/", "coverage/", "fixtures/"]),
  { files: ["**/*.ts"], extends: [tseslint.configs.recommended] },
  { files: ["rules/**/*.ts"], extends: [eslintPlugin.configs["rules-recommended"]] },
  {
    files: ["rules/**/*.ts"],
    // The rules report through reportFindings (rules/utils/analysis.ts), which passes the engine's
    // suggestions on, out of this rule's sight; test/meta.test.ts checks `hasSuggestions` instead.
    rules: { "eslint-plugin/require-meta-has-suggestions": "off" },
  },
  { files: ["test/rules/**/*.ts"], extends: [eslintPlugin.configs["tests-recommended"]] },
);
