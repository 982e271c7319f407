import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import { Tiktoken, type TiktokenBPE } from "js-tiktoken/lite";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ToolDefinition } from "../src/model/types.js";
import { ENCODINGS, type EncodingName } from "../src/providers/types.js";
import { countTokens } from "../src/tokens/count.js";
import { getEncoder } from "../src/tokens/encoder.js";
import { readRankFile, writeRankFile } from "../src/tokens/rank-file.js";
import { rankTableFromCompressed } from "../src/tokens/rank-build.js";
import { countToolTokens } from "../src/tokens/tools.js";
import { RANKS_DIR } from "../scripts/write-ranks.js";

/** js-tiktoken itself, without the splitting and caching of count.ts. */
const references = new Map<EncodingName, Tiktoken>();
function reference(text: string, encoding: EncodingName): number {
  let tiktoken = references.get(encoding);
  if (!tiktoken) {
    tiktoken = new Tiktoken(createRequire(import.meta.url)(`js-tiktoken/ranks/${encoding}`) as TiktokenBPE);
    references.set(encoding, tiktoken);
  }
  return tiktoken.encode(text, [], []).length;
}

const SAMPLES: Record<string, string> = {
  empty: "",
  prose: "You are a helpful assistant. Answer in one short paragraph, and don't guess: say \"I don't know\".",
  code: 'export async function main(): Promise<void> {\n  const r = await client.chat.completions.create({ model: "gpt-4o", messages });\n  console.log(r.usage?.prompt_tokens_details?.cached_tokens ?? 0);\n}\n',
  numbers: "Order #1234567890 costs $12,345.67 (3.14159%) on 2026-08-21T10:15:00Z.",
  cjk: "你好，世界。これは日本語の文章です。한국어 문장도 있습니다.",
  accents: "Crème brûlée à la façon de São Paulo — naïve café, Ångström, e\u0301 (combining).",
  emoji: "Ship it 🚀🔥 👍🏽 🇫🇷 and the family 👨‍👩‍👧‍👦 with a coder 👩🏾‍💻.",
  zeroWidth: "zero\u200Bwidth\u200Bspace, \uFEFFBOM inside, joiner a\u200Db, and a lone surrogate \uD83D.",
  whitespace: `indent\n${" ".repeat(100)}deep\t\t\ttabs\n\n\n\n${" ".repeat(40)}\n   trailing   `,
  crlf: "line one\r\nline two\r\n\r\n  line four\r\n",
  special: "<|endoftext|> is text here, as are <|endofprompt|> and <|fim_prefix|>.",
  longProse: "The quick brown fox jumps over the lazy dog; ".repeat(40),
  // A run right at the chunk bound is still counted exactly.
  separator: `Section\n${"=".repeat(100)}\n${"-".repeat(120)}\n`,
};

describe("countTokens", () => {
  for (const encoding of ENCODINGS) {
    for (const [name, text] of Object.entries(SAMPLES)) {
      it(`equals js-tiktoken for ${name} (${encoding})`, () => {
        expect(countTokens(text, encoding)).toBe(reference(text, encoding));
      });
    }

    it(`equals js-tiktoken on random text: unicode, emoji, zero-width, whitespace runs, code (${encoding})`, () => {
      const unit = fc.oneof(
        fc.constantFrom(" ", "  ", "\t", "\n", "\r\n", "\u200B", "\u200D", "\uFEFF", "\uD83D", "'s", "'LL", "1234", "é", "e\u0301", "ß", "İ"),
        fc.constantFrom("🚀", "👍🏽", "🇫🇷", "👨‍👩‍👧‍👦", "你好", "日本語", "한국어", "Ελληνικά", "кириллица", "عربى"),
        fc.constantFrom("const", "=>", "{", "}", "();", "`${x}`", "<|endoftext|>", "//", "...", "\\"),
        fc.string({ unit: "grapheme", maxLength: 6 }),
        fc.string({ unit: "binary", maxLength: 4 }),
      );
      fc.assert(
        fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
          const text = units.join("");
          expect(countTokens(text, encoding)).toBe(reference(text, encoding));
        }),
        { numRuns: 300 },
      );
    });

    it(`counts the text around a long run exactly (${encoding})`, () => {
      // 8-letter tokens line up with the chunks, so even the chunked run is exact here.
      const text = `Hello world\n${"a".repeat(1024)}\nand the end.`;
      expect(countTokens(text, encoding)).toBe(reference(text, encoding));
    });
  }

  it("counts pathological runs without hanging", () => {
    // js-tiktoken alone takes minutes on these (its BPE is quadratic in the length of a run).
    expect(countTokens("a".repeat(100_000), "o200k_base")).toBeGreaterThan(0);
    expect(countTokens("😀👨‍👩‍👧".repeat(2_000), "o200k_base")).toBeGreaterThan(0);
    expect(countTokens(" ".repeat(100_000), "cl100k_base")).toBeGreaterThan(0);
  });

  it("never splits a code point when chunking", () => {
    // Each emoji is one token: a chunk cut inside a surrogate pair would add replacement characters.
    const emoji = "😀".repeat(10_000);
    expect(countTokens(emoji, "o200k_base")).toBe(10_000);
  });
});

