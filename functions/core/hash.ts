/**
 * Hex digests of bytes. One-shot hashing (`crypto.hash`, Node ≥ 20.12) is much cheaper than a
 * Hash object per call, which matters at one or two digests per article; older Node falls back.
 */
import * as crypto from "node:crypto";

const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: "hex") => string }).hash;

export function hexDigest(algorithm: "sha256" | "md5", bytes: Uint8Array): string {
  return oneShot
    ? oneShot(algorithm, bytes, "hex")
    : crypto.createHash(algorithm).update(bytes).digest("hex");
}

export function sha256Hex(bytes: Uint8Array): string {
  return hexDigest("sha256", bytes);
}
