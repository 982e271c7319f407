import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, BIN, childEnv, REPO_ROOT } from "./built.js";
import { makeTempTree, removeTempTree } from "./temp-tree.js";

// A real git repository with a real pre-commit hook that runs the built CLI: commits that add a
// timestamp to a system prompt are blocked, clean ones go through. Hermetic: no network, and
// HOME, the git identity and the hook tools all live in the temp directory.

const RULES = "You are the support assistant of Acme Cloud. Answer questions about billing, deployments and account settings, and escalate to a human when the customer mentions legal action.";

const chat = (system: string) => `import OpenAI from "openai";

const client = new OpenAI();
const RULES = ${JSON.stringify(RULES)};

export async function answer(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: ${system} },
      { role: "user", content: question },
    ],
  });
}
`;

const CLEAN = chat("RULES");
const TIMESTAMPED = chat("`Now: ${new Date().toISOString()}\\n${RULES}`");

/** A command in node_modules/.bin, as npm would link it (the repository's builds stand in for installed packages). */
function linkBin(project: string, name: string, script: string): void {
  const file = path.join(project, "node_modules/.bin", name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${script}" "$@"\n`, { mode: 0o755 });
}

describe("pre-commit hook", () => {
  let project = "";
  const env = () => childEnv({ HOME: path.join(project, ".home"), XDG_CONFIG_HOME: path.join(project, ".home/.config"), GIT_CONFIG_NOSYSTEM: "1" });
  const run = (command: string, ...args: string[]) => {
    const result = spawnSync(command, args, { cwd: project, env: env(), encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const git = (...args: string[]) => {
    const result = run("git", ...args);
    if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.output}`);
    return result.output;
  };
  const commit = (file: string, text: string, message: string) => {
    fs.writeFileSync(path.join(project, file), text);
    git("add", file);
    return run("git", "commit", "-q", "-m", message);
  };
  const commitCount = () => Number(git("rev-list", "--count", "HEAD").trim());

  beforeAll(assertBuilt);
  afterEach(() => removeTempTree(project));

  function initRepository(files: Record<string, string>): void {
    project = makeTempTree({ ".gitignore": "node_modules/\n.home/\n", ".home/.keep": "", "README.md": "# app\n", "src/index.ts": "export {};\n", ...files });
    git("init", "-q", "-b", "main");
    git("config", "user.name", "Test");
    git("config", "user.email", "test@example.com");
    git("add", "-A");
    git("commit", "-q", "--no-verify", "-m", "initial");
  }

  it("husky + lint-staged blocks a commit that adds a timestamp to a system prompt and allows a clean one", () => {
    initRepository({
      "package.json": JSON.stringify({ name: "app", private: true, "lint-staged": { "*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}": "prompt-cache analyze --fail-on warning" } }, null, 2),
      ".husky/pre-commit": "lint-staged\n",
    });
    linkBin(project, "prompt-cache", BIN);
    linkBin(project, "lint-staged", path.join(REPO_ROOT, "node_modules/lint-staged/bin/lint-staged.js"));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules/husky"), path.join(project, "node_modules/husky"), "dir");
    // What `npm install` runs through the "prepare": "husky" script.
    expect(run(process.execPath, "node_modules/husky/bin.js")).toEqual({ status: 0, output: "" });

    expect(commit("src/chat.ts", CLEAN, "add the support bot")).toMatchObject({ status: 0 });
    expect(commitCount()).toBe(2);

    const blocked = commit("src/chat.ts", TIMESTAMPED, "tell the model the time");
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain("prompt-cache/no-volatile-prefix");
    expect(blocked.output).toContain("husky - pre-commit script failed");
    expect(commitCount()).toBe(2);
    // lint-staged leaves the rejected change staged, for the author to fix.
    expect(git("diff", "--cached", "--name-only").trim()).toBe("src/chat.ts");
  });

  it("a hook running `prompt-cache analyze --staged` (as lefthook would) checks the staged text, not the working tree", () => {
    initRepository({ ".hooks/pre-commit": `#!/bin/sh\nexec "${process.execPath}" "${BIN}" analyze --staged --fail-on warning\n`, "src/chat.ts": CLEAN });
    fs.chmodSync(path.join(project, ".hooks/pre-commit"), 0o755);
    git("config", "core.hooksPath", ".hooks");

    fs.writeFileSync(path.join(project, "src/chat.ts"), TIMESTAMPED);
    git("add", "src/chat.ts");
    // The working tree is clean again, the index is not: the commit would record the timestamp.
    fs.writeFileSync(path.join(project, "src/chat.ts"), CLEAN);
    const blocked = run("git", "commit", "-q", "-m", "tell the model the time");
    expect(blocked.status).toBe(1);
    expect(blocked.output).toContain("prompt-cache/no-volatile-prefix");
    expect(commitCount()).toBe(1);
  });
});
