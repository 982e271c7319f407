import fs from "node:fs";
import readline from "node:readline";

/** The lines of a file with their 1-based numbers, read as a stream: one line in memory at a time. */
export async function* readLines(file: string): AsyncGenerator<{ text: string; line: number }> {
  const input = fs.createReadStream(file, { encoding: "utf8" });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) yield { text, line: ++line };
  } finally {
    lines.close();
    input.destroy();
  }
}