describe("count cache", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("encodes a repeated text once", () => {
    const encode = vi.spyOn(getEncoder("o200k_base"), "matchTokens");
    const text = "A system prompt that several rules count.";
    const first = countTokens(text, "o200k_base");
    const calls = encode.mock.calls.length;
    expect(calls).toBeGreaterThan(0);
    expect(countTokens(text, "o200k_base")).toBe(first);
    expect(encode).toHaveBeenCalledTimes(calls);
  });

  it("keeps a bounded number of texts, evicting the oldest", () => {
    countTokens("the oldest text", "o200k_base");
    for (let i = 0; i < 10_000; i++) countTokens(`filler ${i}`, "o200k_base");
    const encode = vi.spyOn(getEncoder("o200k_base"), "matchTokens");
    countTokens("filler 9999", "o200k_base");
    expect(encode).not.toHaveBeenCalled();
    countTokens("the oldest text", "o200k_base");
    expect(encode).toHaveBeenCalled();
  });
});

describe("encoder loading", () => {
  it("importing src/tokens loads no ranks; counting loads only the encoding used", async () => {
    vi.resetModules();
    const encoder = await import("../src/tokens/encoder.js");
    const count = await import("../src/tokens/count.js");
    await import("../src/tokens/tools.js");
    await import("../src/tokens/prefix.js");
    expect(encoder.isEncoderLoaded("o200k_base")).toBe(false);
    expect(encoder.isEncoderLoaded("cl100k_base")).toBe(false);
    count.countTokens("", "o200k_base");
    expect(encoder.isEncoderLoaded("o200k_base")).toBe(false);
    count.countTokens("hello", "o200k_base");
    expect(encoder.isEncoderLoaded("o200k_base")).toBe(true);
    expect(encoder.isEncoderLoaded("cl100k_base")).toBe(false);
  });

  it("builds one encoder per encoding", () => {
    expect(getEncoder("cl100k_base")).toBe(getEncoder("cl100k_base"));
  });
});

