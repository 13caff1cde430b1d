/**
 * The storage port: the few operations the publishing engine needs, implemented by one small
 * driver per backend (memory, a local folder, S3). Paths are POSIX, relative, without a leading
 * slash (`feed.xml`, `articles/quake.jsonld`). ETags are quoted lowercase MD5 hex, as S3 returns
 * them for single-part uploads, so every driver's conditional writes compare the same values.
 */

export interface ObjectMeta {
  /** Quoted MD5 hex of the body, e.g. `"5eb63bbbe01eeed093cb22bb8f5acdc3"`. */
  etag: string;
  size: number;
  contentType?: string;
  cacheControl?: string;
}

export interface StoredObject extends ObjectMeta {
  body: Uint8Array;
}

export interface PutOptions {
  contentType: string;
  cacheControl: string;
  /** Write only if the current object's ETag equals this one (S3 `If-Match`). */
  ifMatch?: string;
  /** `"*"`: write only if no object exists at the path (S3 `If-None-Match: *`). */
  ifNoneMatch?: "*";
  /**
   * Base64 MD5 the caller expects the body to have. Defaults to the MD5 of `body`. Drivers refuse a
   * body that does not match it (S3 verifies it server-side as Content-MD5).
   */
  contentMd5?: string;
}

export interface Storage {
  /** `memory`, `fs` or `s3`. */
  readonly kind: string;
  /** Where objects go, for messages: `memory:`, `/abs/dist/`, `s3://bucket/prefix/`. */
  readonly location: string;
  get(path: string): Promise<StoredObject | undefined>;
  head(path: string): Promise<ObjectMeta | undefined>;
  /**
   * Stores `body`. A driver must not keep a reference to `body` once the promise settles: the
   * caller may reuse its memory (the engine recycles the buffers of spooled documents).
   */
  put(path: string, body: Uint8Array, options: PutOptions): Promise<{ etag: string }>;
  /** Deleting a missing object is not an error (as on S3). */
  delete(path: string): Promise<void>;
  /** Every object path (below the driver's prefix), sorted. */
  list(): Promise<string[]>;
}

export interface StorageErrorOptions {
  path?: string;
  cause?: unknown;
}

/** Base of every storage failure: `name` tells the kind, `path` the object, `cause` the original error. */
export class StorageError extends Error {
  override name = "StorageError";
  readonly path?: string;
  constructor(message: string, options: StorageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.path !== undefined) this.path = options.path;
  }
}

/** A driver's options are wrong (missing bucket, bad endpoint...). Thrown by the factories. */
export class StorageOptionsError extends StorageError {
  override name = "StorageOptionsError";
}

/** A conditional write lost: `ifMatch` did not match, or `ifNoneMatch: "*"` found an object. */
export class PreconditionFailedError extends StorageError {
  override name = "PreconditionFailedError";
}

/** The stored bytes do not match the checksum sent with them (a corrupt upload). */
export class ChecksumMismatchError extends StorageError {
  override name = "ChecksumMismatchError";
}

const SEGMENT = /^[^/\\\0]+$/;

/** Refuses paths that could escape the storage root or that S3 and a folder would treat differently. */
export function checkPath(path: string): string {
  const segments = path.split("/");
  const ok =
    path.length > 0 &&
    path.length <= 1024 &&
    segments.every((s) => SEGMENT.test(s) && s !== "." && s !== "..");
  if (!ok) {
    throw new StorageError(
      `storage: invalid object path ${JSON.stringify(path)} (expected a relative POSIX path such as "articles/quake.jsonld")`,
      { path },
    );
  }
  return path;
}
