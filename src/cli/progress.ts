import type { CliIO } from "./io.js";

export interface Progress {
  /** Called as each file starts, with its report path. */
  tick(file: string): void;
  /** Clears the line, if one was drawn. */
  done(): void;
}

/** Runs shorter than this never show progress, so a quick run leaves no flicker. */
export const PROGRESS_DELAY_MS = 500;
const REDRAW_INTERVAL_MS = 100;

const silent: Progress = { tick: () => {}, done: () => {} };

/**
 * A one-line "Analyzing n/total" display on stderr, only when stderr is a terminal outside CI: never
 * in CI logs, in a pipe or in a file. Redrawn at most every 100 ms, after the first 500 ms.
 */
export function createProgress({ stderr, env }: Pick<CliIO, "stderr" | "env">, total: number, now: () => number = Date.now): Progress {
  if (stderr.isTTY !== true || env.CI || total === 0) return silent;
  const start = now();
  let done = 0;
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    tick(file) {
      done++;
      const time = now();
      if (time - start < PROGRESS_DELAY_MS || time - lastDraw < REDRAW_INTERVAL_MS) return;
      lastDraw = time;
      drawn = true;
      const line = `Analyzing ${done}/${total} files  ${file}`;
      // \r and "erase line" redraw in place; the line is cut to the terminal width so it never wraps.
      stderr.write(`\r\u001b[K${line.slice(0, (stderr.columns ?? 80) - 1)}`);
    },
    done() {
      if (drawn) stderr.write("\r\u001b[K");
    },
  };
}
