/** MD5 helpers shared by the drivers: S3-style ETags and Content-MD5 values. */
import { createHash } from "node:crypto";
import { hexDigest } from "../core/hash.js";

/** Base64 MD5, the form of the Content-MD5 header. */
export function md5Base64(body: Uint8Array): string {
  return createHash("md5").update(body).digest("base64");
}

/** S3-style ETag of a single-part object: quoted lowercase MD5 hex. */
export function etagOf(body: Uint8Array): string {
  return `"${hexDigest("md5", body)}"`;
}

/** The ETag matching a base64 MD5. */
export function etagFromMd5Base64(md5: string): string {
  return `"${Buffer.from(md5, "base64").toString("hex")}"`;
}

/** ETags compare without quotes and weak prefixes, case-insensitively. */
export function sameEtag(a: string, b: string): boolean {
  const clean = (e: string) => e.replace(/^W\//, "").replace(/"/g, "").toLowerCase();
  return clean(a) === clean(b);
}
