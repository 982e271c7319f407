import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { CallSiteReport } from "../report/types.js";
import { toPosix } from "./paths.js";

/** What analyzing one file gave: its call sites, or why it does not parse. */
export type FileResult = { callSites: CallSiteReport[] } | { parseError: string };

interface CacheEntry {
  /** Hash of the file's text. */
  hash: string;
  result: FileResult;
}

interface CacheFile {
  /** Hash of the tool version and the analysis options; a different key discards every entry. */
  key: string;
  /** Entries by path relative to the cache file, so a cache restored in another checkout still hits. */
  files: Record<string, CacheEntry>;
}

/** `--cache`: results of earlier runs, by file content, tool version and options. */
export class ResultCache {
  private constructor(
    private readonly location: string,
    private readonly key: string,
    private readonly entries: Map<string, CacheEntry>,
  ) {}

  /** Opens the cache file; a missing, unreadable or outdated one starts empty. */
  static open(location: string, key: string): ResultCache {
    let entries = new Map<string, CacheEntry>();
    try {
      const stored = JSON.parse(fs.readFileSync(location, "utf8")) as CacheFile;
      if (stored.key === key) entries = new Map(Object.entries(stored.files));
    } catch {
      // No cache yet, or one this version cannot read: analyze everything again.
    }
    return new ResultCache(location, key, entries);
  }

  get(file: string, hash: string): FileResult | undefined {
    const entry = this.entries.get(this.entryName(file));
    return entry?.hash === hash ? entry.result : undefined;
  }

  set(file: string, hash: string, result: FileResult): void {
    this.entries.set(this.entryName(file), { hash, result });
  }

  /** Writes the cache, without the entries of files that no longer exist. */
  save(): void {
    const directory = path.dirname(this.location);
    const files = Object.fromEntries([...this.entries].filter(([name]) => fs.existsSync(path.resolve(directory, name))).sort(([a], [b]) => (a < b ? -1 : 1)));
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(this.location, JSON.stringify({ key: this.key, files } satisfies CacheFile));
  }

  private entryName(file: string): string {
    return toPosix(path.relative(path.dirname(this.location), file));
  }
}

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
