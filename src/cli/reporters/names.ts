/** The `--format` values; kept apart from the reporters so that parsing flags loads none of them. */
export const FORMAT_NAMES = ["pretty", "json", "sarif", "markdown", "github"] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}
