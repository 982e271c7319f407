/**
 * Regenerates the rules table of eslint-plugin.md and the header of each docs/rules/<rule>.md
 * from the rules' meta and the plugin's configs. `--check` writes nothing and exits 1 when a
 * file is stale. Usage: `npx tsx scripts/update-docs.ts [--check]`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import plugin, { rules, type PromptCacheConfigName } from "../index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const EMOJI = { recommended: "✅", strict: "🔒", hasSuggestions: "💡", fixable: "🔧" };

const LIST_BEGIN = "<!-- begin auto-generated rules list -->";
const LIST_END = "<!-- end auto-generated rules list -->";
const HEADER_BEGIN = "<!-- begin auto-generated rule header -->";
const HEADER_END = "<!-- end auto-generated rule header -->";

interface RuleRow {
  id: string;
  description: string;
  configs: PromptCacheConfigName[];
  hasSuggestions: boolean;
  fixable: boolean;
}

/** Path relative to the repository root (`eslint-plugin.md`, `docs/rules/<rule>.md`) to its expected text. */
export function generateDocs(): Map<string, string> {
  const rows = ruleRows();
  const docs = new Map<string, string>();
  const pluginDoc = "eslint-plugin.md";
  docs.set(pluginDoc, replaceBetween(read(pluginDoc), LIST_BEGIN, LIST_END, rulesList(rows), pluginDoc));
  for (const row of rows) {
    const file = `docs/rules/${row.id}.md`;
    const current = read(file);
    // A new rule's doc gets its header on top; afterwards only the part between the markers changes.
    docs.set(
      file,
      current.includes(HEADER_BEGIN)
        ? replaceBetween(current, HEADER_BEGIN, HEADER_END, ruleHeader(row), file)
        : `${HEADER_BEGIN}\n${ruleHeader(row)}${HEADER_END}\n${current === "" ? "" : `\n${current}`}`,
    );
  }
  return docs;
}

function ruleRows(): RuleRow[] {
  const configNames = Object.keys(plugin.configs) as PromptCacheConfigName[];
  return Object.entries(rules)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, rule]) => ({
      id,
      description: rule.meta.docs?.description ?? "",
      configs: configNames.filter((name) => plugin.configs[name].rules[`prompt-cache/${id}`] !== undefined),
      hasSuggestions: rule.meta.hasSuggestions === true,
      fixable: rule.meta.fixable !== undefined,
    }));
}

function rulesList(rows: RuleRow[]): string {
  const mark = (on: boolean, emoji: string): string => (on ? emoji : "");
  const lines = [
    `${EMOJI.recommended} in the \`recommended\` config · ${EMOJI.strict} in the \`strict\` config · ` +
      `${EMOJI.hasSuggestions} has editor suggestions · ${EMOJI.fixable} fixable with \`--fix\``,
    "",
    `| Name | Description | ${EMOJI.recommended} | ${EMOJI.strict} | ${EMOJI.hasSuggestions} | ${EMOJI.fixable} |`,
    "| :--- | :---------- | :-: | :-: | :-: | :-: |",
    ...rows.map((row) => {
      const cells = [
        `[${row.id}](docs/rules/${row.id}.md)`,
        row.description.replaceAll("|", "\\|"),
        mark(row.configs.includes("recommended"), EMOJI.recommended),
        mark(row.configs.includes("strict"), EMOJI.strict),
        mark(row.hasSuggestions, EMOJI.hasSuggestions),
        mark(row.fixable, EMOJI.fixable),
      ];
      return `| ${cells.join(" | ")} |`;
    }),
  ];
  return `${lines.join("\n")}\n`;
}

function ruleHeader(row: RuleRow): string {
  const configs = row.configs.map((name) => (name === "all" ? "`all`" : `${EMOJI[name]} \`${name}\``));
  const list = configs.length > 1 ? `${configs.slice(0, -1).join(", ")} and ${configs.at(-1)}` : configs.join("");
  const lines = [
    `# prompt-cache/${row.id}`,
    "",
    `${row.description}.`,
    "",
    `💼 Enabled in the ${list} ${configs.length === 1 ? "config" : "configs"}.`,
  ];
  if (row.hasSuggestions) lines.push("", `${EMOJI.hasSuggestions} Some problems reported by this rule can be fixed by editor suggestions.`);
  if (row.fixable) lines.push("", `${EMOJI.fixable} Some problems reported by this rule can be fixed with \`--fix\`.`);
  return `${lines.join("\n")}\n`;
}

function read(file: string): string {
  const absolute = path.join(ROOT, file);
  return existsSync(absolute) ? readFileSync(absolute, "utf8") : "";
}

function replaceBetween(text: string, begin: string, end: string, content: string, file: string): string {
  const start = text.indexOf(begin);
  const stop = text.indexOf(end, start);
  if (start === -1 || stop === -1) throw new Error(`${file}: missing the markers ${begin} … ${end}`);
  return `${text.slice(0, start + begin.length)}\n${content}${text.slice(stop)}`;
}

function main(check: boolean): number {
  let stale = 0;
  for (const [file, expected] of generateDocs()) {
    if (read(file) === expected) continue;
    stale++;
    if (check) console.error(`${file} is stale; run \`npm run docs\`.`);
    else {
      writeFileSync(path.join(ROOT, file), expected);
      console.log(`updated ${file}`);
    }
  }
  return check && stale > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.includes("--check"));
}
