/** S3's conditional-write and Content-MD5 rules, shared by the drivers that implement them locally. */
import { etagFromMd5Base64, etagOf, md5Base64, sameEtag } from "./checksum.js";
import type { PutOptions } from "./types.js";
import { ChecksumMismatchError, PreconditionFailedError } from "./types.js";

/** Throws PreconditionFailedError when `options` forbid writing over `current` (an ETag, or undefined when absent). */
export function checkPreconditions(path: string, current: string | undefined, options: PutOptions): void {
  if (options.ifNoneMatch === "*" && current !== undefined) {
    throw new PreconditionFailedError(`storage: ${path} already exists (If-None-Match: *)`, { path });
  }
  if (options.ifMatch !== undefined) {
    if (current === undefined) {
      throw new PreconditionFailedError(`storage: ${path} does not exist (If-Match: ${options.ifMatch})`, {
        path,
      });
    }
    if (!sameEtag(current, options.ifMatch)) {
      throw new PreconditionFailedError(
        `storage: ${path} has ETag ${current}, not ${options.ifMatch} (If-Match)`,
        { path },
      );
    }
  }
}

/** The ETag of `body`; throws ChecksumMismatchError when it does not match `options.contentMd5`. */
export function checkBody(path: string, body: Uint8Array, options: PutOptions): string {
  const etag = etagOf(body);
  if (options.contentMd5 !== undefined && !sameEtag(etag, etagFromMd5Base64(options.contentMd5))) {
    throw new ChecksumMismatchError(
      `storage: ${path}: body MD5 ${md5Base64(body)} does not match Content-MD5 ${options.contentMd5}`,
      { path },
    );
  }
  return etag;
}
