import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ESLint, type Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin, { rules, type PromptCacheConfigName } from "../index.js";
import { createRule } from "../rules/utils/create-rule.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const RULES = `You are the support assistant of Acme Cloud. Answer questions about billing, deployments
and account settings. Cite the relevant help-center article for every answer. Never reveal
internal ticket numbers, and escalate to a human when the customer mentions legal action.`;

/** A volatile timestamp at the start of an OpenAI system prompt (earendil-works/pi#1873). */
function chatSource(typed: boolean, systemContent: string, userContent: string): string {
  const params = typed ? "history: OpenAI.ChatCompletionMessageParam[], q: string" : "history, q";
  return `import OpenAI from "openai";

const client = new OpenAI();
const LONG_STATIC_RULES = \`${RULES}\`;

export async function answer(${params}) {
  const completion = await client.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: ${systemContent} },
      ...history,
      { role: "user", content: ${userContent} },
    ],
  });
  return completion.choices[0].message.content;
}
`;
}

const VOLATILE_SYSTEM = "`Now: ${new Date().toISOString()}\\n${LONG_STATIC_RULES}`";

const parsers = [
  { name: "@typescript-eslint/parser", filePath: "src/answer.ts", typed: true },
  { name: "espree (plain JS)", filePath: "src/answer.js", typed: false },
];

function lint(code: string, filePath: string): Promise<ESLint.LintResult[]> {
  const overrideConfig: Linter.Config[] = [
    { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
    plugin.configs.recommended,
  ];
  return new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig }).lintText(code, { filePath });
}

describe.each(parsers)("configs.recommended with $name", ({ filePath, typed }) => {
  it("reports a timestamp at the start of the system prompt", async () => {
    const source = chatSource(typed, VOLATILE_SYSTEM, "q");
    const systemLine = source.split("\n").findIndex((line) => line.includes('role: "system"')) + 1;
    const [result] = await lint(source, filePath);
    expect(result?.messages.filter((message) => message.fatal === true)).toEqual([]);
    expect(result?.messages).toContainEqual(
      expect.objectContaining({ ruleId: "prompt-cache/no-volatile-prefix", severity: 1, line: systemLine }),
    );
  });

  it("accepts the timestamp in the final user message", async () => {
    const [result] = await lint(
      chatSource(typed, "LONG_STATIC_RULES", "`${q}\\n\\nNow: ${new Date().toISOString()}`"),
      filePath,
    );
    expect(result?.messages).toEqual([]);
  });
});

describe("configs", () => {
  const names: PromptCacheConfigName[] = ["recommended", "strict", "all"];
  const ids = (name: PromptCacheConfigName): string[] => Object.keys(plugin.configs[name].rules).sort();
  const expected = (inConfig: (docs: { recommended?: boolean; strict?: boolean }) => boolean): string[] =>
    Object.entries(rules)
      .filter(([, rule]) => inConfig(rule.meta.docs ?? {}))
      .map(([id]) => `prompt-cache/${id}`)
      .sort();

  it.each(names)("%s is a flat config that carries the plugin", (name) => {
    const config = plugin.configs[name];
    expect(Object.keys(config).sort()).toEqual(["name", "plugins", "rules"]);
    expect(config.name).toBe(`prompt-cache/${name}`);
    expect(config.plugins["prompt-cache"]).toBe(plugin);
    expect(Object.values(config.rules).every((severity) => severity === "warn")).toBe(true);
  });

  it("derive from meta.docs: recommended ⊆ strict ⊆ all", () => {
    expect(ids("recommended")).toEqual(expected((docs) => docs.recommended === true));
    expect(ids("strict")).toEqual(expected((docs) => docs.recommended === true || docs.strict === true));
    expect(ids("all")).toEqual(expected(() => true));
    expect(ids("recommended")).not.toEqual([]);
  });

  it("the plugin exposes the rules under their ids", () => {
    expect(plugin).toHaveProperty("rules", rules);
  });
});

describe("cost per file", () => {
  /** The least of a rule context `create` reads; reading `options` throws, to show they were merged. */
  function contextOf(text: string): never {
    const context = {
      sourceCode: { ast: { type: "Program", body: [] }, text },
      settings: {},
      get options(): never {
        throw new Error("the options were read");
      },
    };
    return context as never;
  }

  // RuleCreator clones the default options on every `create`: a third of the plugin's time in
  // ESLint on a real corpus until the rules skipped it for files with no sign of a request.
  it.each(Object.keys(rules))("%s neither merges its options nor listens on a file with no sign of a request", (id) => {
    const rule = rules[id as keyof typeof rules];
    expect(rule.create(contextOf("export const answer = 42;\n"))).toEqual({});
    expect(() => rule.create(contextOf('import OpenAI from "openai";\n'))).toThrow("the options were read");
  });
});

describe("createRule", () => {
  it("merges the default options once per configuration, as RuleCreator would for each file", () => {
    const seen: unknown[] = [];
    const rule = createRule<[{ limit?: number | undefined }], "m">({
      name: "probe",
      meta: { type: "problem", docs: { description: "Probe." }, messages: { m: "m." }, schema: [{ type: "object" }] },
      defaultOptions: [{ limit: 1 }],
      create(_, [options]) {
        seen.push(options);
        return {};
      },
    });
    const contextWith = (options: unknown[]): never =>
      ({ sourceCode: { ast: { type: "Program", body: [] }, text: 'import OpenAI from "openai";\n' }, settings: {}, options }) as never;
    for (const options of [[], [{}], [{ limit: undefined }], [{ limit: 2 }], []]) rule.create(contextWith(options));
    expect(seen).toEqual([{ limit: 1 }, { limit: 1 }, { limit: undefined }, { limit: 2 }, { limit: 1 }]);
    expect(seen[4]).toBe(seen[0]);
    expect("limit" in (seen[2] as object)).toBe(true);
  });
});

describe("import cost", () => {
  // A fresh process: in this one, the lint tests above may already have loaded a tokenizer.
  it("importing the plugin loads no tokenizer ranks", () => {
    const encoder = pathToFileURL(path.join(ROOT, "src/tokens/encoder.ts")).href;
    const entry = pathToFileURL(path.join(ROOT, "index.ts")).href;
    const script = `
      const { isEncoderLoaded } = await import(${JSON.stringify(encoder)});
      await import(${JSON.stringify(entry)});
      console.log(JSON.stringify(["o200k_base", "cl100k_base"].filter((name) => isEncoderLoaded(name))));
    `;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual([]);
  });
});
