/**
 * Content-Encoding for the preview server, like CloudFront's automatic compression: br or
 * gzip when the client asks, for text types of at least 1,000 bytes. Compressed bytes are
 * cached by ETag so a file is compressed once per version.
 */
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export type Encoding = "br" | "gzip";

/** CloudFront compresses objects from 1,000 bytes up. */
export const MIN_COMPRESS_BYTES = 1000;

const COMPRESSIBLE = /^(text\/|application\/(.+\+)?(json|xml|javascript)|image\/svg\+xml)/;

export function isCompressible(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType);
}

/** The best encoding the Accept-Encoding header allows (br preferred), honouring `q=0`. */
export function negotiateEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const quality = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split("=");
      if (key === "q" && value !== undefined) q = Number.parseFloat(value) || 0;
    }
    quality.set(name, q);
  }
  const score = (name: Encoding) => quality.get(name) ?? (quality.has("*") ? (quality.get("*") ?? 0) : 0);
  const br = score("br");
  const gzip = score("gzip");
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return undefined;
}

export function compress(body: Uint8Array, encoding: Encoding): Buffer {
  if (encoding === "gzip") return gzipSync(body, { level: 9 });
  return brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 9,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
    },
  });
}

/** A bounded cache of compressed bodies keyed by ETag and encoding (oldest evicted first). */
export class CompressionCache {
  readonly #entries = new Map<string, Buffer>();
  #bytes = 0;

  constructor(readonly maxBytes = 64 * 1024 * 1024) {}

  get(etag: string, body: Uint8Array, encoding: Encoding): Buffer {
    const key = `${encoding}:${etag}`;
    const hit = this.#entries.get(key);
    if (hit) return hit;
    const compressed = compress(body, encoding);
    this.#entries.set(key, compressed);
    this.#bytes += compressed.byteLength;
    for (const [oldKey, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= old.byteLength;
    }
    return compressed;
  }

  get size(): number {
    return this.#entries.size;
  }
}
