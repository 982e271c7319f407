import type { TSESTree } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";
import { DiscoveryNodes } from "../../src/analysis.js";
import type { Check } from "../../src/checks/types.js";
import { parseFile } from "../../src/parse.js";
import { findingsListener } from "../../rules/utils/analysis.js";
import { createRule } from "../../rules/utils/create-rule.js";
import { rules } from "../../index.js";
import { ruleTester } from "./rule-tester.js";

/*
 * The adapter turns an engine finding's suggestions into ESLint's, and drops them when the finding
 * is about a value another module made: its edit ranges are offsets into that module's text.
 */

const code = `import OpenAI from "openai";\nconst client = new OpenAI();\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: "Be brief." }] });`;

/**
 * A check that reports the `model` property with a suggestion to change it: from this file, as if
 * from another module (`chained`), or a node of another tree without a chain (`other-tree`).
 */
function modelCheck(origin: "here" | "chained" | "other-tree"): Check<Record<string, never>> {
  return {
    name: "test-check",
    description: "Disallow nothing, for the adapter's tests",
    config: "strict",
    messages: { finding: "A finding.", suggestModel: "Use `{{model}}`." },
    schema: [],
    defaultOptions: {},
    run({ analysis }) {
      const program = origin === "other-tree" ? (parseFile(code, "other.ts").program as unknown as TSESTree.Program) : analysis.program;
      const call = (program.body[2] as TSESTree.ExpressionStatement).expression as TSESTree.CallExpression;
      const model = (call.arguments[0] as TSESTree.ObjectExpression).properties[0]!;
      return [
        {
          rule: "test-check",
          messageId: "finding",
          node: model,
          data: {},
          site: null,
          ...(origin === "chained" && { chain: [{ file: "src/lib/models.ts", line: 1 }] }),
          suggestions: [{ messageId: "suggestModel", data: { model: "gpt-4.1" }, edits: [{ range: [model.range[1] - '"gpt-4o"'.length, model.range[1]], text: '"gpt-4.1"' }] }],
        },
      ];
    },
  };
}

function ruleOf(check: Check<Record<string, never>>) {
  return createRule({
    name: "report-findings",
    meta: { type: "problem", docs: { description: check.description }, hasSuggestions: true, messages: check.messages, schema: [] },
    defaultOptions: [],
    create(context) {
      return findingsListener(context, check, {});
    },
  });
}

ruleTester.run("reportFindings in this file", ruleOf(modelCheck("here")), {
  valid: [],
  invalid: [
    {
      code,
      errors: [{ messageId: "finding", suggestions: [{ messageId: "suggestModel", data: { model: "gpt-4.1" }, output: code.replace('"gpt-4o"', '"gpt-4.1"') }] }],
    },
  ],
});

ruleTester.run("reportFindings on a value from another module", ruleOf(modelCheck("chained")), {
  valid: [],
  invalid: [{ code, errors: [{ messageId: "finding", suggestions: [] }] }],
});

// Even without a chain, a node that is not in the linted tree gets no suggestion: its ranges are another text's.
ruleTester.run("reportFindings on a node of another tree", ruleOf(modelCheck("other-tree")), {
  valid: [],
  invalid: [{ code, errors: [{ messageId: "finding", suggestions: [] }] }],
});

/*
 * The listeners every rule hands ESLint: none for a file with no sign of a request, and for one
 * with a sign, node collectors on the first rule only (ESLint's traversal then feeds the analysis)
 * and a report at `Program:exit` on each.
 */
describe("findingsListener", () => {
  const contextFor = (text: string) => {
    const sourceCode = { ast: { type: "Program", body: [] }, text, scopeManager: null };
    return { sourceCode, settings: {} } as unknown as Parameters<typeof findingsListener>[0];
  };
  const check = modelCheck("here");

  // The text test is asked in `createRule`, before a rule's `create` reaches `findingsListener`.
  it("gives ESLint nothing to call on a file with no sign of a request", () => {
    const context = { ...contextFor("export const add = (a: number, b: number) => a + b;"), options: [] } as never;
    expect(rules["no-volatile-prefix"].create(context)).toEqual({});
  });

  it("collects the discovery nodes through the first rule of a file only", () => {
    const context = contextFor(code);
    const first = findingsListener(context, check, {});
    const second = findingsListener(context, check, {});
    expect(Object.keys(first).sort()).toEqual([...DiscoveryNodes.TYPES, "Program:exit"].sort());
    expect(Object.keys(second)).toEqual(["Program:exit"]);
    // Another file (another AST) starts over.
    expect(Object.keys(findingsListener(contextFor(code), check, {}))).toContain("CallExpression");
  });
});
