/*
 * Builders of big and odd inputs, generated at test time (nothing of this size is committed):
 * minified bundles, huge template literals, deep nesting, value bombs.
 */

/** A request the engine recognizes, wrapped around `content`. */
export function request(content: string, prelude = ""): string {
  return `import OpenAI from "openai";\nconst client = new OpenAI();\n${prelude}\nexport function ask(question) {\n  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: ${content} }, { role: "user", content: question }] });\n}\n`;
}

/** Constructs nested `depth` levels deep around a string literal. */
export const NESTING: Record<string, (depth: number) => string> = {
  arrays: (depth) => `${"[".repeat(depth)}"x"${"]".repeat(depth)}`,
  "binary +": (depth) => Array.from({ length: depth + 1 }, (_, index) => `"s${index}"`).join(" + "),
  parentheses: (depth) => `${"(".repeat(depth)}"x"${")".repeat(depth)}`,
  "member chain": (depth) => `prompts${".next".repeat(depth)}`,
  calls: (depth) => `${"f(".repeat(depth)}"x"${")".repeat(depth)}`,
  "method chain": (depth) => `"x"${".trim()".repeat(depth)}`,
  templates: (depth) => `${"`a${".repeat(depth)}"x"${"}b`".repeat(depth)}`,
  conditionals: (depth) => `${"flag ? 'a' : ".repeat(depth)}'z'`,
  objects: (depth) => `${"{ a: ".repeat(depth)}"x"${" }".repeat(depth)}.a`,
  arrows: (depth) => `${"() => ".repeat(depth)}"x"`,
  "logical ||": (depth) => Array.from({ length: depth + 1 }, (_, index) => `v${index}`).join(" || "),
  spreads: (depth) => `${"[...".repeat(depth)}["x"]${"]".repeat(depth)}.join("")`,
};

/** Statements nested `depth` levels deep (blocks, ifs, functions) around a request. */
export const STATEMENT_NESTING: Record<string, (depth: number) => string> = {
  blocks: (depth) => `${"{ ".repeat(depth)}${request('"x"')}${" }".repeat(depth)}`.replace(/export /, ""),
  ifs: (depth) => `${"if (a) ".repeat(depth)}client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: "x" }] });\nimport OpenAI from "openai";\nconst client = new OpenAI();\n`,
  functions: (depth) =>
    `import OpenAI from "openai";\nconst client = new OpenAI();\n${"function f() { ".repeat(depth)}client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: "x" }] });${" }".repeat(depth)}\n`,
};

/**
 * A minified bundle of about `bytes` bytes: one line of many small modules, some of them with a
 * request whose system prompt holds the time (so the file is analyzed and has findings).
 */
export function minifiedBundle(bytes: number): string {
  const parts: string[] = ['"use strict";var OpenAI=require("openai");var client=new OpenAI();'];
  let size = parts[0]!.length;
  for (let index = 0; size < bytes; index++) {
    const part =
      index % 50 === 0
        ? `function ask${index}(q){return client.chat.completions.create({model:"gpt-4o",messages:[{role:"system",content:"Now: "+new Date().toISOString()+" rules ${index}"},{role:"user",content:q}]})}`
        : `var m${index}=function(e,t){var n=e.length>t?e.slice(0,t):e;for(var r=0;r<n.length;r++){if(n[r]===${index % 97})return{role:"x${index}",v:n[r]*2,s:"text ${index}"}}return null};`;
    parts.push(part);
    size += part.length;
  }
  return parts.join("");
}

/** A system prompt of about `bytes` bytes of prose, as one template literal. */
export function hugeTemplateText(bytes: number): string {
  const sentence = "You are a careful assistant. Answer in plain words, cite the sources, and never guess.\n";
  return sentence.repeat(Math.ceil(bytes / sentence.length));
}

/**
 * Values that grow exponentially with little code: a function calling the previous one twice,
 * a text or a list doubled at each step, a list of lists of lists. Each must be cut off, not run.
 */
