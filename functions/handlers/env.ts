/** Reading the handlers' environment once, at module scope, failing fast with the variable's name. */

export class MissingEnvironmentError extends Error {
  override name = "MissingEnvironmentError";
}

/** The values of `names`, or one error naming every missing (or empty) variable. */
export function readEnv<const N extends string>(
  names: readonly N[],
  env: Record<string, string | undefined> = process.env,
): Record<N, string> {
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new MissingEnvironmentError(
      `feedpub: missing environment variable${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (the stack in infra/ sets ${missing.length > 1 ? "them" : "it"} on the function)`,
    );
  }
  return Object.fromEntries(names.map((name) => [name, env[name] as string])) as Record<N, string>;
}
