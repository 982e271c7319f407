import { describe, expect, it } from "vitest";
import { createProgress, PROGRESS_DELAY_MS } from "../../src/cli/progress.js";

function terminal(isTTY: boolean, env: Record<string, string> = {}) {
  let written = "";
  return { io: { stderr: { isTTY, columns: 40, write: (text: string) => (written += text) }, env }, written: () => written };
}

describe("createProgress", () => {
  it("draws nothing for a run shorter than the delay", () => {
    const { io, written } = terminal(true);
    let time = 0;
    const progress = createProgress(io, 3, () => time);
    for (const file of ["a.ts", "b.ts", "c.ts"]) {
      time += 10;
      progress.tick(file);
    }
    progress.done();
    expect(written()).toBe("");
  });

  it("after the delay redraws one line in place, cut to the terminal width, at most every 100 ms, and clears it at the end", () => {
    const { io, written } = terminal(true);
    let time = 0;
    const progress = createProgress(io, 1000, () => time);
    time = PROGRESS_DELAY_MS;
    progress.tick("src/a-file-with-a-very-long-name-indeed.ts");
    time += 50;
    progress.tick("src/skipped.ts");
    time += 100;
    progress.tick("src/c.ts");
    progress.done();
    expect(written()).toBe(
      ["\r\u001b[KAnalyzing 1/1000 files  src/a-file-with", "\r\u001b[KAnalyzing 3/1000 files  src/c.ts", "\r\u001b[K"].join(""),
    );
  });

  it.each([
    ["stderr is not a terminal", false, {}],
    ["in CI", true, { CI: "true" }],
  ])("is silent when %s", (_, isTTY, env) => {
    const { io, written } = terminal(isTTY, env);
    let time = 0;
    const progress = createProgress(io, 10, () => time);
    time = 10 * PROGRESS_DELAY_MS;
    progress.tick("a.ts");
    progress.done();
    expect(written()).toBe("");
  });
});
