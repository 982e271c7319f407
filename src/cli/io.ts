/** What the CLI touches of the process, so tests can run it in-process. */
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** FORCE_COLOR wins (except "0"/"false"), then NO_COLOR (any non-empty value), then whether stdout is a terminal. */
export function useColor({ env, stdout }: Pick<CliIO, "env" | "stdout">): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return !env.NO_COLOR && stdout.isTTY === true;
}
