/** Publishing failures. Each message says what happened to the site and what to do next. */

export class PublishError extends Error {
  override name = "PublishError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Another publish wrote the manifest between our read and our conditional write. */
export class PublishConflictError extends PublishError {
  override name = "PublishConflictError";
}

/** The stored manifest cannot be read as a feedpub manifest. */
export class ManifestError extends PublishError {
  override name = "ManifestError";
}
