import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Creates a directory under the OS temp dir holding `files` (relative path -> content). */
export function makeTempTree(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "prompt-cache-cli-"));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

export function removeTempTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}
