/** Validators for the preview server: strong content-hash ETags, Last-Modified, 304 decisions. */
import { createHash } from "node:crypto";

/** Strong ETag for a body: a quoted, truncated sha256 (base64url). */
export function etagFor(body: Uint8Array): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/**
 * The ETag of an encoded representation: a distinct strong tag per Content-Encoding
 * (`"abc"` → `"abc-br"`), since the bytes differ.
 */
export function encodedEtag(etag: string, encoding: string | undefined): string {
  return encoding ? `${etag.slice(0, -1)}-${encoding}"` : etag;
}

function opaque(tag: string): string {
  return tag
    .trim()
    .replace(/^W\//, "")
    .replace(/-(br|gzip)"$/, '"');
}

/** HTTP date of a modification time, at second precision. */
export function httpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString();
}

/**
 * True when a GET/HEAD may be answered 304 (RFC 9110 §13.2.2): If-None-Match, compared weakly
 * and across encodings, wins; If-Modified-Since is used only without it.
 */
export function isNotModified(
  ifNoneMatch: string | undefined,
  ifModifiedSince: string | undefined,
  etag: string,
  modifiedMs: number,
): boolean {
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === "*") return true;
    const mine = opaque(etag);
    return ifNoneMatch.split(",").some((tag) => opaque(tag) === mine);
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    if (Number.isNaN(since)) return false;
    return Math.floor(modifiedMs / 1000) * 1000 <= since;
  }
  return false;
}