export const VALUE_BOMBS: Record<string, string> = {
  "function called twice per level": `function f0(x) { return x + "a"; }\n${Array.from({ length: 60 }, (_, index) => `function f${index + 1}(x) { return f${index}(x) + f${index}(x); }`).join("\n")}\n${request("f60(question)")}`,
  "a hundred requests through a function called twice per level (the file's whole budget)": `import OpenAI from "openai";\nconst client = new OpenAI();\nfunction f0(x) { return x + "a"; }\n${Array.from({ length: 60 }, (_, index) => `function f${index + 1}(x) { return f${index}(x) + f${index}(x); }`).join("\n")}\n${Array.from({ length: 100 }, (_, index) => `export function ask${index}(q) { return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: f60(q) + f59(q) }, { role: "user", content: q }] }); }`).join("\n")}\n`,
  "text doubled per step": `const t0 = "0123456789";\n${Array.from({ length: 40 }, (_, index) => `const t${index + 1} = t${index} + t${index};`).join("\n")}\n${request("t40")}`,
  "pieces doubled per step": `export function build(x) {\n${Array.from({ length: 40 }, (_, index) => `  const p${index + 1} = \`\${${index === 0 ? "x" : `p${index}`}}-\${x}-\${${index === 0 ? "x" : `p${index}`}}\`;`).join("\n")}\n  return [{ role: "system", content: p40 }];\n}\n`,
  "list doubled per step": `const l0 = [{ role: "user", content: "x" }];\n${Array.from({ length: 40 }, (_, index) => `const l${index + 1} = [...l${index}, ...l${index}];`).join("\n")}\nexport const messages = [{ role: "system", content: "x" }, ...l40];\n`,
  "joined list doubled per step": `const j0 = ["ab", "cd"];\n${Array.from({ length: 40 }, (_, index) => `const j${index + 1} = [j${index}.join(","), j${index}.join(";")];`).join("\n")}\n${request("j40.join()")}`,
  "lists of lists": `const n0 = ["ab", "cd"];\n${Array.from({ length: 40 }, (_, index) => `const n${index + 1} = [n${index}, n${index}, n${index}];`).join("\n")}\n${request("JSON.stringify(n40)")}`,
  "objects of objects": `const o0 = { a: "x" };\n${Array.from({ length: 40 }, (_, index) => `const o${index + 1} = { a: o${index}, b: o${index}, c: o${index} };`).join("\n")}\n${request("JSON.stringify(o40)")}`,
  "content parts of parts": `const c0 = [{ type: "text", text: "x" }];\n${Array.from({ length: 40 }, (_, index) => `const c${index + 1} = [c${index}, c${index}];`).join("\n")}\nexport const messages = [{ role: "system", content: c40 }, { role: "user", content: "q" }];\n`,
  "lists of lists in a function": `export function build(q) {\n  const n0 = [q, "cd"];\n${Array.from({ length: 40 }, (_, index) => `  const n${index + 1} = [n${index}, n${index}, n${index}];`).join("\n")}\n  return [{ role: "system", content: n40 }, { role: "user", content: JSON.stringify(n40) + n40.join() }];\n}\n`,
  "tools of tools": `import OpenAI from "openai";\nconst client = new OpenAI();\nconst t0 = { type: "function", function: { name: "f", parameters: { type: "object", properties: {} } } };\n${Array.from({ length: 40 }, (_, index) => `const t${index + 1} = [t${index}, t${index}, t${index}];`).join("\n")}\nexport const ask = (q) => client.chat.completions.create({ model: "gpt-4o", tools: t40, response_format: { type: "json_schema", json_schema: t40 }, messages: [{ role: "system", content: "x" }, { role: "user", content: q }] });\n`,
  "replace callback per match": `const template = "${"{{x}} ".repeat(20000)}";\n${request('template.replace(/\\{\\{(\\w+)\\}\\}/g, (_, name) => name.repeat(3))')}`,
  // Nested quantifiers on text that almost matches: V8 backtracks 2^40 times if the pattern runs.
  "a pattern of the analyzed code that backtracks exponentially": request(`"${"a".repeat(40)}!".replace(/^(a+)+$/, "")`),
  "repeat to a gigabyte": request('"x".repeat(1e9)'),
  "pad to a gigabyte": request('"x".padStart(1073741824)'),
};
