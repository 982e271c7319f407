/** A mistake in the command line (unknown flag or format, missing path): exit code 2, no stack. */
export class UsageError extends Error {
  override name = "UsageError";
}
