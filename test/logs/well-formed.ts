/**
 * A strict well-formedness check for the HTML report, written as XHTML-compatible markup: every
 * element closed (void elements self-closed), attributes quoted, `&` only in entities, `<` only
 * in tags. No browser or parser package: the report is simple enough for this to be exact.
 * Returns the problems found, [] for a well-formed document.
 */
export function wellFormednessProblems(html: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>\n/, "");
  if (body === html) problems.push("missing <!DOCTYPE html>");
  const token = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:#\d+|#x[\da-f]+|amp|lt|gt|quot|apos);)/gi;
  let match: RegExpExecArray | null;
  while ((match = token.exec(body)) !== null) {
    const [text, closing, name, , selfClosing] = match;
    if (text === "<") problems.push(`stray "<" at ${match.index}`);
    else if (text.startsWith("&")) problems.push(`unescaped "&" at ${match.index}`);
    else if (name === undefined || text.startsWith("<!--")) continue;
    else if (closing) {
      const expected = open.pop();
      if (expected !== name) problems.push(`</${name}> closes <${expected ?? "nothing"}> at ${match.index}`);
    } else if (!selfClosing) {
      open.push(name);
      // Raw text elements: their content is not markup.
      if (name === "style" || name === "script") {
        const end = body.indexOf(`</${name}>`, token.lastIndex);
        if (end === -1) problems.push(`unclosed <${name}>`);
        else token.lastIndex = end;
      }
    }
  }
  if (open.length > 0) problems.push(`unclosed: ${open.join(", ")}`);
  return problems;
}
