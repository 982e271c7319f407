/** A config or baseline file that cannot be used: exit code 2, with a message naming the file and the key. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
