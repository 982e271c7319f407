/*
 * The recorder never writes credentials. Header and query-parameter names are matched broadly
 * (any name that mentions a key, token, secret or auth) because a log file is shared and kept;
 * losing a harmless header costs nothing, keeping a secret is a leak. The routing headers the
 * analysis needs (`x-grok-conv-id`, `x-session-affinity`) do not match.
 */
const SECRET_NAME = /auth|api[-_]?key|token|secret|password|passwd|cookie|credential|signature/i;
/** Query parameters that carry credentials: Gemini's `key`, Azure SAS `sig`, plus SECRET_NAME. */
const SECRET_PARAM = /^(key|sig|code)$/i;

/** Headers by lower-case name, without the ones that can carry credentials. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of headers) if (!SECRET_NAME.test(name)) kept[name] = value;
  return kept;
}

/** The URL without user info and without query parameters that can carry credentials. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not absolute: keep only the path, a query could hold anything.
    return url.split("?")[0]!;
  }
  parsed.username = "";
  parsed.password = "";
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_NAME.test(name) || SECRET_PARAM.test(name)) parsed.searchParams.delete(name);
  }
  return parsed.href;
}
