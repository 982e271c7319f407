import type { Check, CheckContext, Finding } from "./types.js";

/** Runs a check and drops repeats: a prompt builder shared by two requests is reported once. */
export function runCheck<Options extends object>(check: Check<Options>, context: CheckContext, options: Options): Finding[] {
  const seen = new Set<string>();
  return check.run(context, options).filter((finding) => {
    const id = `${finding.messageId}:${finding.node.range[0]}:${finding.node.range[1]}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