describe("rank files", () => {
  const ranksOf = (encoding: EncodingName) => createRequire(import.meta.url)(`js-tiktoken/ranks/${encoding}`) as TiktokenBPE;

  it.each(ENCODINGS)("the built %s has js-tiktoken's pattern, every token at its rank, inside a longer key too, and no byte string that is not a token", (encoding) => {
    const { bpe_ranks: ranks, pat_str: pattern } = ranksOf(encoding);
    const file = path.join(RANKS_DIR, `${encoding}.bin`);
    const loaded = readRankFile(readFileSync(file), file);
    expect(loaded.pattern).toBe(pattern);
    let checked = 0;
    for (const line of ranks.split("\n")) {
      const [, first, ...tokens] = line.split(" ");
      tokens.forEach((token, index) => {
        const bytes = atob(token);
        const rank = loaded.table.rank(`<${bytes}>`, 1, bytes.length + 1);
        if (rank !== Number(first) + index) expect({ bytes, rank }).toEqual({ bytes, rank: Number(first) + index });
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(100_000);
    for (const missing of ["\x00\x01\x02\x03\x04\x05\x06", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "\xff\xfe\xfd\xfc"]) expect(loaded.table.rank(missing, 0, missing.length)).toBe(-1);
  });

  it("reads what it writes, from unaligned memory too, and the same little-endian file on a big-endian machine", () => {
    const table = rankTableFromCompressed("! 0 YQ== Yg== YWI= YWJj");
    const file = writeRankFile({ pattern: "\\p{L}+|.", table });
    expect(writeRankFile({ pattern: "\\p{L}+|.", table }, false)).toEqual(file);
    const unaligned = new Uint8Array(file.length + 1).subarray(1);
    unaligned.set(file);
    const unalignedBuffer = Buffer.concat([Buffer.from([0]), file]).subarray(1);
    for (const [data, littleEndianHost] of [[file, true], [unaligned, true], [unalignedBuffer, true], [file, false]] as const) {
      const { pattern, table: read } = readRankFile(data, "test.bin", littleEndianHost);
      expect(pattern).toBe("\\p{L}+|.");
      expect(["a", "b", "ab", "abc", "ba"].map((key) => read.rank(key, 0, key.length))).toEqual([0, 1, 2, 3, -1]);
    }
  });

  it("refuses a file of another format, or cut short, naming it", () => {
    const file = writeRankFile({ pattern: ".", table: rankTableFromCompressed("! 0 YQ==") });
    expect(() => readRankFile(file.subarray(0, file.length - 4), "short.bin")).toThrow("short.bin is not a rank file of this version of prompt-cache: reinstall eslint-plugin-prompt-cache, or run `npm run build` in its repository.");
    expect(() => readRankFile(new Uint8Array(3), "tiny.bin")).toThrow("tiny.bin is not a rank file");
    const other = file.slice();
    other[0] = 0;
    expect(() => readRankFile(other, "other.bin")).toThrow("other.bin is not a rank file");
  });

  it("refuses ranks that are not numbered 0 to n-1: a token's rank is its index", () => {
    expect(() => rankTableFromCompressed("! 0 YQ==\n! 5 Yg==")).toThrow("ranks are not contiguous: a line starts at rank 5 after 1 tokens");
  });
});

describe("countToolTokens", () => {
  // The OpenAI cookbook's example ("How to count tokens with tiktoken", section 7).
  const weather: ToolDefinition = {
    name: "get_current_weather",
    description: "Get the current weather in a given location",
    parameters: [
      { name: "location", type: "string", description: "The city and state, e.g. San Francisco, CA", enum: [] },
      { name: "unit", type: "string", description: "The unit of temperature to return", enum: ["celsius", "fahrenheit"] },
    ],
  };
  const messages = [
    ["system", "You are a helpful assistant that can answer to questions about the weather."],
    ["user", "What's the weather like in San Francisco?"],
  ] as const;

  it("matches the prompt tokens the OpenAI API reported in the cookbook", () => {
    // Per message 3 + role + content, and 3 priming the reply; the API said 101 (gpt-4o), 105 (gpt-4).
    const withMessages = (encoding: EncodingName) =>
      countToolTokens([weather], encoding) + messages.reduce((sum, [role, content]) => sum + 3 + reference(role, encoding) + reference(content, encoding), 3);
    expect(withMessages("o200k_base")).toBe(101);
    expect(withMessages("cl100k_base")).toBe(105);
  });

  it("follows num_tokens_for_tools term by term", () => {
    const tool: ToolDefinition = {
      name: "lookup",
      description: "Finds a record.",
      parameters: [{ name: "kind", type: "string", description: "Which table.", enum: ["user", "order", ""] }],
    };
    const t = (text: string) => reference(text, "o200k_base");
    // func_init + name:description (one trailing period dropped) + prop_init + prop_key
    // + enum_init + per item (enum_item + item) + name:type:description + func_end
    const expected = 7 + t("lookup:Finds a record") + 3 + 3 + -3 + (3 + t("user")) + (3 + t("order")) + 3 + t("kind:string:Which table") + 12;
    expect(countToolTokens([tool], "o200k_base")).toBe(expected);
  });

  it("adds the end once, and nothing without tools", () => {
    const bare: ToolDefinition = { name: "ping", description: "", parameters: [] };
    const one = 10 + reference("ping:", "cl100k_base") + 12; // cl100k_base func_init is 10
    expect(countToolTokens([bare], "cl100k_base")).toBe(one);
    expect(countToolTokens([bare, bare], "cl100k_base")).toBe(2 * one - 12);
    expect(countToolTokens([], "o200k_base")).toBe(0);
  });
});
