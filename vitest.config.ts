import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup-ranks.ts"],
    // The CLI and ESLint integration tests spawn processes and load the tokenizer.
    testTimeout: 60_000,
    pool: "forks",
  },
});
