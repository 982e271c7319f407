import { describe, expect, it } from "vitest";
import { onlySite, pieceView } from "../helpers.js";

/** The pieces of the first segment of kind `kind` in a one-request snippet. */
function pieces(code: string, kind = "system") {
  const site = onlySite(code);
  const segment = site.segments.find((candidate) => candidate.kind === kind);
  if (!segment) throw new Error(`no ${kind} segment`);
  return pieceView(code, segment.pieces);
}

const chat = (system: string, prelude = "") => `
import OpenAI from "openai";
const client = new OpenAI();
${prelude}
export async function answer(question: string, history: Message[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "system", content: ${system} }, ...history, { role: "user", content: question }],
  });
}`;

describe("classification", () => {
  it("keeps static text and marks the current time volatile, with the reason", () => {
    const code = chat("`Now: ${new Date().toISOString()}\\nBe brief.`");
    const site = onlySite(code);
    const system = site.segments[0]!;
    expect(pieceView(code, system.pieces)).toEqual([
      ["static", "Now: "],
      ["volatile", "<new Date().toISOString()>"],
      ["static", "\nBe brief."],
    ]);
    expect(system.pieces[1]!.reason).toBe("`new Date().toISOString()` at line 8");
  });

  it("follows a local const to the time call and points at the placement", () => {
    const code = chat("`Now: ${now}\\nRules.`", "const handler = () => {};").replace(
      "return client",
      "const now = Date.now();\n  return client",
    );
    const site = onlySite(code);
    expect(pieceView(code, site.segments[0]!.pieces)).toEqual([
      ["static", "Now: "],
      ["volatile", "<now>"],
      ["static", "\nRules."],
    ]);
    expect(site.segments[0]!.pieces[1]!.reason).toMatch(/^`Date\.now\(\)` at line \d+$/);
  });

  it("treats a date-only value as dynamic, not volatile", () => {
    for (const expression of ["new Date().toDateString()", "new Date().toLocaleDateString()", "new Date().toISOString().slice(0, 10)", 'new Date().toISOString().split("T")[0]']) {
      const [, second] = pieces(chat(`\`Today is \${${expression}}.\``));
      expect(second?.[0], expression).toBe("dynamic");
    }
  });

  it("recognizes sub-day formatting by date libraries", () => {
    const cases: Array<[string, string, string]> = [
      ['import moment from "moment";', 'moment().format("LLLL")', "volatile"],
      ['import moment from "moment";', 'moment().format("YYYY-MM-DD")', "dynamic"],
      ['import dayjs from "dayjs";', "dayjs().format()", "volatile"],
      ['import { format } from "date-fns";', 'format(new Date(), "yyyy-MM-dd HH:mm")', "volatile"],
      ['import { format } from "date-fns";', 'format(new Date(), "EEEE, MMMM do")', "dynamic"],
      ["", 'new Date().toLocaleString("en-US", { dateStyle: "full" })', "dynamic"],
      ["", 'new Date().toLocaleString("en-US", { hour: "2-digit" })', "volatile"],
      ["", "new Date().toLocaleString()", "volatile"],
      ["", 'new Date().toLocaleTimeString("en-US", { timeZone: "America/New_York" })', "volatile"],
      ["", 'new Date().toLocaleDateString("en-US", { timeZone: "UTC" })', "dynamic"],
      ["", 'new Intl.DateTimeFormat("en-US", { hour: "numeric" }).format(new Date())', "volatile"],
      ["", "new Date().getTime()", "volatile"],
      ["", "performance.now()", "volatile"],
      ["", "Math.random()", "volatile"],
      ["", "crypto.randomUUID()", "volatile"],
      ['import { randomUUID } from "node:crypto";', "randomUUID()", "volatile"],
      ['import { v4 as uuidv4 } from "uuid";', "uuidv4()", "volatile"],
      ['import { nanoid } from "nanoid";', "nanoid()", "volatile"],
    ];
    for (const [prelude, expression, expected] of cases) {
      const code = chat(`\`Stamp: \${${expression}}. Rules follow.\``, prelude);
      expect(pieces(code)[1]?.[0], expression).toBe(expected);
    }
  });

  it("classifies process.env and module-level constants as deployment", () => {
    const code = chat("`${process.env.COMPANY} assistant, booted ${BOOTED_AT}. ${CONFIG.tone}`", 'const BOOTED_AT = new Date().toISOString();\nconst CONFIG = loadConfig();');
    expect(pieces(code).map(([stability]) => stability)).toEqual(["deployment", "static", "deployment", "static", "deployment"]);
  });

  it("classifies parameters as dynamic and imports as unknown", () => {
    const code = chat("`${BASE_PROMPT}\\nCustomer: ${question}`", 'import { BASE_PROMPT } from "./prompts";');
    expect(pieces(code)).toEqual([
      ["unknown", "<BASE_PROMPT>"],
      ["static", "\nCustomer: "],
      ["dynamic", "<question>"],
    ]);
  });

  it("treats a reassigned let as dynamic and an unchanged let as a const", () => {
    const reassigned = chat("`Mode: ${mode}. Rules.`").replace("return client", 'let mode = "a";\n  if (question) mode = "b";\n  return client');
    expect(pieces(reassigned)[1]).toEqual(["dynamic", "<mode>"]);
    const unchanged = chat("`Mode: ${mode}. Rules.`").replace("return client", 'let mode = "a";\n  return client');
    expect(pieces(unchanged)).toEqual([["static", "Mode: a. Rules."]]);
  });

  it("follows `x = x + ...` as it follows `+=`, and a text put in front (`x = y + x`) stays a reassignment", () => {
    const appended = chat("system").replace("return client", 'let system = "Rules:";\n  for (const rule of ["Be kind.", "Be brief."]) system = system + " " + rule;\n  system = system + ` Asked: ${question}`;\n  return client');
    expect(pieces(appended)).toEqual([
      ["static", "Rules: Be kind. Be brief. Asked: "],
      ["dynamic", "<question>"],
    ]);
    const prepended = chat("system").replace("return client", 'let system = "Rules.";\n  system = `Asked: ${question}. ` + system;\n  return client');
    expect(pieces(prepended)).toEqual([["dynamic", "<system>"]]);
  });

  it("reads a `forEach` callback over a known list as a `for...of`, and another callback as unknown runs", () => {
    const forEach = chat("system").replace("return client", 'let system = "Rules:";\n  ["Be kind.", "Be brief."].forEach((rule) => {\n    system += " " + rule;\n  });\n  return client');
    expect(pieces(forEach)).toEqual([["static", "Rules: Be kind. Be brief."]]);
    const overRequest = chat("system").replace("return client", 'let system = "Rules:";\n  history.forEach((turn) => (system += turn.summary));\n  return client');
    expect(pieces(overRequest).map(([stability]) => stability)).toEqual(["static", "dynamic"]);
    const callback = chat("system").replace("return client", 'let system = "Rules:";\n  setTimeout(() => (system += " Be kind."));\n  return client');
    expect(pieces(callback)).toEqual([["dynamic", "<system>"]]);
  });

  it("computes joins, trims, concatenation, String.raw and dedent over static parts", () => {
    const code = chat(
      "[HEADER, RULES.trim()].join('\\n') + String.raw`\\d` + dedent`\n    Line one\n      Line two\n  `",
      'import dedent from "dedent";\nconst HEADER = "You help.";\nconst RULES = "  Be kind.  ";',
    );
    expect(pieces(code)).toEqual([["static", "You help.\nBe kind.\\dLine one\n  Line two"]]);
  });

  it("fills a placeholder with the value that replaces it", () => {
    const code = chat('TEMPLATE.replace("{{now}}", new Date().toLocaleTimeString())', 'const TEMPLATE = "Time: {{now}}. Follow the rules.";');
    expect(pieces(code)).toEqual([
      ["static", "Time: "],
      ["volatile", "<new Date().toLocaleTimeString()>"],
      ["static", ". Follow the rules."],
    ]);
  });

  it("fills placeholders from a table through a regex callback", () => {
    const code = chat(
      "TEMPLATE.replace(/\\{\\{(\\w+)\\}\\}/g, (_, name) => VARIABLES[name]())",
      'const TEMPLATE = "Today is {{date}}, {{time}}. {{company}} support rules follow.";\nconst VARIABLES = { date: () => new Date().toDateString(), time: () => new Date().toLocaleTimeString(), company: () => "Acme" };',
    );
    expect(pieces(code).map(([stability, text]) => [stability, text.startsWith("<") ? "<value>" : text])).toEqual([
      ["static", "Today is "],
      ["dynamic", "<value>"],
      ["static", ", "],
      ["volatile", "<value>"],
      ["static", ". Acme support rules follow."],
    ]);
  });

  it("keeps a conditional between static texts stable per deployment, and follows a literal test", () => {
    expect(pieces(chat('process.env.BRIEF ? "Be brief." : "Be thorough."'))[0]?.[0]).toBe("deployment");
    expect(pieces(chat('question ? "Be brief." : "Be thorough."'))[0]?.[0]).toBe("dynamic");
    expect(pieces(chat('false ? "Be brief." : "Be thorough."'))).toEqual([["static", "Be thorough."]]);
  });

  it("binds destructured callback parameters to the parts of a constant", () => {
    const code = chat(
      "`Categories:\\n${Object.entries(CATEGORIES).map(([id, { label }]) => `- ${id}: ${label}`).join(\"\\n\")}`",
      'const CATEGORIES = { billing: { label: "Billing" }, outage: { label: "Outages" } };',
    );
    expect(pieces(code)).toEqual([["static", "Categories:\n- billing: Billing\n- outage: Outages"]]);
  });

  it("survives cycles and self-reference", () => {
    const code = chat("`${a}`", "const a = b;\nconst b = a;");
    expect(pieces(code)[0]?.[0]).toBe("deployment");
  });
});
